/**
 * What a partner's call (a hub page without the `storage` grant, RequestContext.guest) may not reach:
 * what the person taught or keeps. Refused before anything is read, so the answer says nothing about
 * whether such a thing exists.
 */
import { InPageError } from '../../core/errors';

export function guestRefusal(service: string, what: string): InPageError {
  return new InPageError(
    'FORBIDDEN_ORIGIN',
    `This page reaches InPage through a hub that did not grant it "storage", so it cannot use ${what} kept on this device. The hub's operator can grant it in embed.config.json.`,
    service,
    { capability: 'storage' },
  );
}
