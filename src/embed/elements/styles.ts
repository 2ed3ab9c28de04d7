/**
 * Styles every InPage element carries inside its shadow root: nothing leaks into the page, and the page
 * themes them through CSS custom properties (set on the element or any ancestor) or ::part().
 */
export const BASE_CSS = `
:host {
  display: block;
  box-sizing: border-box;
  max-width: var(--inpage-max-width, 28rem);
  padding: var(--inpage-padding, 1rem);
  font: var(--inpage-font, 14px/1.4 system-ui, sans-serif);
  color: var(--inpage-fg, #1b1f24);
  background: var(--inpage-bg, #ffffff);
  border: 1px solid var(--inpage-border, #d0d7de);
  border-radius: var(--inpage-radius, 8px);
}
:host([hidden]) { display: none; }
*, *::before, *::after { box-sizing: inherit; }
button, .button {
  display: inline-block;
  font: inherit;
  cursor: pointer;
  color: var(--inpage-accent-fg, #ffffff);
  background: var(--inpage-accent, #2156d9);
  border: 0;
  border-radius: var(--inpage-radius, 8px);
  padding: 0.45em 0.9em;
}
button:disabled { opacity: 0.6; cursor: progress; }
button:focus-visible, .button:focus-within { outline: 3px solid var(--inpage-accent, #2156d9); outline-offset: 2px; }
.status { margin: 0.5em 0 0; min-height: 1.4em; color: var(--inpage-muted, #57606a); }
.status.error { color: var(--inpage-error, #b42318); }
.results { list-style: none; margin: 0.5em 0 0; padding: 0; display: grid; gap: 0.3em; }
.results li { display: grid; grid-template-columns: minmax(0, 1fr) 6em 3.5em; gap: 0.5em; align-items: center; }
.results .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.results .bar { height: 0.6em; background: var(--inpage-track, #eaeef2); border-radius: 0.3em; overflow: hidden; }
.results .bar span { display: block; height: 100%; background: var(--inpage-accent, #2156d9); }
.results .value { text-align: right; font-variant-numeric: tabular-nums; }
`;
