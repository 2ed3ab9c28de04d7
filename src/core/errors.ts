/**
 * Every failure that crosses the bus is an InPageError with a code a program can branch on. These are the
 * bus's and the runtime's own codes; a service declares its own in its contract (`errors`), and the SDK's
 * `ERROR_CODES` lists both (src/client/registry.ts).
 */
export const BUS_ERROR_CODES = [
  'INVALID_INPUT',
  'UNSUPPORTED_FORMAT',
  'TOO_LARGE',
  'MODEL_UNAVAILABLE',
  'TIMEOUT',
  'BUSY',
  'SERVICE_CRASHED',
  'CANCELLED',
  'QUOTA_EXCEEDED',
  /** A cross-origin hub refused a page whose origin is not on its allowlist. */
  'FORBIDDEN_ORIGIN',
  /** A cross-origin hub stopped answering (its frame was removed or crashed): the page's pending work ends. */
  'HUB_UNAVAILABLE',
  /** The browser refuses this service storage (third-party storage blocked): stored data cannot be reached. */
  'STORAGE_UNAVAILABLE',
  'INTERNAL',
] as const;

/**
 * Codes services declare (`errors` in a contract), added to the type by each contract with
 * `declare module '.../src/core/errors' { interface ServiceErrorCodes { PERMISSION_DENIED: true } }`.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- filled in by the contracts (declaration merging)
export interface ServiceErrorCodes {}

export type BusErrorCode = (typeof BUS_ERROR_CODES)[number];
export type ErrorCode = BusErrorCode | Extract<keyof ServiceErrorCodes, string>;

/** The codes of the services this page or worker knows (their contracts declared them through defineContract). */
const serviceCodes = new Set<string>();

export function declareErrorCodes(codes: readonly string[]): void {
  for (const code of codes) serviceCodes.add(code);
}

function isErrorCode(code: unknown): code is ErrorCode {
  return (BUS_ERROR_CODES as readonly unknown[]).includes(code) || (typeof code === 'string' && serviceCodes.has(code));
}

export interface SerializedError {
  code: ErrorCode;
  message: string;
  service?: string;
  details?: unknown;
}

export class InPageError extends Error {
  override readonly name = 'InPageError';
  readonly code: ErrorCode;
  readonly service: string | undefined;
  readonly details: unknown;

  constructor(code: ErrorCode, message: string, service?: string, details?: unknown) {
    super(message);
    this.code = code;
    this.service = service;
    this.details = details;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, service: this.service, details: this.details };
  }

  /** Rebuilds an error that crossed a structured-clone boundary; anything unknown becomes INTERNAL. */
  static from(error: unknown, service?: string): InPageError {
    if (error instanceof InPageError) return error;
    if (isSerializedError(error)) {
      return new InPageError(error.code, error.message, error.service ?? service, error.details);
    }
    if (error instanceof DOMException && error.name === 'QuotaExceededError') {
      return new InPageError('QUOTA_EXCEEDED', 'The browser refused to store more data (storage quota exceeded).', service);
    }
    const message = error instanceof Error ? error.message : String(error);
    return new InPageError('INTERNAL', message, service);
  }
}

function isSerializedError(value: unknown): value is SerializedError {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof message === 'string' && isErrorCode(code);
}
