/** Types of the Emscripten module built by models/pocketsphinx/build-wasm.sh (only what InPage calls). */
export interface PocketSphinxModule {
  FS: {
    mkdirTree(path: string): void;
    writeFile(path: string, data: Uint8Array | string): void;
    readFile(path: string, options: { encoding: 'utf8' }): string;
    unlink(path: string): void;
  };
  HEAP16: Int16Array;
  ccall(name: string, returnType: 'number' | 'string' | null, argTypes: ('number' | 'string')[], args: (number | string)[]): number | string | null;
  UTF8ToString(pointer: number): string;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _inpage_ps_start(decoder: number): number;
  _inpage_ps_process(decoder: number, samples: number, count: number, whole: number): number;
  _inpage_ps_in_speech(decoder: number): number;
  _inpage_ps_end(decoder: number): number;
  _inpage_ps_hypothesis(decoder: number): number;
  _inpage_ps_words(decoder: number): number;
  _inpage_ps_free(decoder: number): void;
}

export interface PocketSphinxOptions {
  /** Where the .wasm is (the bundler's URL for it). */
  locateFile?: (path: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
}

export default function createPocketSphinx(options?: PocketSphinxOptions): Promise<PocketSphinxModule>;
