/**
 * One error base for the whole service. Every error a caller can act on carries a stable `code` from
 * this catalog; HTTP and socket layers map it to a status and the TM Forum error body.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, reason: 'Invalid request' },
  UNAUTHENTICATED: { status: 401, reason: 'Authentication required' },
  FORBIDDEN: { status: 403, reason: 'Not allowed' },
  NOT_FOUND: { status: 404, reason: 'Resource not found' },
  METHOD_NOT_ALLOWED: { status: 405, reason: 'Method not allowed' },
  REQUEST_TIMEOUT: { status: 408, reason: 'Request not received in time' },
  CONFLICT: { status: 409, reason: 'Conflicting change' },
  VERSION_CONFLICT: { status: 409, reason: 'The resource changed since it was read' },
  ILLEGAL_TRANSITION: { status: 409, reason: 'State transition not allowed' },
  PAYLOAD_TOO_LARGE: { status: 413, reason: 'Request body too large' },
  URI_TOO_LONG: { status: 414, reason: 'Request address too long' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, reason: 'Unsupported media type' },
  UNPROCESSABLE: { status: 422, reason: 'Request cannot be processed' },
  /** The channel will not carry this message to her now (a WhatsApp window closed); try another. */
  CHANNEL_CLOSED: { status: 409, reason: 'The channel cannot carry this message now' },
  RATE_LIMITED: { status: 429, reason: 'Too many requests' },
  HEADERS_TOO_LARGE: { status: 431, reason: 'Request headers too large' },
  DEPENDENCY_UNAVAILABLE: { status: 503, reason: 'A required service is unavailable' },
  /** Refused before anything was done, to be sent again shortly (`retryAfterMs` says when). */
  BUSY: { status: 503, reason: 'Too busy to take this now' },
  INTERNAL: { status: 500, reason: 'Internal error' },
} as const satisfies Record<string, { status: number; reason: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    details?: Record<string, unknown>,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get status(): number {
    return errorCatalog[this.code].status;
  }

  get reason(): string {
    return errorCatalog[this.code].reason;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
