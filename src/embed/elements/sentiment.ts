/**
 * <inpage-sentiment text="…" button-label="…">: type or set a text, get POSITIVE or NEGATIVE with the
 * model's confidence from the text service. `element.analyse(text)` does the same from code.
 */
import { InPageElement } from './base';
import { InPageError, type Sentiment } from '../../client';

const CSS = `
textarea { display: block; width: 100%; min-height: 4.5em; font: inherit; color: inherit; background: transparent;
  border: 1px solid var(--inpage-border, #d0d7de); border-radius: var(--inpage-radius, 8px); padding: 0.5em; resize: vertical; }
.row { display: flex; align-items: center; gap: 0.75em; margin-top: 0.5em; }
.verdict { font-weight: 600; }
.verdict[data-label='POSITIVE'] { color: var(--inpage-positive, #1d7a3e); }
.verdict[data-label='NEGATIVE'] { color: var(--inpage-negative, #b42318); }
`;

const HTML = `
<textarea part="input" aria-label="Text to judge" placeholder="How was your experience?"></textarea>
<div class="row"><button type="button" part="button">Analyse</button><span class="verdict" part="result" role="status" aria-live="polite"></span></div>
`;

export type SentimentResult = Sentiment;

export class SentimentElement extends InPageElement {
  static observedAttributes = ['text', 'button-label', 'placeholder'];
  protected readonly service = 'text';
  private readonly input: HTMLTextAreaElement;
  private readonly verdict: HTMLSpanElement;

  constructor() {
    super(CSS, HTML);
    this.input = this.root.querySelector('textarea')!;
    this.verdict = this.root.querySelector('.verdict')!;
    this.root.querySelector('button')!.addEventListener('click', () => void this.analyse(this.input.value));
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'button-label') this.root.querySelector('button')!.textContent = value ?? 'Analyse';
    if (name === 'placeholder') this.input.placeholder = value ?? '';
    if (name === 'text' && value) {
      this.input.value = value;
      void this.analyse(value);
    }
  }

  /** Judges one text and shows the verdict; resolves with it (undefined when it failed or was superseded). */
  async analyse(text: string): Promise<SentimentResult | undefined> {
    this.verdict.textContent = '';
    const result = await this.run('sentiment', async (ai, call) => {
      const [answer] = await ai.text.sentiment(text, call);
      // One text is never a batch item, but the SDK's type says an item can carry its own error: shown like any failure.
      if (!answer || 'error' in answer) throw new InPageError(answer?.error.code ?? 'INTERNAL', answer?.error.message ?? 'The text service gave no answer.', 'text');
      return answer;
    });
    if (result) {
      this.verdict.dataset.label = result.label;
      this.verdict.textContent = `${result.label === 'POSITIVE' ? 'Positive' : 'Negative'} (${(result.score * 100).toFixed(1)}%)`;
    }
    return result;
  }
}
