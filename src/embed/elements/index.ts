/** Defines every InPage custom element (importing this module is the side effect) and exports their classes. */
import { define } from './base';
import { ImageClassifierElement } from './imageClassifier';
import { SentimentElement } from './sentiment';
import { VoiceCommandsElement } from './voiceCommands';

export { InPageElement, type ErrorDetail, type ProgressDetail, type ResultDetail } from './base';
export { ImageClassifierElement, SentimentElement, VoiceCommandsElement };

define('inpage-image-classifier', ImageClassifierElement);
// These two need the text and speech services listed (src/client/services.ts); without them they say so.
define('inpage-sentiment', SentimentElement);
define('inpage-voice-commands', VoiceCommandsElement);

declare global {
  interface HTMLElementTagNameMap {
    'inpage-image-classifier': ImageClassifierElement;
    'inpage-sentiment': SentimentElement;
    'inpage-voice-commands': VoiceCommandsElement;
  }
}
