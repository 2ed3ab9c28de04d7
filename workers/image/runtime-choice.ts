/**
 * The classifier on the faster of two runtimes, TF.js and ONNX Runtime Web, chosen the way backends are:
 * ONNX Runtime's wasm is one more candidate beside TF.js's backends, timed on the service's own warm-up in
 * the background (background-backend.ts) and kept only when proven faster. It runs the classifier's ONNX
 * conversion (a manifest whose `options.of` names it); TF.js stays on wasm beside it for the detector.
 * TF.js's wasm serves first, on every visit, so a first answer never waits for the second runtime's
 * download or compile: a device that measured ONNX Runtime faster moves to it once idle (`startsLater`).
 */
import { InPageError } from '../../src/core/errors';
import type { BackendCandidate } from '../../src/runtime/backends/backend';
import type { ModelManifest } from '../../src/runtime/models/manifest';
import type { Classifier } from './classifier';

export const ONNX_WASM = 'onnx-wasm';

export interface RuntimeChoice {
  /** TF.js's backends, then ONNX Runtime's wasm. */
  candidates: BackendCandidate[];
  /** The TF.js classifier, answering on whichever runtime is active. */
  serve(classifier: Classifier): Classifier;
}

/** `openConversion` loads and opens a conversion (bytes through the runtime's loader). */
export function runtimeChoice(
  tfCandidates: readonly BackendCandidate[],
  conversions: readonly ModelManifest[],
  openConversion: (manifest: ModelManifest) => Promise<Classifier>,
): RuntimeChoice {
  let onnxActive = false;
  /** The TF.js classifier, once loaded (at start-up the backend is activated before the model loads). */
  let served: Classifier | undefined;
  let converted: Promise<Classifier> | undefined;
  /** The served classifier's conversion, opened once (again after a failure). */
  const conversion = (classifier: Classifier) =>
    (converted ??= (async () => {
      const manifest = conversions.find((m) => m.options?.of === classifier.manifest.id);
      if (!manifest) throw new InPageError('MODEL_UNAVAILABLE', `${classifier.manifest.id} has no ONNX conversion`, 'image', { model: classifier.manifest.id });
      return openConversion(manifest);
    })().catch((error: unknown) => {
      converted = undefined;
      throw error;
    }));
  const wasm = tfCandidates.find((c) => c.name === 'wasm');
  const candidates: BackendCandidate[] = [
    ...tfCandidates.map((candidate) => ({
      ...candidate,
      activate: async () => {
        if (!(await candidate.activate())) return false;
        onnxActive = false;
        return true;
      },
    })),
    {
      name: ONNX_WASM,
      startsLater: true,
      activate: async () => {
        if (!wasm || !(await wasm.activate())) return false;
        // Opened here, not in the timed warm-up: the download and session set-up are not the model's speed.
        if (served) await conversion(served);
        onnxActive = true;
        return true;
      },
    },
  ];
  return {
    candidates,
    serve: (classifier) => {
      served = classifier;
      const active = () => (onnxActive ? conversion(classifier) : Promise.resolve(classifier));
      return {
        manifest: classifier.manifest,
        classify: async (picture, topK) => (await active()).classify(picture, topK),
        embed: async (picture) => (await active()).embed(picture),
      };
    },
  };
}
