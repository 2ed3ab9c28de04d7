/**
 * What the e2e tests find on the page's window, typed from the SDK itself: a changed SDK fails to compile
 * in the tests instead of failing at run time. `openSdk()` (fixtures.ts) sets `sdk` and `ai`; /inpage.js
 * sets `InPage` (src/embed/script.ts declares it).
 */
import type { InPage } from '../../src/client';
import type * as InPageModule from '../../src/embed/script';

declare global {
  interface Window {
    /** The connection a test page opened (SDK functions run in page.evaluate read it from here). */
    ai: InPage;
    /** The /inpage.js module, as a partner page imports it. */
    sdk: typeof InPageModule;
  }
}
