/**
 * A replica's idle work (timing another backend, writing history): steps queued by the service run one at
 * a time once the replica has had no request for a moment, never beside one.
 */

/** How long a replica must have been without a request before idle work starts. */
export const IDLE_AFTER_MS = 1_500;

export class IdleScheduler {
  private readonly steps: Array<() => Promise<void>> = [];
  private current: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastRequestAt = performance.now();
  private holds = 0;

  /**
   * @param canRun whether the replica could run a step now (ready, nothing in flight)
   * @param busy told when a step starts and ends (the dashboard shows background work)
   */
  constructor(
    private readonly name: string,
    private readonly canRun: () => boolean,
    private readonly busy: (busy: boolean) => void,
  ) {}

  add(step: () => Promise<void>): void {
    this.steps.push(step);
    this.schedule();
  }

  /** Live use (a microphone session) until the release is called: no step starts meanwhile. */
  hold(): () => void {
    this.holds += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds -= 1;
      this.requestEnded();
    };
  }

  /** A request arrived: it waits only for the step under way. */
  async requestStarted(): Promise<void> {
    this.lastRequestAt = performance.now();
    while (this.current) await this.current;
  }

  requestEnded(): void {
    this.lastRequestAt = performance.now();
    this.schedule();
  }

  schedule(): void {
    if (this.timer || !this.steps.length) return;
    const wait = Math.max(50, IDLE_AFTER_MS - (performance.now() - this.lastRequestAt));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.holds > 0) return; // the last release schedules again
      if (!this.canRun() || performance.now() - this.lastRequestAt < IDLE_AFTER_MS) return this.schedule();
      const step = this.steps.shift()!;
      this.busy(true);
      this.current = step()
        .catch((error: unknown) => console.warn(`InPage ${this.name}: idle work failed`, error))
        .finally(() => {
          this.current = undefined;
          this.busy(false);
          this.schedule();
        });
    }, wait);
  }
}
