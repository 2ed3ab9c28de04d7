/**
 * The speech service's API: what the bus validates and what the SDK's `ai.speech` offers. Audio reaches
 * the worker as samples (a worker cannot decode files or open the microphone): the SDK decodes a dropped
 * file and captures the microphone on the page (the SDK's page-side speech code).
 */
import { z } from 'zod';
import { defineContract, returns } from '../../src/core/protocol';

/** Voice commands are short: a longer clip is refused before any work, with this limit in the message. */
export const MAX_COMMAND_SECONDS = 30;
/** Transcription takes calls, chunked; beyond this the page is told to split the recording. */
export const MAX_TRANSCRIBE_SECONDS = 600;
/** The rate speech-commands BROWSER_FFT models read (the page decodes files straight to it). */
export const COMMAND_SAMPLE_RATE = 44_100;
/** The rate speech-to-text models read. */
export const TRANSCRIBE_SAMPLE_RATE = 16_000;
export const MIN_SAMPLE_RATE = 8000;
export const MAX_SAMPLE_RATE = 192_000;
/** Files above this are refused before decoding (10 minutes of 48 kHz stereo WAV is about 110 MB). */
export const MAX_AUDIO_FILE_BYTES = 128 * 1024 * 1024;
/** A length as people read it in an error: seconds, or minutes from two minutes up. */
export function formatSeconds(s: number): string {
  return s >= 120 ? `${(s / 60).toFixed(1)} minutes` : `${s.toFixed(1)} s`;
}
/** The labels the speech-commands models use for "nothing said" and "a word not in the vocabulary". */
export const BACKGROUND = '_background_noise_';
export const UNKNOWN = '_unknown_';

/** Mono samples in [-1, 1] at their own rate; the worker resamples. */
export interface Samples {
  samples: Float32Array;
  sampleRate: number;
}

export type AudioInput = Blob | Samples;

const samples = z.object({
  samples: z.custom<Float32Array>((value) => value instanceof Float32Array, { message: 'Expected audio samples as a Float32Array (mono, -1..1).' }),
  sampleRate: z
    .number()
    .int()
    .min(MIN_SAMPLE_RATE, `The sample rate must be at least ${MIN_SAMPLE_RATE} Hz.`)
    .max(MAX_SAMPLE_RATE, `The sample rate must be at most ${MAX_SAMPLE_RATE} Hz.`),
});

const word = z
  .string()
  .trim()
  .min(1, 'A word needs a name.')
  .max(40, 'Word names are at most 40 characters.')
  .refine((w) => !w.startsWith('_') || w === BACKGROUND, 'Names starting with "_" are reserved (except _background_noise_).');

/** A command typed as text: one to three words of letters (an apostrophe allowed), said as written. */
const typedWord = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z']+( [a-z']+){0,2}$/, 'A typed command is one to three words of letters, e.g. "lights" or "lights on".')
  .max(40, 'Typed commands are at most 40 characters.');

declare module '../../src/core/errors' {
  interface ServiceErrorCodes {
    /** The person or the browser refused access (microphone). */
    PERMISSION_DENIED: true;
    /** A device the call needs is absent or could not be started (no microphone). */
    DEVICE_UNAVAILABLE: true;
  }
}

