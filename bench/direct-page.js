// Page-side: the image service's model called directly with TF.js on the page, no worker and no bus.
// Loaded as a classic script after tf.min.js and tf-backend-wasm.min.js (see bench/direct.mjs), it
// exposes window.inpageDirect. The preprocessing mirrors workers/image/decode.ts and engine.ts on purpose:
// createImageBitmap straight to 224×224 (medium quality, EXIF orientation) → fromPixels(3) → toFloat
// → x·2/255 − 1 → expandDims → predict → probabilities → top-K with labels.json.
/* global tf, window, location, URL, fetch, createImageBitmap -- a browser script */
(() => {
  let model;
  let labels;
  let size = 224;

  // `threads`: WASM threads, as a replica runs them (left alone, TF.js takes one per core where it may).
  async function load({ backend = 'wasm', wasmPrefix = '/__direct/', modelUrl, labelsUrl, threads }) {
    if (tf.wasm) tf.wasm.setWasmPaths(new URL(wasmPrefix, location.href).href);
    if (tf.wasm && threads) tf.wasm.setThreadsCount(threads);
    if (!(await tf.setBackend(backend))) throw new Error(`TF.js backend "${backend}" is not available on the page.`);
    await tf.ready();
    model = await tf.loadLayersModel(modelUrl);
    labels = await (await fetch(labelsUrl)).json();
    size = model.inputs[0].shape[1] ?? 224;
    return { backend: tf.getBackend(), tfjs: tf.version.tfjs, ...(tf.getBackend() === 'wasm' && { threads: tf.wasm.getThreadsCount() }) };
  }

  /** `use` gets the image (a Blob) decoded straight to the model's size, as the service decodes it. */
  async function decoded(blob, use) {
    const bitmap = await createImageBitmap(blob, { resizeWidth: size, resizeHeight: size, resizeQuality: 'medium', imageOrientation: 'from-image' });
    try {
      return await use(bitmap);
    } finally {
      bitmap.close();
    }
  }

  /** A decoded picture's pixels scaled to the model's range, [-1, 1] (call inside tf.tidy). */
  const scaled = (bitmap) => tf.browser.fromPixels(bitmap, 3).toFloat().mul(2 / 255).add(-1);

  /** Reads a tensor's values and frees it. */
  async function valuesOf(tensor) {
    const values = await tensor.data();
    tensor.dispose();
    return values;
  }

  /** The full probability vector for one image (a Blob). */
  function probabilities(blob) {
    return decoded(blob, (bitmap) => valuesOf(tf.tidy(() => model.predict(scaled(bitmap).expandDims(0)))));
  }

  async function classify(blob, topK = 5) {
    const values = await probabilities(blob);
    const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a]);
    return order.slice(0, topK).map((i) => ({ label: labels[i] ?? `class ${i}`, probability: values[i] }));
  }

  /** The service's path before this round: full-size decode, resize in TF.js, all 1000 values read and sorted. */
  async function classifyAsBefore(blob, topK = 5) {
    const bitmap = await createImageBitmap(blob);
    try {
      const output = tf.tidy(() => {
        const pixels = tf.browser.fromPixels(bitmap, 3).toFloat();
        const resized = tf.image.resizeBilinear(pixels, [size, size], false);
        return model.predict(resized.mul(2 / 255).add(-1).expandDims(0));
      });
      const values = await output.data();
      output.dispose();
      const order = Array.from({ length: values.length }, (_, i) => i).sort((a, b) => values[b] - values[a]);
      return order.slice(0, topK).map((i) => ({ label: labels[i] ?? `class ${i}`, probability: values[i] }));
    } finally {
      bitmap.close();
    }
  }

  let prepared;

  /** The forward pass alone: predict on a batch already in the model's shape, and its output read back. */
  async function forward() {
    prepared ??= tf.randomUniform([1, size, size, 3], -1, 1);
    const output = model.predict(prepared);
    await output.data();
    output.dispose();
  }

  /** One image as the model's input array, preprocessed as in probabilities(). */
  function inputOf(blob) {
    return decoded(blob, (bitmap) => valuesOf(tf.tidy(() => scaled(bitmap))));
  }

  let both;

  /** The probabilities and the pooled embedding (the global average pooling's output) for one input array, in one forward pass. */
  async function run(values) {
    const pooling = () => model.layers.find((layer) => layer.getClassName() === 'GlobalAveragePooling2D').output;
    both ??= tf.model({ inputs: model.inputs, outputs: [model.outputs[0], pooling()] });
    const input = tf.tensor4d(values, [1, size, size, 3]);
    const [probabilities, embedding] = both.predict(input);
    const result = { probabilities: await probabilities.data(), embedding: await embedding.data() };
    tf.dispose([input, probabilities, embedding]);
    return result;
  }

  window.inpageDirect = { load, probabilities, classify, classifyAsBefore, forward, inputOf, run };
})();
