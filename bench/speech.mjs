// The speech service, side by side in one Chromium:
//   recognition: real-time factor (audio seconds per compute second) of voice commands through the SDK
//     (bus + worker) and calling speech-commands directly on the page (the worker's spectrogram code,
//     transpiled here, for the features);
//   transcription: word error rate on the committed LibriVox recordings, and the real-time factor of
//     transcribe() in the worker against the same PocketSphinx WASM module and options called on the page;
//   captions: latency from the end of a spoken word to its partial on screen (bench/speech-captions.mjs);
//   command accuracy per source, real people and synthetic held-out voices (bench/speech-commands.mjs);
//   transcription word error rate per source, worker against native whole-file decoding (bench/speech-transcripts.mjs).
/* global window, location -- used inside page.evaluate */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { LIBRIVOX, wordErrorRate } from '../tests/fixtures/librivox.mjs';
import { captionLatency } from './speech-captions.mjs';
import { commandAccuracy } from './speech-commands.mjs';
import { transcriptErrors } from './speech-transcripts.mjs';
import { ms, ratio, readWav, record, root, stats, table } from './harness.mjs';

const DIRECT = '/__speech-direct/';
const WORDS = ['yes', 'no', 'up', 'down', 'left', 'right', 'go', 'stop'];
const COMMAND_MODEL = '/models/speech-commands-inpage-18w/';
const SPHINX = JSON.parse(readFileSync(resolve(root, 'models/speech-pocketsphinx-en-us.json'), 'utf8'));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

