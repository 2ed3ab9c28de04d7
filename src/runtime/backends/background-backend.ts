/**
 * Answer first, measure in the background. A service with no remembered backend serves at once on the
 * first one that works (the candidates' order puts wasm first), then times every backend on its own
 * warm-up only while it is idle (see Runtime.whenIdle), and switches only to one proven faster.
 * A software-emulated GPU backend is never timed: its first run compiles for seconds, and a request
 * arriving meanwhile would wait for it (an idle step is let finish).
 * What it measured, and why each backend was kept or dropped, goes to describe() as it happens.
 */
import { activate, type BackendCandidate, type BackendChoice } from './backend';
import type { Runtime } from '../serving/serve';
import { readSetting, writeSetting, type ServiceDb } from '../storage/store';

/** Another backend must beat the serving one by this factor: a switch costs a weight copy and a compile. */
const SWITCH_FACTOR = 0.8;
/** Stop timing a backend whose first run is this many times slower than the serving one's. */
const GIVE_UP_FACTOR = 10;

export interface BackgroundBackendOptions {
  runtime: Runtime;
  db: ServiceDb;
  /** The service database setting that remembers the choice ('backend', or 'backend:<model id>'). */
  settingKey: string;
  /** The model's name, for progress messages. */
  label: string;
  candidates: readonly BackendCandidate[];
  /** One inference on realistic input on the active backend. */
  warmup: () => Promise<unknown>;
  /** Told each time the measurement moves on or the backend changes; default: the replica's describe(). */
  report?: (choice: BackendChoice) => void;
  /** Timed runs per backend after the untimed first one. */
  runs?: number;
}

/**
 * Activates the backend to serve on and returns at once (after one warm-up run that compiles it);
 * with nothing remembered, the rest is timed later, when the replica is idle.
 */
export async function startBackend(options: BackgroundBackendOptions): Promise<BackendChoice> {
  const { runtime, db, settingKey, candidates, warmup } = options;
  const report = options.report ?? ((choice: BackendChoice) => runtime.describe(describeChoice(choice)));
  const forced = runtime.init.backend;
  if (forced) {
    await activate(candidates, forced);
    await warmup();
    const choice: BackendChoice = { backend: forced, timings: {}, how: 'forced', note: `${forced}: forced (the page's ?backend= or the dashboard)` };
    report(choice);
    return choice;
  }
  const remembered = await readSetting<BackendChoice>(db, settingKey);
  const rememberedCandidate = candidates.find((c) => c.name === remembered?.backend);
  if (remembered && rememberedCandidate?.startsLater) return startThenMove(options, remembered, report);
  if (remembered && rememberedCandidate) {
    try {
      await activate(candidates, remembered.backend);
      await warmup();
      const choice: BackendChoice = { ...remembered, how: 'remembered', note: `${remembered.note ?? remembered.backend} (remembered from this device's earlier measurement)` };
      report(choice);
      return choice;
    } catch {
      // The remembered backend stopped working here: start afresh.
    }
  }
  const failures: Record<string, string> = {};
  const serving = await serveOnFirst(options, candidates, failures);
  const choice: BackendChoice = {
    backend: serving,
    timings: {},
    failures,
    how: 'provisional',
    note: `${serving}: answering at once; the other backends are timed when the service is idle`,
  };
  report(choice);
  measureWhenIdle(options, choice, report);
  return choice;
}

/** Activates the first candidate whose warm-up runs; why each one before it could not goes to `failures`. */
async function serveOnFirst(options: BackgroundBackendOptions, candidates: readonly BackendCandidate[], failures: Record<string, string>): Promise<string> {
  for (const candidate of candidates) {
    const activated = await tryActivate(candidate);
    if (activated !== true) {
      failures[candidate.name] = activated;
      continue;
    }
    try {
      await options.warmup();
      return candidate.name;
    } catch (error) {
      failures[candidate.name] = reasonOf(error);
    }
  }
  throw new Error(`No compute backend could run ${options.label} on this device: ${Object.entries(failures).map(([n, r]) => `${n}: ${r}`).join('; ')}`);
}

/**
 * A remembered backend that starts later (a second runtime): answer on the first of the others that works,
 * and move to the remembered one in the first idle step. If it no longer runs, stay, and measure afresh.
 */
