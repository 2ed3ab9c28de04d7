/** An uploaded JSON file (an export, a model) read as one value, with the same refusals everywhere. */
import { InPageError } from '../../core/errors';

export interface JsonFileOptions {
  service: string;
  /** Larger files are refused as TOO_LARGE before a byte is read. */
  maxBytes: number;
  /** What such files are, for the size message ("exported models"). */
  what: string;
  /** The service's INVALID_INPUT error for a file that is not what it should be. */
  invalid: (why: string) => InPageError;
}

export async function readJsonFile(file: Blob, options: JsonFileOptions): Promise<unknown> {
  const { service, maxBytes, what, invalid } = options;
  if (file.size > maxBytes) {
    throw new InPageError('TOO_LARGE', `The file is ${Math.round(file.size / 1048576)} MB; ${what} are at most ${maxBytes / 1048576} MB.`, service);
  }
  try {
    return JSON.parse(await file.text());
  } catch {
    throw invalid('it is not JSON');
  }
}
