#!/usr/bin/python3
"""The shipped MobileNets with float16 weights: half the bytes a first image answer downloads.

Reads each float32 TF.js layers model under models/tfjs/ (the files as they came, see SOURCES.md), writes
its weights rounded to float16 (round to nearest even) into one shard, with TF.js's own
`quantization: {"dtype": "float16"}` so the loader widens them back to float32, and points the model's
manifest (models/<id>.json) at the new folder with each file's size and sha256. The topology and labels are
copied unchanged. `node models/check-float16-mobilenets.mjs` compares both on the fixture photos.

Run: /usr/bin/python3 models/build-float16-mobilenets.py  (needs python3-numpy)
"""
import hashlib
import json
import os
import shutil

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = {
    'mobilenet-v1-0.75-224': 'mobilenet-v1-0.75-224-imagenet',
    'mobilenet-v1-0.25-224': 'mobilenet-v1-0.25-224-imagenet',
}
WEIGHTS = 'weights.bin'
# Batch-norm statistics and biases are a small share of the bytes and the most sensitive to rounding:
# tensors smaller than this stay float32.
SMALLEST_HALVED = 4096


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def build(model_id, folder):
    source = os.path.join(HERE, 'tfjs', folder)
    target = os.path.join(HERE, 'tfjs', f'{folder}-f16')
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(source, 'model.json')) as f:
        model = json.load(f)
    specs, chunks = [], []
    for group in model['weightsManifest']:
        data = b''.join(open(os.path.join(source, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            if spec['dtype'] != 'float32' or 'quantization' in spec:
                raise SystemExit(f'{folder}: {spec["name"]} is not plain float32')
            count = int(np.prod(spec['shape'])) if spec['shape'] else 1
            values = np.frombuffer(data, dtype='<f4', count=count, offset=offset)
            offset += 4 * count
            if count < SMALLEST_HALVED:
                chunks.append(values.tobytes())
                specs.append(spec)
                continue
            if not np.all(np.isfinite(values.astype(np.float16))):
                raise SystemExit(f'{folder}: {spec["name"]} does not fit in float16')
            chunks.append(values.astype('<f2').tobytes())
            specs.append({**spec, 'quantization': {'dtype': 'float16', 'original_dtype': 'float32'}})
        if offset != len(data):
            raise SystemExit(f'{folder}: group {group["paths"]} has {len(data) - offset} bytes no weight names')
    with open(os.path.join(target, WEIGHTS), 'wb') as f:
        f.write(b''.join(chunks))
    with open(os.path.join(target, 'model.json'), 'w') as f:
        json.dump({'modelTopology': model['modelTopology'], 'weightsManifest': [{'paths': [WEIGHTS], 'weights': specs}]}, f, separators=(',', ':'))
    shutil.copyfile(os.path.join(source, 'labels.json'), os.path.join(target, 'labels.json'))

    files = ['model.json', 'labels.json', WEIGHTS]
    with open(os.path.join(target, 'SHA256SUMS'), 'w') as f:
        f.writelines(f'{sha256(os.path.join(target, name))}  {name}\n' for name in sorted(files))
    manifest_path = os.path.join(HERE, f'{model_id}.json')
    with open(manifest_path) as f:
        manifest = json.load(f)
    manifest['ships'] = f'models/tfjs/{folder}-f16/'
    manifest['files'] = [{'path': name, 'bytes': os.path.getsize(os.path.join(target, name)), 'sha256': sha256(os.path.join(target, name))} for name in files]
    with open(manifest_path, 'w') as f:
        f.write(json.dumps(manifest, indent=2) + '\n')
    print(f'{model_id}: {sum(len(c) for c in chunks) / 1e6:.2f} MB of weights (float16 but the smallest) in {target}')


for model_id, folder in MODELS.items():
    build(model_id, folder)