async function startThenMove(options: BackgroundBackendOptions, remembered: BackendChoice, report: (c: BackendChoice) => void): Promise<BackendChoice> {
  const { runtime, candidates, warmup } = options;
  const failures: Record<string, string> = {};
  const first = await serveOnFirst(options, candidates.filter((c) => !c.startsLater), failures);
  const choice: BackendChoice = { ...remembered, backend: first, how: 'provisional', note: `${first}: answering at once; ${remembered.backend} (remembered from this device's earlier measurement) takes over when idle` };
  report({ ...choice });
  runtime.whenIdle(async () => {
    try {
      await activate(candidates, remembered.backend);
      await warmup();
      Object.assign(choice, { ...remembered, how: 'remembered', note: `${remembered.note ?? remembered.backend} (remembered from this device's earlier measurement)` });
      report({ ...choice });
    } catch (error) {
      await activate(candidates, first);
      await warmup();
      Object.assign(choice, { timings: {}, failures: { ...failures, [remembered.backend]: reasonOf(error) }, how: 'provisional' });
      measureWhenIdle(options, choice, report);
    }
  });
  return choice;
}

/** Queues one idle step per backend, then a last step that keeps or switches and remembers the result. */
function measureWhenIdle(options: BackgroundBackendOptions, choice: BackendChoice, report: (c: BackendChoice) => void): void {
  const { runtime, db, settingKey, candidates, warmup, label, runs = 3 } = options;
  const failures = (choice.failures ??= {});
  const skipped = (choice.skipped ??= {});
  const timings = choice.timings;
  const back = async () => {
    await activate(candidates, choice.backend);
    await warmup(); // moves the weights back before the next request needs them
  };
  // The serving backend first: it sets the bar the others are cut short against.
  const ordered = [...candidates].sort((a, b) => Number(b.name === choice.backend) - Number(a.name === choice.backend));
  for (const candidate of ordered) {
    if (candidate.name in failures) continue;
    runtime.whenIdle(async () => {
      report({ ...choice, note: `${choice.backend}: serving; timing ${label} on ${candidate.name} while idle` });
      const other = candidate.name !== choice.backend;
      const emulation = other ? await candidate.emulated?.() : undefined;
      if (emulation) {
        skipped[candidate.name] = emulation;
        return;
      }
      try {
        const activated = other ? await tryActivate(candidate) : true;
        if (activated !== true) {
          failures[candidate.name] = activated;
          return;
        }
        const first = await timed(warmup);
        const bar = timings[choice.backend];
        if (other && bar !== undefined && first > bar * GIVE_UP_FACTOR) {
          timings[candidate.name] = first;
        } else {
          let best = Infinity;
          for (let i = 0; i < runs; i += 1) best = Math.min(best, await timed(warmup));
          timings[candidate.name] = best;
        }
      } catch (error) {
        failures[candidate.name] = reasonOf(error);
      } finally {
        if (other) await back();
      }
    });
  }
  runtime.whenIdle(async () => {
    const serving = choice.backend;
    const fastest = Object.entries(timings).sort((a, b) => a[1] - b[1])[0]?.[0] ?? serving;
    const proven = fastest !== serving && timings[fastest]! < (timings[serving] ?? Infinity) * SWITCH_FACTOR;
    if (proven) {
      try {
        await activate(candidates, fastest);
        await warmup();
        choice.backend = fastest;
      } catch (error) {
        failures[fastest] = reasonOf(error);
        await back();
      }
    }
    choice.how = 'measured';
    choice.note = explain(choice, serving);
    await writeSetting(db, settingKey, { backend: choice.backend, timings, failures, skipped, how: 'measured', note: choice.note });
    report({ ...choice });
  });
}

/** "wasm chosen: 31 ms; webgl dropped: 2.4 s (77× slower); webgpu dropped: failed (…)". */
function explain(choice: BackendChoice, before: string): string {
  const best = choice.timings[choice.backend];
  const parts = [`${choice.backend} chosen${best !== undefined ? `: ${ms(best)} per warm-up` : ''}${choice.backend !== before ? ` (switched from ${before})` : ''}`];
  for (const [name, time] of Object.entries(choice.timings)) {
    if (name === choice.backend) continue;
    const factor = best ? time / best : 1;
    parts.push(`${name} dropped: ${ms(time)}${factor >= 1 ? ` (${factor.toFixed(1)}× slower)` : ' (not enough faster to switch)'}`);
  }
  for (const [name, reason] of Object.entries(choice.skipped ?? {})) parts.push(`${name} skipped: ${reason}`);
  for (const [name, reason] of Object.entries(choice.failures ?? {})) parts.push(`${name} dropped: ${reason}`);
  return parts.join('; ');
}

/** The replica report's fields for a choice. */
export function describeChoice(choice: BackendChoice) {
  return {
    backend: choice.backend,
    backendTimings: { ...choice.timings },
    backendFailures: { ...choice.failures },
    backendSkipped: { ...choice.skipped },
    backendNote: choice.note,
  };
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(value < 10 ? 1 : 0)} ms`;
}

/** True, or why the candidate cannot serve here. */
async function tryActivate(candidate: BackendCandidate): Promise<true | string> {
  try {
    return (await candidate.activate()) || 'not offered by this device';
  } catch (error) {
    return reasonOf(error);
  }
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}
