/**
 * <inpage-image-classifier top-k="3" src="photo.jpg">: pick, drop or point it at an image and it shows
 * the ImageNet labels the image service gives. `element.classify(blob)` does the same from code.
 */
import { InPageError, type Classification, type ImageInput } from '../../client';
import { InPageElement } from './base';

const CSS = `
.drop { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5em; padding: 0.75em;
  border: 2px dashed var(--inpage-border, #d0d7de); border-radius: var(--inpage-radius, 8px); }
:host([dragging]) .drop { border-color: var(--inpage-accent, #2156d9); }
.button input { position: absolute; width: 1px; height: 1px; opacity: 0; }
.hint { color: var(--inpage-muted, #57606a); }
img { display: block; max-width: 100%; max-height: var(--inpage-preview-height, 12rem); margin-top: 0.5em; border-radius: var(--inpage-radius, 8px); }
`;

const HTML = `
<div class="drop" part="drop">
  <label class="button" part="button"><input type="file" accept="image/*" /><span class="choose">Choose an image</span></label>
  <span class="hint">or drop one here</span>
</div>
<img part="preview" alt="" hidden />
<ol class="results" part="results" aria-label="Predictions"></ol>
`;

export class ImageClassifierElement extends InPageElement {
  static observedAttributes = ['src', 'button-label'];
  protected readonly service = 'image';
  private readonly preview: HTMLImageElement;
  private readonly results: HTMLOListElement;
  private previewUrl: string | undefined;

  constructor() {
    super(CSS, HTML);
    this.preview = this.root.querySelector('img')!;
    this.results = this.root.querySelector('.results')!;
    const input = this.root.querySelector('input')!;
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void this.classify(file);
      input.value = '';
    });
    this.addEventListener('dragover', (event) => {
      event.preventDefault();
      this.toggleAttribute('dragging', true);
    });
    this.addEventListener('dragleave', () => this.toggleAttribute('dragging', false));
    this.addEventListener('drop', (event) => {
      event.preventDefault();
      this.toggleAttribute('dragging', false);
      const file = event.dataTransfer?.files[0];
      if (file) void this.classify(file);
    });
  }

  /** How many labels to show (1 to 20, default 3). */
  get topK(): number {
    const value = Number(this.getAttribute('top-k') ?? 3);
    return Number.isInteger(value) ? Math.min(20, Math.max(1, value)) : 3;
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'button-label') this.root.querySelector('.choose')!.textContent = value ?? 'Choose an image';
    if (name === 'src' && value) void this.classify(value);
  }

  /**
   * Classifies an image (or the image at a URL) and shows the labels; resolves with them, or with
   * undefined when it failed (see the inpage-error event) or a newer request replaced it.
   */
  async classify(image: ImageInput | string): Promise<Classification[] | undefined> {
    this.results.replaceChildren();
    const labels = await this.run('classify', async (ai, call) => {
      const input = typeof image === 'string' ? await fetchImage(image, call.signal) : image;
      this.showPreview(input);
      return ai.image.classify(input, { topK: this.topK, ...call });
    });
    if (labels) this.showResults(labels);
    return labels;
  }

  private showPreview(image: ImageInput): void {
    if (this.previewUrl) URL.revokeObjectURL(this.previewUrl);
    this.previewUrl = image instanceof Blob ? URL.createObjectURL(image) : undefined;
    this.preview.hidden = !this.previewUrl;
    if (this.previewUrl) this.preview.src = this.previewUrl;
  }

  private showResults(labels: Classification[]): void {
    this.results.replaceChildren(
      ...labels.map(({ label, probability }) => {
        const percent = `${(probability * 100).toFixed(1)}%`;
        const item = document.createElement('li');
        const name = Object.assign(document.createElement('span'), { className: 'label', textContent: label, title: label });
        const bar = Object.assign(document.createElement('span'), { className: 'bar' });
        bar.setAttribute('aria-hidden', 'true');
        const fill = document.createElement('span');
        fill.style.width = percent;
        bar.append(fill);
        const value = Object.assign(document.createElement('span'), { className: 'value', textContent: percent });
        item.append(name, bar, value);
        return item;
      }),
    );
  }
}

async function fetchImage(url: string, signal: AbortSignal): Promise<Blob> {
  const href = new URL(url, document.baseURI).href;
  let response: Response;
  try {
    response = await fetch(href, { signal });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new InPageError('INVALID_INPUT', `Could not load the image at ${href} (a network error, or another origin without CORS).`, 'image');
  }
  if (!response.ok) throw new InPageError('INVALID_INPUT', `Could not load the image at ${href}: HTTP ${response.status}.`, 'image');
  return response.blob();
}