export const speechContract = defineContract({
  name: 'speech',
  methods: {
    /** Scores of each word for the loudest second of the audio, best first. */
    recognize: {
      args: ['audio'],
      input: z.object({ audio: samples, topK: z.number().int().min(1).max(100).default(5), session: z.string().min(1).optional() }),
      output: returns<WordScore[]>(),
      // A window of a listen session goes to the replica that holds the session.
      sticky: true,
    },
    /** The vocabulary in use and whether it is the custom-word model. */
    vocabulary: { idempotent: true, args: [], input: z.object({}), output: returns<Vocabulary>() },
    /** A command from a typed word, no recording needed: its pronunciation comes from the CMU dictionary or its spelling. */
    addWord: { needs: 'storage', args: ['word'], input: z.object({ word: typedWord }), output: returns<TypedWord>() },
    /** One example of a custom word (or of background noise), kept in the service's database. */
    addExample: { needs: 'storage', args: ['word', 'audio'], input: z.object({ word, audio: samples }), output: returns<ExampleCounts>() },
    /** How many examples each custom word has. */
    listExamples: { needs: 'storage', idempotent: true, args: [], input: z.object({}), output: returns<ExampleCounts>() },
    /** Deletes a custom word with all its examples, or a typed word. */
    deleteWord: { needs: 'storage', args: ['word'], input: z.object({ word }), output: returns<ExampleCounts>() },
    /** Trains the custom-word model on the stored examples, with progress per epoch; switches to it. */
    train: { needs: 'storage', args: [], input: z.object({ epochs: z.number().int().min(1).max(200).default(30) }), output: returns<TrainResult>() },
    /** Switches between the 18-word model ('base') and the trained custom words ('custom'). */
    useModel: { needs: 'storage', args: ['model'], input: z.object({ model: z.enum(['base', 'custom']) }), output: returns<Vocabulary>() },
    /** The trained custom-word model with its examples, as one file. */
    exportModel: { needs: 'storage', idempotent: true, args: [], input: z.object({}), output: returns<Blob>() },
    importModel: {
      needs: 'storage',
      args: ['file'],
      input: z.object({ file: z.custom<Blob>((v) => v instanceof Blob, { message: 'Expected the exported file (a Blob).' }) }),
      output: returns<Vocabulary>(),
    },
    /** Speech to text, chunked with progress; publishes `speech.transcribed` with the transcript. */
    transcribe: { args: ['audio'], input: z.object({ audio: samples }), output: returns<Transcript>() },
    history: { needs: 'storage', idempotent: true, args: [], input: z.object({ limit: z.number().int().min(1).max(1000).default(20) }), output: returns<HistoryEntry[]>() },
    /** Opens a listen session (what `listen()` on the page drives): its replica stays in live use until stopped. */
    listenStart: { args: [], input: z.object({}), output: returns<{ session: string }>(), session: 'opens' },
    listenStop: { args: ['session'], input: z.object({ session: z.string().min(1) }), output: returns<void>(), sticky: true, session: 'closes' },
    /** Live captions (what `caption()` on the page drives): a decoder session in the replica that started it. */
    captionStart: { args: [], input: z.object({}), output: returns<{ session: string; model: string }>(), session: 'opens' },
    /** One block of microphone audio for a session: answers the partial words and any closed utterances. */
    captionFeed: { args: ['session', 'audio'], input: z.object({ session: z.string().min(1), audio: samples }), output: returns<CaptionUpdate>(), sticky: true },
    captionStop: { args: ['session'], input: z.object({ session: z.string().min(1) }), output: returns<CaptionUpdate>(), sticky: true, session: 'closes' },
  },
  topics: { 'speech.transcribed': returns<Transcript>() },
  // The microphone, captured on the page (client/): refused access, or no device to capture from.
  errors: ['PERMISSION_DENIED', 'DEVICE_UNAVAILABLE'],
  // Training blocks a replica for seconds: allow it before calling the replica hung.
  limits: { concurrency: 2, maxQueue: 64, timeoutMs: 300_000, heartbeatTimeoutMs: 60_000, memoryBudgetBytes: 512 * 2 ** 20 },
});

export interface WordScore {
  label: string;
  score: number;
}

export interface Vocabulary {
  model: 'base' | 'custom';
  /** The manifest id of the 18-word model, or the custom model's name. */
  name: string;
  words: string[];
  /** Whether a trained custom-word model exists to switch to. */
  customAvailable: boolean;
  /** Commands added by typing, heard alongside `words`. */
  typed: TypedWord[];
}

export interface TypedWord {
  word: string;
  /** The ARPAbet phones it is listened for ("L AY T S"). */
  phones: string;
  /** 'dictionary': the CMU dictionary knows it; 'spelling': letter-to-sound rules guessed it. */
  source: 'dictionary' | 'spelling';
}

export type ExampleCounts = Record<string, number>;

export interface EpochLog {
  epoch: number;
  loss: number;
  accuracy: number;
}

export interface TrainResult {
  words: string[];
  epochs: EpochLog[];
}

export interface TimedWord {
  word: string;
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
}

export interface TranscriptChunk {
  text: string;
  /** Start and end in seconds. */
  timestamp: [number, number];
  /** Each word's time, where the model gives them (PocketSphinx does, Whisper here does not). */
  words?: TimedWord[];
}

/** What transcribe() answers and `speech.transcribed` carries. */
export interface Transcript {
  text: string;
  chunks: TranscriptChunk[];
  /** The manifest id of the model that transcribed. */
  model: string;
  seconds: number;
}

/** What a caption session answers to each block of audio. */
export interface CaptionUpdate {
  /** The words of the utterance in progress, best guess so far ('' between utterances). */
  partial: string;
  /** Utterances a pause has just ended, in order: their words will not change. */
  finals: string[];
}

export interface CaptionOptions {
  /** The words of the utterance in progress, each time they change; `at` is when they arrived (performance.now()). */
  onPartial?: (caption: { text: string; at: number }) => void;
  /** An utterance that has ended (at a pause, or on stop). */
  onFinal?: (caption: { text: string; at: number }) => void;
  /** Input level 0..1 per captured block, for a level meter. */
  onLevel?: (level: number) => void;
  /** Called once if captions stop on their own (microphone unplugged, service failure). */
  onError?: (error: Error) => void;
}

export interface Command extends WordScore {
  at: number;
}

export interface HistoryEntry {
  id: number;
  at: number;
  label: string;
  score: number;
  model: string;
}

export interface ListenOptions {
  /** A word fires onCommand when its score reaches this (default 0.75). */
  threshold?: number;
  onCommand?: (command: Command) => void;
  /** Each analysed window's best word, below the threshold too (after onCommand when both fire): to tune the threshold. */
  onHeard?: (top: WordScore) => void;
  /** Input level 0..1, about 30 times a second, for a level meter. */
  onLevel?: (level: number) => void;
  /** Called once if listening stops on its own (microphone unplugged, service failure). */
  onError?: (error: Error) => void;
  /** Milliseconds after a command during which the same word does not fire again (default 1000). */
  suppressMs?: number;
}