const node = (path) => resolve(root, 'node_modules', path);
const FILES = {
  'tf.min.js': node('@tensorflow/tfjs/dist/tf.min.js'),
  'tf-backend-wasm.min.js': node('@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.min.js'),
  'tfjs-backend-wasm.wasm': node('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
  'tfjs-backend-wasm-simd.wasm': node('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
  'tfjs-backend-wasm-threaded-simd.wasm': node('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm'),
  'speech-commands.min.js': node('@tensorflow-models/speech-commands/dist/speech-commands.min.js'),
  'pocketsphinx.mjs': resolve(root, 'workers/speech/pocketsphinx/pocketsphinx.mjs'),
  'pocketsphinx.wasm': resolve(root, 'workers/speech/pocketsphinx/pocketsphinx.wasm'),
};

export async function run(bench) {
  const fixtures = resolve(root, 'tests/fixtures/audio');
  const words = WORDS.map((w) => readWav(resolve(fixtures, `${w}.wav`)));
  const readings = LIBRIVOX.map((r) => readWav(r.path));
  const spectrogram = ts.transpileModule(readFileSync(resolve(root, 'workers/speech/spectrogram.ts'), 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  const { hmm, lm, dict, args } = SPHINX.options;
  // What the worker's transcription decoder gets (workers/speech/sphinx.ts, recognizers.ts).
  const sphinxOptions = `-hmm /model/${hmm} -lm /model/${lm} -dict /model/${dict} -samprate 16000 ${args} -remove_silence no`;

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
    async ({ words, readings, rounds, direct, commandModel, sphinxBase, sphinxFiles, sphinxOptions }) => {
      const { ai, tf, speechCommands } = window;
      const features = await import(`${direct}spectrogram.js`);
      tf.wasm.setWasmPaths(new URL(direct, location.href).href);
      await tf.setBackend('wasm');
      const recognizer = speechCommands.create('BROWSER_FFT', undefined, `${location.origin}${commandModel}model.json`, `${location.origin}${commandModel}metadata.json`);
      await recognizer.ensureModelLoaded();
      // The same WASM module and model files the worker uses, called directly.
      const { default: createPocketSphinx } = await import(`${direct}pocketsphinx.mjs`);
      const sphinx = await createPocketSphinx({ print: () => {}, printErr: () => {} });
      for (const path of sphinxFiles) {
        sphinx.FS.mkdirTree(`/model/${path}`.slice(0, `/model/${path}`.lastIndexOf('/')));
        sphinx.FS.writeFile(`/model/${path}`, new Uint8Array(await (await fetch(`${sphinxBase}${path}`)).arrayBuffer()));
      }
      const decoder = sphinx.ccall('inpage_ps_init', 'number', ['string'], [sphinxOptions]);

      const clips = words.map((w) => ({ samples: Float32Array.from(w.samples), sampleRate: w.sampleRate }));
      const texts = readings.map((r) => ({ samples: Float32Array.from(r.samples), sampleRate: r.sampleRate }));
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
      const transcribeDirect = (clip) => {
        const pointer = sphinx._malloc(clip.samples.length * 2);
        sphinx.HEAP16.set(Int16Array.from(clip.samples, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767)))), pointer >> 1);
        sphinx._inpage_ps_start(decoder);
        sphinx._inpage_ps_process(decoder, pointer, clip.samples.length, 1);
        sphinx._inpage_ps_end(decoder);
        sphinx._free(pointer);
        return sphinx.UTF8ToString(sphinx._inpage_ps_hypothesis(decoder));
      };
      // The SDK transfers (detaches) what it sends: each call gets its own copy.
      const copy = (clip) => ({ samples: clip.samples.slice(), sampleRate: clip.sampleRate });

      await ai.speech.recognize(copy(clips[0]));
      await recognizeDirect(clips[0]);
      const first = [];
      for (const t of texts) first.push(await ai.speech.transcribe(copy(t)));
      const directTexts = texts.map(transcribeDirect);
      const out = { recognizeSdk: [], recognizeDirect: [], transcribeSdk: [], transcribeDirect: [] };
      const audio = clips.reduce((sum, c) => sum + seconds(c), 0);
      const speech = texts.reduce((sum, c) => sum + seconds(c), 0);
      for (let r = 0; r < rounds; r += 1) {
        out.recognizeSdk.push(audio / (await time(async () => { for (const c of clips) await ai.speech.recognize(copy(c)); })));
        out.recognizeDirect.push(audio / (await time(async () => { for (const c of clips) await recognizeDirect(c); })));
        out.transcribeSdk.push(speech / (await time(async () => { for (const t of texts) await ai.speech.transcribe(copy(t)); })));
        out.transcribeDirect.push(speech / (await time(async () => texts.forEach(transcribeDirect))));
      }
      const replica = (await ai.metrics()).speech.replicas[0];
      return { ...out, audio, speech, sdkTexts: first.map((t) => t.text), asrModel: first[0].model, directTexts, backend: replica.backend, model: replica.model };
    },
    {
      words,
      readings,
      rounds: ROUNDS,
      direct: DIRECT,
      commandModel: COMMAND_MODEL,
      sphinxBase: `/${SPHINX.ships}`,
      sphinxFiles: SPHINX.files.map((f) => f.path),
      sphinxOptions,
    },
  );
  await context.close();
  const latency = await captionLatency(bench);
  const perSource = await bench.openPage('?backend=wasm&model=pocketsphinx-en-us');
  const commands = await commandAccuracy(perSource.page);
  const transcripts = await transcriptErrors(perSource.page);
  await perSource.context.close();

  const wer = (texts) => wordErrorRate(LIBRIVOX.map((r, i) => ({ reference: r.transcript, hypothesis: texts[i] })));
  const row = (name, sdk, direct) => {
    const s = stats(sdk);
    const d = stats(direct);
    return [name, s.median.toFixed(2), d.median.toFixed(2), ratio(s.median / d.median)];
  };
  console.log(`Speech service: real-time factor (audio seconds per compute second, above 1 is faster than real time), median of ${ROUNDS} interleaved rounds`);
  console.log(`  recognition: the ${WORDS.length} fixture words (${results.audio.toFixed(1)} s), one call each; worker backend ${results.backend}, model ${results.model}; the worker also asks PocketSphinx for its second opinion, the page runs the model alone`);
  console.log(`  transcription: the ${LIBRIVOX.length} LibriVox recordings (${results.speech.toFixed(1)} s of real read speech), one call each, ${results.asrModel}`);
  table(
    ['', 'SDK (worker)', 'direct on page', 'SDK / direct'],
    [row('recognize', results.recognizeSdk, results.recognizeDirect), row('transcribe', results.transcribeSdk, results.transcribeDirect)],
  );
  console.log(`\nWord error rate on the LibriVox recordings (${LIBRIVOX.reduce((n, r) => n + r.transcript.split(' ').length, 0)} words; target at most 0.25)`);
  table(['', 'word error rate'], [['transcribe (worker)', wer(results.sdkTexts).toFixed(3)], ['same decoder on the page', wer(results.directTexts).toFixed(3)]].map((r) => [r[0], r[1], '']));
  console.log(`\nCaption latency: end of a spoken word (its time in the offline transcript) to the partial showing it, ${latency.words} words of ${latency.sentences} recordings through the fake microphone (target under 500 ms median); the decoder ran at ${latency.decoderSpeed.toFixed(2)}× real time in the same run (below 1 the captions fall behind)`);
  table(['', 'median', 'p95'], [['caption latency (ms)', ms(latency.median), ms(latency.p95)]]);

  console.log(`\nVoice commands through the SDK (the shipped model with PocketSphinx's second opinion), per source; target at least 0.8 right on real voices`);
  table(
    ['source', 'commands right', 'other words taken for a command'],
    commands.map((c) => [c.source, `${(c.right / c.commands).toFixed(2)} (${c.right}/${c.commands})`, c.others ? `${(c.takenForCommand / c.others).toFixed(2)} (${c.takenForCommand}/${c.others})` : '-']),
  );
  console.log(`\nTranscription word error rate per source: the worker against Debian's pocketsphinx_batch decoding each file whole with default settings (same en-us model; '-' where it is not installed); phone line = band-limited to 300-3,400 Hz at 8 kHz`);
  table(['source', 'worker', 'native'], transcripts.map((t) => [`${t.source} (${t.clips} files, ${t.words} words)`, t.worker.toFixed(3), t.native === undefined ? '-' : t.native.toFixed(3)]));
  for (const c of commands) record('speech', `commands right: ${c.source}`, c.right / c.commands, c.source.startsWith('people') ? { target: '>= 0.8' } : {});
  for (const t of transcripts) {
    record('speech', `word error rate, worker: ${t.source}`, t.worker);
    if (t.native !== undefined) record('speech', `word error rate, native: ${t.source}`, t.native);
  }

  const rtf = (samples) => stats(samples).median;
  record('speech', 'transcribe: real-time factor in the worker', rtf(results.transcribeSdk), { unit: 'x', target: '> 1' });
  record('speech', 'transcribe: worker / direct on the page (real-time factor)', rtf(results.transcribeSdk) / rtf(results.transcribeDirect), { unit: 'x' });
  record('speech', 'recognize: worker / direct on the page (real-time factor)', rtf(results.recognizeSdk) / rtf(results.recognizeDirect), { unit: 'x' });
  record('speech', 'word error rate, 5 LibriVox recordings (worker)', wer(results.sdkTexts), { target: '<= 0.25' });
  record('speech', 'caption latency, median', latency.median, { unit: 'ms', target: '< 500 ms' });
  record('speech', 'caption latency, p95', latency.p95, { unit: 'ms' });
}
