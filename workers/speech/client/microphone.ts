/**
 * The microphone on the page (workers have no navigator.mediaDevices): getUserMedia with the browser's
 * voice processing off (it distorts what the model hears) → an AudioWorklet → blocks of samples.
 */
import { InPageError } from '../../../src/core/errors';

/** Samples per block posted from the audio thread: about 43 ms at 48 kHz. */
const BLOCK = 2048;
/**
 * A new AudioContext stays suspended, its resume() never settling, until the person has interacted with
 * the page (autoplay rules) and, in Firefox, for good where there is no audio output device: past this
 * wait the call is refused with the likely reason instead of hanging.
 */
const RESUME_WAIT_MS = 10_000;

// Inline, so the worklet needs no separate file in the build or the embedder's server.
const PROCESSOR = `
class InPageCapture extends AudioWorkletProcessor {
  constructor(options) { super(); this.size = options.processorOptions.block; this.block = new Float32Array(this.size); this.filled = 0; }
  process(inputs) {
    const input = inputs[0];
    if (input && input.length) {
      const channels = input.length;
      for (let i = 0; i < input[0].length; i++) {
        let v = 0;
        for (let c = 0; c < channels; c++) v += input[c][i];
        this.block[this.filled++] = v / channels;
        if (this.filled === this.size) {
          this.port.postMessage(this.block, [this.block.buffer]);
          this.block = new Float32Array(this.size);
          this.filled = 0;
        }
      }
    }
    return true;
  }
}
registerProcessor('inpage-capture', InPageCapture);
`;

export interface Microphone {
  sampleRate: number;
  stop(): Promise<void>;
}

export interface MicrophoneOptions {
  /** The capture rate (the browser resamples to it); default the device's own. */
  sampleRate?: number;
  /** Milliseconds per block (default about 43 at 48 kHz); smaller is quicker to react. */
  blockMs?: number;
}

export async function openMicrophone(onBlock: (samples: Float32Array) => void, onEnded: () => void, options: MicrophoneOptions = {}): Promise<Microphone> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new InPageError('DEVICE_UNAVAILABLE', 'This page cannot use a microphone: the browser offers none here (it needs https or localhost).', 'speech');
  }
  let stream: MediaStream;
  try {
    stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  } catch (error) {
    throw microphoneError(error);
  }
  const context = new AudioContext(options.sampleRate ? { sampleRate: options.sampleRate } : {});
  const block = options.blockMs ? Math.round((options.blockMs / 1000) * context.sampleRate) : BLOCK;
  let running: boolean;
  try {
    const url = URL.createObjectURL(new Blob([PROCESSOR], { type: 'text/javascript' }));
    await context.audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
    const source = context.createMediaStreamSource(stream);
    const node = new AudioWorkletNode(context, 'inpage-capture', { numberOfOutputs: 1, processorOptions: { block } });
    node.port.onmessage = (event: MessageEvent<Float32Array>) => onBlock(event.data);
    // The node writes silence; connecting it keeps the graph pulling it on every browser.
    source.connect(node).connect(context.destination);
    running = await Promise.race([context.resume().then(() => true), new Promise<boolean>((done) => setTimeout(() => done(false), RESUME_WAIT_MS))]);
  } catch (error) {
    stream.getTracks().forEach((t) => t.stop());
    void context.close();
    throw new InPageError('DEVICE_UNAVAILABLE', `The microphone could not be started: ${error instanceof Error ? error.message : String(error)}`, 'speech');
  }
  if (!running && context.state !== 'running') {
    stream.getTracks().forEach((t) => t.stop());
    void context.close();
    throw audioHeld();
  }
  stream.getAudioTracks()[0]?.addEventListener('ended', onEnded);
  return {
    sampleRate: context.sampleRate,
    stop: async () => {
      stream.getTracks().forEach((t) => t.stop());
      await context.close();
    },
  };
}

function audioHeld(): InPageError {
  if (navigator.userActivation?.hasBeenActive) {
    return new InPageError('DEVICE_UNAVAILABLE', 'The browser did not start audio processing even after a click on the page; it may have no audio output device (speakers or headphones) to run it on.', 'speech');
  }
  return new InPageError('PERMISSION_DENIED', 'The browser keeps audio paused until the person interacts with the page: start the microphone from a click or a key press.', 'speech');
}

function microphoneError(error: unknown): InPageError {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'SecurityError') {
    return new InPageError('PERMISSION_DENIED', 'Microphone access was refused. Allow the microphone for this site in the browser\'s settings, then try again.', 'speech');
  }
  if (name === 'NotFoundError' || name === 'OverconstrainedError') {
    return new InPageError('DEVICE_UNAVAILABLE', 'No microphone was found. Connect one, or drop an audio file instead.', 'speech');
  }
  const detail = error instanceof Error ? error.message : String(error);
  return new InPageError('DEVICE_UNAVAILABLE', `The microphone could not be opened (${name || detail}); it may be in use by another application.`, 'speech');
}

/** Records `seconds` from the microphone (an example for a custom word). */
export async function recordClip(seconds: number, onLevel?: (level: number) => void): Promise<{ samples: Float32Array; sampleRate: number }> {
  const blocks: Float32Array[] = [];
  let total = 0;
  let finish: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (finish = resolve));
  let need = Infinity;
  const mic = await openMicrophone(
    (block) => {
      blocks.push(block);
      total += block.length;
      onLevel?.(level(block));
      if (total >= need) finish();
    },
    finish,
  );
  need = Math.round(seconds * mic.sampleRate);
  await done;
  await mic.stop();
  const samples = new Float32Array(Math.min(total, need));
  let at = 0;
  for (const block of blocks) {
    samples.set(block.subarray(0, samples.length - at), at);
    at += Math.min(block.length, samples.length - at);
  }
  return { samples, sampleRate: mic.sampleRate };
}

/** A block's loudness for a meter: -60 dBFS (RMS) and below is 0, full scale is 1. */
export function level(block: Float32Array): number {
  let sum = 0;
  for (const v of block) sum += v * v;
  const db = 10 * Math.log10(sum / block.length + 1e-12);
  return Math.min(1, Math.max(0, (db + 60) / 60));
}
