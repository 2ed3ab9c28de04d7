/**
 * <inpage-voice-commands threshold="0.75">: a button that listens on the microphone (captured on this page)
 * and fires an inpage-result event for each word the speech service hears. `start()` and `stop()` from code.
 */
import { InPageElement, type ResultDetail } from './base';

const CSS = `
.row { display: flex; align-items: center; gap: 0.75em; }
meter { flex: 1; height: 0.6em; }
.heard { margin: 0.5em 0 0; font-size: 1.3em; font-weight: 600; min-height: 1.4em; }
`;

const HTML = `
<div class="row"><button type="button" part="button" aria-pressed="false">Start listening</button><meter part="level" min="0" max="1" value="0" aria-label="Microphone level"></meter></div>
<p class="heard" part="result" aria-live="polite"></p>
`;

export class VoiceCommandsElement extends InPageElement {
  protected readonly service = 'speech';
  private readonly button: HTMLButtonElement;
  private readonly meter: HTMLMeterElement;
  private readonly heard: HTMLParagraphElement;
  private stopListening: (() => Promise<void>) | undefined;

  constructor() {
    super(CSS, HTML);
    this.button = this.root.querySelector('button')!;
    this.meter = this.root.querySelector('meter')!;
    this.heard = this.root.querySelector('.heard')!;
    this.button.addEventListener('click', () => void (this.stopListening ? this.stop() : this.start()));
  }

  /** The score (0 to 1) a word needs before it counts; default 0.75. */
  get threshold(): number {
    const value = Number(this.getAttribute('threshold') ?? 0.75);
    return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0.75;
  }

  /** Opens the microphone (the browser asks the person) and listens until stop(). */
  async start(): Promise<void> {
    if (this.stopListening) return;
    this.button.disabled = true;
    this.setStatus('Starting…');
    try {
      const stop = await (await this.ai()).speech.listen({
        threshold: this.threshold,
        onLevel: (level) => (this.meter.value = level),
        onCommand: (command) => {
          this.heard.textContent = command.label;
          this.emit<ResultDetail>('inpage-result', { service: this.service, method: 'listen', value: command });
        },
        // Listening stopped on its own (microphone gone, service failed).
        onError: (error) => {
          this.listening(undefined);
          this.fail(error);
        },
      });
      this.listening(stop);
      this.setStatus('Listening…');
    } catch (error) {
      this.fail(error);
    } finally {
      this.button.disabled = false;
    }
  }

  async stop(): Promise<void> {
    const stop = this.stopListening;
    this.listening(undefined);
    await stop?.();
    this.setStatus('');
  }

  override disconnectedCallback(): void {
    void this.stop();
    super.disconnectedCallback();
  }

  private listening(stop: (() => Promise<void>) | undefined): void {
    this.stopListening = stop;
    this.button.textContent = stop ? 'Stop listening' : 'Start listening';
    this.button.setAttribute('aria-pressed', String(Boolean(stop)));
    this.meter.value = 0;
  }
}
