/**
 * The services' runtimes (worker bundles, WASM binaries) are not precached: a first visit downloads the
 * page, and each service's files when it first starts, once, through the service worker's runtime cache.
 * "Make available offline" fills that cache with the rest, from the list the build writes.
 */
export const RUNTIME_CACHE = 'inpage-runtime';
/** The build's list of those files (paths from the site's root), written beside index.html. */
export const RUNTIME_FILES = 'runtime-files.json';
/** ONNX Runtime's builds with WebGPU inside: needed only where a real GPU will run them. */
export const GPU_ONLY = /\.(asyncify|jspi|jsep)\./;
