#!/usr/bin/python3
"""The shipped MobileNets as ONNX graphs, for ONNX Runtime Web: the same weights, another runtime.

Reads each shipped TF.js layers model (models/tfjs/mobilenet-v1-*-224-imagenet-f16/, built by
build-float16-mobilenets.py) and writes the same network layer by layer as ONNX operators, with every
weight byte for byte as TF.js loads it: float16 tensors stay float16 behind a Cast to float32, the rest
stay float32, and batch normalisation stays its own operator (ONNX Runtime folds the casts and the
normalisation into the convolutions when it opens the session, in float32, as TF.js computes them).

The graph reads what the TF.js model reads, a [1, 224, 224, 3] picture scaled to [-1, 1], and gives two
outputs: `probabilities` [1, 1000] (the softmax) and `embedding` [1, C] (the global average pooling that
custom classes compare). Each goes to models/onnx/<folder>/ with its labels, and its manifest
models/<id>-onnx.json names the TF.js model it converts (`options.of`), each file's size and sha256.
`npm run bench runtimes` checks both runtimes agree within 1e-4 and times them side by side.

Run: /usr/bin/python3 models/build-onnx-mobilenet.py  (needs python3-onnx and python3-numpy)
"""
import hashlib
import json
import os
import shutil

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
MODELS = {
    'mobilenet-v1-0.75-224': 'mobilenet-v1-0.75-224-imagenet',
    'mobilenet-v1-0.25-224': 'mobilenet-v1-0.25-224-imagenet',
}
SIZE = 224
# ONNX Runtime Web 1.2x reads IR 8 / opset 13 graphs; nothing here needs a newer operator.
OPSET = 13


