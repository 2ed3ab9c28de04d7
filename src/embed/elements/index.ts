/** Defines every InPage custom element (importing this module is the side effect) and exports their classes. */
import { define } from './base';
import { ImageClassifierElement } from './imageClassifier';

export { InPageElement, type ErrorDetail, type ProgressDetail, type ResultDetail } from './base';
export { ImageClassifierElement };

define('inpage-image-classifier', ImageClassifierElement);

declare global {
  interface HTMLElementTagNameMap {
    'inpage-image-classifier': ImageClassifierElement;
  }
}
