/**
 * A decoded picture as a model's input batch of one: its pixels read once from a canvas kept for the
 * purpose and scaled to the model's range in the same pass, as `[1, height, width, 3]` floats. TF.js gets
 * them as one tensor (sparing fromPixels' own canvas and copy and the cast, multiply and add kernels after
 * it); ONNX Runtime reads the same array.
 */
import { tf } from '../../src/runtime/backends/tf';

let canvas: OffscreenCanvas | undefined;
let context: OffscreenCanvasRenderingContext2D | undefined;

/** The picture's RGB values in `range`, row by row; a picture of another size is scaled by the canvas. */
export function inputValues(picture: ImageBitmap, width: number, height: number, range: readonly [number, number]): Float32Array {
  const rgba = readPixels(picture, width, height);
  const scale = (range[1] - range[0]) / 255;
  const offset = range[0];
  const values = new Float32Array(width * height * 3);
  for (let i = 0, o = 0; i < rgba.length; i += 4, o += 3) {
    values[o] = rgba[i]! * scale + offset;
    values[o + 1] = rgba[i + 1]! * scale + offset;
    values[o + 2] = rgba[i + 2]! * scale + offset;
  }
  return values;
}

/** `[1, height, width, 3]` floats in `range`, as a TF.js tensor. */
export function inputTensor(picture: ImageBitmap, width: number, height: number, range: readonly [number, number]): tf.Tensor4D {
  return tf.tensor4d(inputValues(picture, width, height, range), [1, height, width, 3], 'float32');
}

function readPixels(picture: ImageBitmap, width: number, height: number): Uint8ClampedArray {
  if (!canvas || !context || canvas.width !== width || canvas.height !== height) {
    canvas = new OffscreenCanvas(width, height);
    // Read back on every call: a CPU-backed canvas spares a GPU round trip per picture.
    context = canvas.getContext('2d', { willReadFrequently: true })!;
  }
  context.clearRect(0, 0, width, height);
  context.drawImage(picture, 0, 0, width, height);
  return context.getImageData(0, 0, width, height).data;
}
