/**
 * Turns a dropped or recorded file into mono samples on the page: workers cannot decode audio
 * (decodeAudioData lives on the main thread). Refuses what should not be decoded, with a reason.
 */
import { InPageError } from '../../../src/core/errors';
import { formatSeconds, MAX_AUDIO_FILE_BYTES, type AudioInput, type Samples } from '../contract';
import { audioExtent } from './extent';

const READABLE = 'WAV, MP3, OGG, FLAC, WebM/Opus or AAC';

/** Samples at `sampleRate` (the browser's resampler is better than a worker's linear one). */
export async function toSamples(audio: AudioInput, sampleRate: number, maxSeconds: number): Promise<Samples> {
  if (!(audio instanceof Blob)) return audio;
  if (audio.size === 0) throw invalid('The file is empty.');
  if (audio.size > MAX_AUDIO_FILE_BYTES) {
    throw new InPageError('TOO_LARGE', `The file is ${mb(audio.size)} MB; audio files up to ${mb(MAX_AUDIO_FILE_BYTES)} MB are accepted.`, 'speech');
  }
  const bytes = await audio.arrayBuffer();
  if (wavWithoutAudio(new DataView(bytes))) throw invalid('The WAV file has a header but no audio data.');
  refuseLongAudio(bytes, sampleRate, maxSeconds);
  let buffer: AudioBuffer;
  try {
    buffer = await new OfflineAudioContext(1, 1, sampleRate).decodeAudioData(bytes);
  } catch {
    throw new InPageError('UNSUPPORTED_FORMAT', `This file is not audio the browser can decode (${READABLE}).`, 'speech');
  }
  if (buffer.duration > maxSeconds) {
    throw new InPageError('TOO_LARGE', `The audio is ${formatSeconds(buffer.duration)} long; this accepts up to ${formatSeconds(maxSeconds)}. Trim or split the recording.`, 'speech', {
      seconds: buffer.duration,
      maxSeconds,
    });
  }
  return { samples: mixToMono(buffer), sampleRate: buffer.sampleRate };
}

/** Decoded audio this size or more is refused before decoding whatever the file says about itself. */
const MAX_DECODED_BYTES = 512 * 1024 * 1024;

const FOUND_BY = { header: 'from its header', counted: 'counted frame by frame', bound: 'at most, from its size', uncountable: '' } as const;

/**
 * Refuses, before decodeAudioData allocates it all, audio that is longer than the call accepts, or whose
 * decoded size (all channels, float32, at the decoder's rate and at the call's) could exceed the budget.
 */
function refuseLongAudio(bytes: ArrayBuffer, sampleRate: number, maxSeconds: number): void {
  const { seconds, frames, channels, how, format } = audioExtent(bytes);
  const details = { seconds, maxSeconds, format, from: how };
  if (how === 'uncountable') {
    throw new InPageError('UNSUPPORTED_FORMAT', `This is ${format} audio, whose length cannot be checked before decoding. Convert it to WAV, MP3, FLAC or Ogg Opus.`, 'speech', details);
  }
  if (how !== 'bound' && seconds > maxSeconds) {
    throw new InPageError(
      'TOO_LARGE',
      `The audio is ${formatSeconds(seconds)} long (${format}, ${FOUND_BY[how]}); this accepts up to ${formatSeconds(maxSeconds)}. Trim or split the recording.`,
      'speech',
      details,
    );
  }
  if (Math.max(frames, seconds * sampleRate) * channels * 4 > MAX_DECODED_BYTES) {
    throw new InPageError(
      'TOO_LARGE',
      how === 'bound'
        ? `This ${format} file does not say how long it is, and at its size it could decode to more audio than the tab can hold. Convert it to WAV, MP3, OGG or FLAC, or trim it.`
        : `This ${format} file's ${channels} channels would decode to more audio than the tab can hold. Mix it down to mono or trim it.`,
      'speech',
      details,
    );
  }
}

export function mixToMono(buffer: AudioBuffer): Float32Array {
  if (buffer.numberOfChannels === 1) return buffer.getChannelData(0).slice();
  const out = new Float32Array(buffer.length);
  for (let c = 0; c < buffer.numberOfChannels; c += 1) {
    const channel = buffer.getChannelData(c);
    for (let i = 0; i < out.length; i += 1) out[i]! += channel[i]! / buffer.numberOfChannels;
  }
  return out;
}

/** A RIFF/WAVE file whose data chunk is missing or empty: browsers report that as a vague decode error. */
function wavWithoutAudio(view: DataView): boolean {
  const tag = (at: number) => (at + 4 <= view.byteLength ? String.fromCharCode(...new Uint8Array(view.buffer, at, 4)) : '');
  if (tag(0) !== 'RIFF' || tag(8) !== 'WAVE') return false;
  for (let at = 12; at + 8 <= view.byteLength; at += 8 + view.getUint32(at + 4, true) + (view.getUint32(at + 4, true) % 2)) {
    if (tag(at) === 'data') return view.getUint32(at + 4, true) === 0 || at + 8 >= view.byteLength;
  }
  return true;
}

function invalid(message: string): InPageError {
  return new InPageError('INVALID_INPUT', message, 'speech');
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(bytes < 1024 * 1024 ? 2 : 0);
}
