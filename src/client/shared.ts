/**
 * One bus per page: every connect() with the same choices (and every custom element) shares one bus, or
 * one hub frame, which stops when the last of them closes.
 */
import { Bus } from '../bus';
import { DEFAULT_LIMITS } from '../bus/limits';
import { openHub } from './hub';
import type { BusLike } from './link';
import { SERVICES } from './registry';

export interface BusChoice {
  /** Absolute URL of a hub page on another origin; absent: the bus runs on this page. */
  hub?: string;
  /** Absolute URL of the model mirror (ignored with a hub, which uses its own origin's). */
  modelBase: string;
  backend?: string;
  models: Record<string, string | readonly string[]>;
  threads?: number;
  memoryBudgets?: Record<string, number>;
}

interface Entry {
  bus: Promise<BusLike>;
  users: number;
}

const buses = new Map<string, Entry>();

/** A request through a hub gives up on its own 5 s after its deadline, in case the hub itself is gone. */
const HUB_WATCHDOG = {
  timeoutMs: (service: string) => SERVICES[service as keyof typeof SERVICES]?.contract.limits?.timeoutMs ?? DEFAULT_LIMITS.timeoutMs,
  graceMs: 5_000,
};

export async function sharedBus(choice: BusChoice): Promise<{ bus: BusLike; release(): void }> {
  const key = JSON.stringify([choice.hub, choice.hub ? '' : choice.modelBase, choice.backend, choice.models, choice.threads, choice.hub ? undefined : choice.memoryBudgets]);
  let entry = buses.get(key);
  if (!entry) {
    // A hub that later goes silent is dropped too, so the next connect() opens a fresh one.
    const forget = () => buses.get(key) === created && buses.delete(key);
    const created: Entry = { bus: choice.hub ? openHub(choice.hub, choice, HUB_WATCHDOG, forget) : Promise.resolve(createLocalBus(choice)), users: 0 };
    // A failed start (a refused origin, a hub that never answered) is not kept: the next connect() tries again.
    created.bus.catch(forget);
    buses.set(key, (entry = created));
  }
  const current = entry;
  current.users += 1;
  let bus: BusLike;
  try {
    bus = await current.bus;
  } catch (error) {
    current.users -= 1;
    throw error;
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    current.users -= 1;
    if (current.users > 0) return;
    if (buses.get(key) === current) buses.delete(key);
    bus.close();
  };
  return { bus, release };
}

/** The bus over every registered service, on this page (the hub page builds its own with this too). */
export function createLocalBus(choice: Omit<BusChoice, 'hub'>): Bus {
  return new Bus(Object.values(SERVICES), { modelBase: choice.modelBase, backend: choice.backend, models: choice.models, threads: choice.threads, memoryBudgets: choice.memoryBudgets });
}
