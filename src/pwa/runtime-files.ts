/**
 * The services' runtimes (worker bundles, WASM binaries) are precached with the shell, except ONNX
 * Runtime's WebGPU builds: those are cached when a real GPU first fetches them, or by "make available
 * offline" on such a device, from the list the build writes.
 */
export const RUNTIME_CACHE = 'inpage-runtime';
/** The build's list of those files (paths from the site's root), written beside index.html. */
export const RUNTIME_FILES = 'runtime-files.json';
/** ONNX Runtime's builds with WebGPU inside (`….asyncify.wasm` in the package, `….asyncify-HASH.wasm` built). */
export const GPU_ONLY = /\.(?:asyncify|jspi|jsep)[.-]/;
/** The same files as a glob over the build's assets, for the precache to leave out. */
export const GPU_ONLY_GLOBS = ['assets/*.asyncify-*', 'assets/*.jspi-*', 'assets/*.jsep-*'];
