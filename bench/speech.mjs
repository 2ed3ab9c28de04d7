// The speech service: real-time factor (seconds of audio per second of compute) of voice-command
// recognition and of transcription, through the SDK (bus + worker) and calling the same libraries
// directly on the page, interleaved in one Chromium.
//   recognition, direct: speech-commands (tf.min.js + WASM) on the page, the worker's own spectrogram
//     code (workers/speech/spectrogram.ts, transpiled here) for the features;
//   transcription, direct: Transformers.js (its self-contained bundle) on the page, same model files.
/* global window, location -- used inside page.evaluate */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { ratio, root, stats, table } from './harness.mjs';

const DIRECT = '/__speech-direct/';
const WORDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'go', 'stop'];
const COMMAND_MODEL = '/own-models/speech-commands-inpage-18w/';
const ASR_MODEL_ID = 'speech-asr-inpage-ctc';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

const node = (path) => resolve(root, 'node_modules', path);
const FILES = {
  'tf.min.js': node('@tensorflow/tfjs/dist/tf.min.js'),
  'tf-backend-wasm.min.js': node('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js'),
  'tfjs-backend-wasm.wasm': node('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
  'tfjs-backend-wasm-simd.wasm': node('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
  'tfjs-backend-wasm-threaded-simd.wasm': node('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm'),
  'speech-commands.min.js': node('@tensorflow-models/speech-commands/dist/speech-commands.min.js'),
  'transformers.min.js': node('@huggingface/transformers/dist/transformers.min.js'),
  'ort-wasm-simd-threaded.asyncify.wasm': node('onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.wasm'),
  'ort-wasm-simd-threaded.asyncify.mjs': node('onnxruntime-web/dist/ort-wasm-simd-threaded.asyncify.mjs'),
  'ort-wasm-simd-threaded.jsep.wasm': node('onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.wasm'),
  'ort-wasm-simd-threaded.jsep.mjs': node('onnxruntime-web/dist/ort-wasm-simd-threaded.jsep.mjs'),
};

function readWav(path) {
  const bytes = readFileSync(path);
  let at = 12;
  while (bytes.toString('ascii', at, at + 4) !== 'data') at += 8 + bytes.readUInt32LE(at + 4);
  const count = bytes.readUInt32LE(at + 4) / 2;
  return { samples: Array.from({ length: count }, (_, i) => bytes.readInt16LE(at + 8 + 2 * i) / 32768), sampleRate: bytes.readUInt32LE(24) };
}

export async function run(bench) {
  const fixtures = resolve(root, '../shared/fixtures/audio');
  const words = WORDS.map((w) => readWav(resolve(fixtures, `${w}.wav`)));
  const sentence = readWav(resolve(fixtures, 'sentence-fox.wav'));
  // A 30 s "call": the sentence and the words one after another, for transcription's chunking.
  const call = { samples: [], sampleRate: sentence.sampleRate };
  while (call.samples.length < 30 * call.sampleRate) for (const clip of [sentence, ...words]) call.samples.push(...clip.samples);
  const spectrogram = ts.transpileModule(readFileSync(resolve(root, 'workers/speech/spectrogram.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;

  // Transcription is measured only where the project's own model is in the build (it is not committed
  // when it could not be trained; Whisper's hub is unreachable from the bench machine).
  const withAsr = (await fetch(`${bench.origin}/own-models/${ASR_MODEL_ID}/config.json`)).ok;
  const { context, page } = await bench.openPage('?backend=wasm');
  await page.route(`**${DIRECT}*`, (route) => {
    const name = new URL(route.request().url()).pathname.slice(DIRECT.length);
    if (name === 'spectrogram.js') return route.fulfill({ body: spectrogram, contentType: 'text/javascript' });
    const path = Object.hasOwn(FILES, name) ? FILES[name] : undefined;
    if (!path) return route.fulfill({ status: 404, body: `Not found: ${name}` });
    return route.fulfill({ path, contentType: name.endsWith('.wasm') ? 'application/wasm' : 'text/javascript' });
  });
  for (const name of ['tf.min.js', 'tf-backend-wasm.min.js', 'speech-commands.min.js']) await page.addScriptTag({ url: DIRECT + name });

  const results = await page.evaluate(
    async ({ words, call, rounds, direct, commandModel, asrModel, withAsr }) => {
      const { ai, tf, speechCommands } = window;
      const features = await import(`${direct}spectrogram.js`);
      tf.wasm.setWasmPaths(new URL(direct, location.href).href);
      await tf.setBackend('wasm');
      const recognizer = speechCommands.create('BROWSER_FFT', undefined, `${location.origin}${commandModel}model.json`, `${location.origin}${commandModel}metadata.json`);
      await recognizer.ensureModelLoaded();
      const transformers = withAsr ? await import(`${direct}transformers.min.js`) : undefined;
      if (transformers) {
      transformers.env.allowRemoteModels = false;
      transformers.env.allowLocalModels = true;
      // A path, not a URL: Transformers.js only probes "local" files (tokenizer, processor) on paths.
      transformers.env.localModelPath = '/own-models/';
      transformers.env.useBrowserCache = false;
      transformers.env.backends.onnx.wasm.wasmPaths = new URL(direct, location.href).href;
      }
      const pipe = transformers && (await transformers.pipeline('automatic-speech-recognition', asrModel, { dtype: 'fp32', device: 'wasm' }));

      const clips = words.map((w) => ({ samples: Float32Array.from(w.samples), sampleRate: w.sampleRate }));
      const long = { samples: Float32Array.from(call.samples), sampleRate: call.sampleRate };
      const seconds = (clip) => clip.samples.length / clip.sampleRate;
      const time = async (fn) => {
        const started = performance.now();
        await fn();
        return (performance.now() - started) / 1000;
      };
      const recognizeDirect = async (clip) => {
        const input = tf.tensor4d(features.commandFeatures(clip.samples, clip.sampleRate), [1, 43, 232, 1]);
        await recognizer.recognize(input);
        input.dispose();
      };
      // The SDK transfers (detaches) what it sends: each call gets its own copy.
      const copy = (clip) => ({ samples: clip.samples.slice(), sampleRate: clip.sampleRate });
      const transcribeDirect = async (clip) => {
        const at16 = features.resampleLinear(clip.samples, clip.sampleRate, 16000);
        for (let start = 0; start < at16.length; start += 15 * 16000) await pipe(at16.subarray(start, start + 15 * 16000));
      };

      await ai.speech.recognize(copy(clips[0]));
      await recognizeDirect(clips[0]);
      if (withAsr) {
        await ai.speech.transcribe(copy(long));
        await transcribeDirect(long);
      }
      const out = { recognizeSdk: [], recognizeDirect: [], transcribeSdk: [], transcribeDirect: [] };
      const audio = clips.reduce((sum, c) => sum + seconds(c), 0);
      for (let r = 0; r < rounds; r += 1) {
        out.recognizeSdk.push(audio / (await time(async () => { for (const c of clips) await ai.speech.recognize(copy(c)); })));
        out.recognizeDirect.push(audio / (await time(async () => { for (const c of clips) await recognizeDirect(c); })));
        if (!withAsr) continue;
        out.transcribeSdk.push(seconds(long) / (await time(() => ai.speech.transcribe(copy(long)))));
        out.transcribeDirect.push(seconds(long) / (await time(() => transcribeDirect(long))));
      }
      const replica = (await ai.metrics()).speech.replicas[0];
      return { ...out, audio, call: seconds(long), backend: replica.backend, model: replica.model };
    },
    { words, call, rounds: ROUNDS, direct: DIRECT, commandModel: COMMAND_MODEL, asrModel: ASR_MODEL_ID, withAsr },
  );
  await context.close();

  const row = (name, sdk, direct) => {
    const s = stats(sdk);
    const d = stats(direct);
    return [name, s.median.toFixed(1), d.median.toFixed(1), ratio(s.median / d.median)];
  };
  console.log(`Speech service: real-time factor (audio seconds per compute second, higher is faster), median of ${ROUNDS} interleaved rounds`);
  console.log(`  recognition: the ${WORDS.length} fixture words (${results.audio.toFixed(1)} s), one call each; worker backend ${results.backend}, model ${results.model}`);
  if (withAsr) console.log(`  transcription: a ${results.call.toFixed(1)} s call made of the fixtures, ${ASR_MODEL_ID}, 15 s chunks; TF.js and ONNX Runtime on WASM`);
  table(
    ['', 'SDK (worker)', 'direct on page', 'SDK / direct'],
    [
      row('recognize', results.recognizeSdk, results.recognizeDirect),
      ...(withAsr ? [row('transcribe', results.transcribeSdk, results.transcribeDirect)] : [['transcribe', 'no offline model in this build']]),
    ],
  );
}
