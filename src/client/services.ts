/**
 * The services this SDK offers: one line per service. Everything else that lists services (the SDK's types,
 * the shell's pages, the PWA shortcuts, the bench sections, the error codes) derives from this list.
 */
import { imageService } from '../../workers/image/service';
import { speechService } from '../../workers/speech/service';
import { tabularService } from '../../workers/tabular/service';
import { textService } from '../../workers/text/service';

export const DESCRIPTORS = [imageService, textService, speechService, tabularService] as const;
