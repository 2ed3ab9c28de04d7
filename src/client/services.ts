/**
 * The services this SDK offers: one entry per service, its descriptor in the list and its published types
 * re-exported below. Everything else that lists services (the SDK's types, the shell's pages, the PWA
 * shortcuts, the bench sections, the error codes) derives from this list.
 */
import { imageService } from '../../workers/image/service';
import { speechService } from '../../workers/speech/service';
import { tabularService } from '../../workers/tabular/service';
import { textService } from '../../workers/text/service';

export const DESCRIPTORS = [imageService, textService, speechService, tabularService] as const;

// Each service's service.ts says what the SDK publishes of it (`ImageService`, `Classification`, …); src/client/index.ts passes it on.
export type * from '../../workers/image/service';
export type * from '../../workers/text/service';
export type * from '../../workers/speech/service';
export type * from '../../workers/tabular/service';