def sha256(path):
    with open(path, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()


def read_weights(source):
    """The layers, and name -> (numpy array as stored, whether it is stored as float16)."""
    with open(os.path.join(source, 'model.json')) as f:
        model = json.load(f)
    weights = {}
    for group in model['weightsManifest']:
        data = b''.join(open(os.path.join(source, p), 'rb').read() for p in group['paths'])
        offset = 0
        for spec in group['weights']:
            half = spec.get('quantization', {}).get('dtype') == 'float16'
            dtype, width = ('<f2', 2) if half else ('<f4', 4)
            count = int(np.prod(spec['shape'])) if spec['shape'] else 1
            values = np.frombuffer(data, dtype=dtype, count=count, offset=offset).reshape(spec['shape'])
            offset += width * count
            weights[spec['name']] = (values, half)
    topology = model['modelTopology']
    config = topology.get('model_config', topology)['config']
    layers = config['layers'] if isinstance(config, dict) else config
    return layers, weights


class Graph:
    def __init__(self, weights):
        self.weights = weights
        self.nodes, self.initializers = [], []

    def weight(self, name, arrange):
        """The weight as an initializer, rearranged for ONNX; a float16 one gets a Cast to float32."""
        values, half = self.weights[name]
        arranged = np.ascontiguousarray(arrange(values))
        stored = name.replace('/', '_') + ('_f16' if half else '')
        self.initializers.append(numpy_helper.from_array(arranged, stored))
        if not half:
            return stored
        self.nodes.append(helper.make_node('Cast', [stored], [name.replace('/', '_')], to=TensorProto.FLOAT))
        return name.replace('/', '_')

    def node(self, op, inputs, name, **attributes):
        self.nodes.append(helper.make_node(op, inputs, [name], name=name, **attributes))
        return name


def same_pads(size, kernel, stride):
    """TensorFlow's 'same' padding for one axis: the odd pixel goes at the end."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2, out


def build(model_id, folder):
    source = os.path.join(HERE, 'tfjs', f'{folder}-f16')
    target = os.path.join(HERE, 'onnx', folder)
    layers, weights = read_weights(source)
    g = Graph(weights)
    same = lambda a: a  # noqa: E731
    x = g.node('Transpose', ['input'], 'input_nchw', perm=[0, 3, 1, 2])
    size = SIZE
    for layer in layers:
        kind, config = layer['class_name'], layer['config']
        name = config['name']
        if kind in ('InputLayer', 'Dropout'):
            continue
        if kind in ('Conv2D', 'DepthwiseConv2D'):
            kh, kw = config['kernel_size']
            stride = config['strides'][0]
            if config['padding'] == 'same':
                before, after, out = same_pads(size, kh, stride)
            else:
                before, after, out = 0, 0, (size - kh) // stride + 1
            if kind == 'Conv2D':
                kernel = g.weight(f'{name}/kernel', lambda a: a.transpose(3, 2, 0, 1))
                group = 1
            else:
                kernel = g.weight(f'{name}/depthwise_kernel', lambda a: a.transpose(2, 3, 0, 1))
                group = weights[f'{name}/depthwise_kernel'][0].shape[2]
            inputs = [x, kernel] + ([g.weight(f'{name}/bias', same)] if config.get('use_bias') else [])
            x = g.node('Conv', inputs, name, kernel_shape=[kh, kw], strides=[stride, stride], pads=[before, before, after, after], group=group)
            size = out
        elif kind == 'BatchNormalization':
            params = [g.weight(f'{name}/{p}', same) for p in ('gamma', 'beta', 'moving_mean', 'moving_variance')]
            x = g.node('BatchNormalization', [x, *params], name, epsilon=config['epsilon'])
        elif kind == 'Activation':
            if config['activation'] == 'relu6':
                x = g.node('Clip', [x, 'relu6_min', 'relu6_max'], name)
            elif config['activation'] == 'softmax':
                x = g.node('Softmax', [x], name, axis=1)
            else:
                raise SystemExit(f'{name}: activation {config["activation"]} is not converted')
        elif kind == 'GlobalAveragePooling2D':
            x = g.node('GlobalAveragePool', [x], name)
            g.node('Flatten', [x], 'embedding', axis=1)
        elif kind == 'Reshape':
            # [1, 1, 256] before the last convolution is the pooling's [1, 256, 1, 1] already; [1000] is the end.
            if len(config['target_shape']) == 1:
                x = g.node('Flatten', [x], 'probabilities', axis=1)
        else:
            raise SystemExit(f'{name}: layer {kind} is not converted')
    if x != 'probabilities':
        raise SystemExit(f'the network ends in {x}, not the probabilities')
    g.initializers += [numpy_helper.from_array(np.array(0, np.float32), 'relu6_min'), numpy_helper.from_array(np.array(6, np.float32), 'relu6_max')]
    classes, features = weights['conv_preds/kernel'][0].shape[3], weights['conv_preds/kernel'][0].shape[2]
    graph = helper.make_graph(
        g.nodes,
        model_id,
        [helper.make_tensor_value_info('input', TensorProto.FLOAT, [1, SIZE, SIZE, 3])],
        [helper.make_tensor_value_info('probabilities', TensorProto.FLOAT, [1, classes]), helper.make_tensor_value_info('embedding', TensorProto.FLOAT, [1, features])],
        g.initializers,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name='inpage models/build-onnx-mobilenet.py')
    model.ir_version = 8
    onnx.checker.check_model(model, full_check=True)
    os.makedirs(target, exist_ok=True)
    onnx.save(model, os.path.join(target, 'model.onnx'))
    shutil.copyfile(os.path.join(source, 'labels.json'), os.path.join(target, 'labels.json'))
    files = ['model.onnx', 'labels.json']
    with open(os.path.join(target, 'SHA256SUMS'), 'w') as f:
        f.writelines(f'{sha256(os.path.join(target, name))}  {name}\n' for name in sorted(files))

    with open(os.path.join(HERE, f'{model_id}.json')) as f:
        converted = json.load(f)
    manifest = {
        'id': f'{model_id}-onnx',
        'name': f'{converted["name"]}, as ONNX',
        'service': converted['service'],
        'task': converted['task'],
        'runtime': 'onnx',
        'license': converted['license'],
        'ships': f'models/onnx/{folder}/',
        'files': [{'path': name, 'bytes': os.path.getsize(os.path.join(target, name)), 'sha256': sha256(os.path.join(target, name))} for name in files],
        'labels': 'labels.json',
        'input': converted['input'],
        'options': {'of': model_id},
    }
    with open(os.path.join(HERE, f'{model_id}-onnx.json'), 'w') as f:
        f.write(json.dumps(manifest, indent=2) + '\n')
    print(f'{target}/model.onnx: {os.path.getsize(os.path.join(target, "model.onnx")) / 1e6:.2f} MB, {len(g.nodes)} nodes')


for model_id, folder in MODELS.items():
    build(model_id, folder)
