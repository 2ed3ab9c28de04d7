/** Every failure that crosses the bus is an InPageError with a code a program can branch on. */
export const ERROR_CODES = [
  'INVALID_INPUT',
  'UNSUPPORTED_FORMAT',
  'TOO_LARGE',
  'MODEL_UNAVAILABLE',
  'TIMEOUT',
  'BUSY',
  'SERVICE_CRASHED',
  'CANCELLED',
  'QUOTA_EXCEEDED',
  /** The person or the browser refused access (microphone). */
  'PERMISSION_DENIED',
  /** A device the call needs is absent or could not be started (no microphone). */
  'DEVICE_UNAVAILABLE',
  /** A cross-origin hub refused a page whose origin is not on its allowlist. */
  'FORBIDDEN_ORIGIN',
  /** A cross-origin hub stopped answering (its frame was removed or crashed): the page's pending work ends. */
  'HUB_UNAVAILABLE',
  /** The browser refuses this service storage (third-party storage blocked): stored data cannot be reached. */
  'STORAGE_UNAVAILABLE',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

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
  return typeof message === 'string' && (ERROR_CODES as readonly unknown[]).includes(code);
}
