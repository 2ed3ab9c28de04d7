// Each shipped MobileNet with float16 weights against its float32 original on the fixture photos, same
// input: top-1 must agree and no class probability may move by more than TOLERANCE. Exits 1 otherwise.
// Run: node models/check-float16-mobilenets.mjs (after models/build-float16-mobilenets.py).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { PNG } from 'pngjs';

const here = resolve(fileURLToPath(import.meta.url), '..');
const PHOTOS = resolve(here, '../tests/fixtures/images');
const FOLDERS = ['mobilenet-v1-0.75-224-imagenet', 'mobilenet-v1-0.25-224-imagenet'];
/** Largest change of any class's probability the float16 weights may cause. */
export const TOLERANCE = 0.01;

function load(folder) {
  const dir = join(here, 'tfjs', folder);
  const json = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  const specs = json.weightsManifest.flatMap((group) => group.weights);
  const data = Buffer.concat(json.weightsManifest.flatMap((group) => group.paths.map((p) => readFileSync(join(dir, p)))));
  const weightData = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength);
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData }));
}

function input(file) {
  const { width, height, data } = PNG.sync.read(readFileSync(join(PHOTOS, file)));
  return tf.tidy(() => {
    const rgb = tf.tensor3d(Uint8Array.from(data), [height, width, 4]).slice([0, 0, 0], [height, width, 3]);
    return tf.image.resizeBilinear(rgb.toFloat(), [224, 224]).div(127.5).sub(1).expandDims(0);
  });
}

await tf.setBackend('cpu');
const labels = JSON.parse(readFileSync(join(here, 'tfjs', FOLDERS[0], 'labels.json'), 'utf8'));
const photos = readdirSync(PHOTOS).filter((f) => f.endsWith('.png')).sort();
let failed = false;
for (const folder of FOLDERS) {
  const [full, half] = await Promise.all([load(folder), load(`${folder}-f16`)]);
  for (const photo of photos) {
    const x = input(photo);
    const [a, b] = [full, half].map((model) => model.predict(x).dataSync());
    let moved = 0;
    for (let i = 0; i < a.length; i++) moved = Math.max(moved, Math.abs(a[i] - b[i]));
    const top = (p) => p.indexOf(Math.max(...p));
    const same = top(a) === top(b);
    failed ||= !same || moved > TOLERANCE;
    console.log(`${folder} ${photo}: float32 ${labels[top(a)]} ${a[top(a)].toFixed(4)}, float16 ${labels[top(b)]} ${b[top(b)].toFixed(4)}, largest change ${moved.toExponential(2)}${same && moved <= TOLERANCE ? '' : '  FAIL'}`);
    x.dispose();
  }
}
process.exit(failed ? 1 : 0);
