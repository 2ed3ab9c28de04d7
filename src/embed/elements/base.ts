/**
 * What every InPage element shares: a shadow root with the themable styles, the page's one shared
 * connection, model-loading progress, and the DOM events `inpage-result`, `inpage-error`, `inpage-progress`.
 */
import { InPageError, type CallOptions, type InPage, type Progress } from '../../client';
import { connect } from '../connection';
import { BASE_CSS } from './styles';

export interface ResultDetail<T = unknown> {
  service: string;
  method: string;
  value: T;
}
export interface ErrorDetail {
  code: InPageError['code'];
  message: string;
  service?: string;
}
export interface NoticeDetail {
  service: string;
  message: string;
}
export interface ProgressDetail extends Progress {
  service: string;
}

export abstract class InPageElement extends HTMLElement {
  /** The service this element uses, for its progress and errors. */
  protected abstract readonly service: string;
  protected readonly root: ShadowRoot;
  protected readonly status: HTMLParagraphElement;
  private connection: Promise<InPage> | undefined;
  private current: AbortController | undefined;
  private offProgress: (() => void) | undefined;
  private noticed = false;

  constructor(css: string, html: string) {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    const style = document.createElement('style');
    style.textContent = BASE_CSS + css;
    const body = document.createElement('template');
    body.innerHTML = `${html}<p class="status" part="status" role="status" aria-live="polite"></p>`;
    this.root.append(style, body.content);
    this.status = this.root.querySelector('.status')!;
  }

  /** Leaving the page cancels this element's work and releases its share of the connection. */
  disconnectedCallback(): void {
    this.current?.abort();
    this.offProgress?.();
    void this.connection?.then((ai) => ai.close()).catch(() => undefined);
    this.connection = undefined;
  }

  /** The page's shared SDK connection (one bus, or one hub frame, for every element on the page). */
  protected ai(): Promise<InPage> {
    if (this.connection) return this.connection;
    const connection = connect(this.hasAttribute('hub') ? { hub: this.getAttribute('hub')! } : {}).then((ai) => {
      // Model download and start-up progress of this element's service, shown and re-emitted.
      this.offProgress = ai.on('progress', ({ service, progress }) => {
        if (service === this.service) this.progress(progress);
      });
      // A lost hub is dropped, so the next use opens a new one instead of failing until a reload.
      void ai.whenLost.then(() => this.forget(connection));
      return ai;
    });
    // A failed connection (e.g. a refused origin) is retried on the next use.
    connection.catch(() => this.forget(connection));
    return (this.connection = connection);
  }

  private forget(connection: Promise<InPage>): void {
    if (this.connection !== connection) return;
    this.connection = undefined;
    this.offProgress?.();
    this.offProgress = undefined;
    void connection.then((ai) => ai.close()).catch(() => undefined);
  }

  /** Runs one request: a newer one cancels it; the outcome becomes an event and the status line. */
  protected async run<T>(method: string, work: (ai: InPage, call: CallOptions & { signal: AbortSignal }) => Promise<T>): Promise<T | undefined> {
    this.current?.abort();
    const controller = (this.current = new AbortController());
    this.setStatus('Working…');
    this.toggleAttribute('busy', true);
    try {
      const value = await work(await this.ai(), { signal: controller.signal, onProgress: (progress) => this.progress(progress) });
      if (controller.signal.aborted) return undefined;
      this.showNotice(await this.ai());
      this.emit<ResultDetail<T>>('inpage-result', { service: this.service, method, value });
      return value;
    } catch (caught) {
      // Superseded by a newer request: that one reports.
      if (!(controller.signal.aborted && InPageError.from(caught).code === 'CANCELLED')) this.fail(caught);
      return undefined;
    } finally {
      if (this.current === controller) {
        this.current = undefined;
        this.toggleAttribute('busy', false);
      }
    }
  }

  /** Where the service works without storage (third-party storage blocked), the status line says so, once as an event too. */
  private showNotice(ai: InPage): void {
    const notice = ai.status(this.service as Parameters<InPage['status']>[0]).storage?.notice ?? '';
    this.setStatus(notice);
    if (notice && !this.noticed) this.emit<NoticeDetail>('inpage-notice', { service: this.service, message: notice });
    this.noticed ||= Boolean(notice);
  }

  /** Shows a failure in the element and fires inpage-error with its code. */
  protected fail(caught: unknown): void {
    const error = InPageError.from(caught, this.service);
    this.setStatus(error.message, true);
    this.emit<ErrorDetail>('inpage-error', { code: error.code, message: error.message, service: error.service ?? this.service });
  }

  protected progress(progress: Progress): void {
    const percent = progress.total ? ` ${Math.round(((progress.loaded ?? 0) / progress.total) * 100)}%` : '';
    this.setStatus(`${progress.message ?? progress.phase}${percent}`);
    this.emit<ProgressDetail>('inpage-progress', { service: this.service, ...progress });
  }

  protected setStatus(text: string, error = false): void {
    this.status.textContent = text;
    this.status.classList.toggle('error', error);
  }

  /** Events bubble out of the shadow root, so a listener on the document hears every element. */
  protected emit<T>(name: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(name, { detail, bubbles: true, composed: true }));
  }
}

/** Defines an element once, even when the script is loaded twice. */
export function define(name: string, element: CustomElementConstructor): void {
  if (!customElements.get(name)) customElements.define(name, element);
}
