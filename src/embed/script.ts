/**
 * The script-tag entry, served as /inpage.js: `<script type="module" src="https://toolkit.example/inpage.js">`
 * defines the InPage custom elements and `window.InPage`; as a module it exports the whole SDK.
 * From another origin, connect() and the elements go through the hub page next to this script.
 */
import { ERROR_CODES, InPageError } from '../client';
import { connect, DEFAULT_HUB } from './connection';

export * from '../client';
export * from './elements';
export { connect, DEFAULT_HUB };

declare global {
  interface Window {
    InPage: { connect: typeof connect; InPageError: typeof InPageError; ERROR_CODES: typeof ERROR_CODES; hub: string };
  }
}

window.InPage = { connect, InPageError, ERROR_CODES, hub: DEFAULT_HUB };
