import { ZodError } from 'zod';
import { AppError, errorCatalog, isAppError } from '../../domain/shared/errors';
import type { ErrorCode } from '../../domain/shared/errors';

/** The TM Forum (TMF630) error body, used for every error the HTTP layer returns. */
export interface TmfErrorBody {
  '@type': 'Error';
  code: ErrorCode;
  reason: string;
  message: string;
  /** TMF630 carries the HTTP status as a string. */
  status: string;
  details?: unknown;
}

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
  validation?: unknown;
}

const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  FST_ERR_NOT_FOUND: 'NOT_FOUND',
};

/** Maps anything thrown by a handler to an AppError, so the body and status are always consistent. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    return new AppError('VALIDATION_FAILED', summariseZodError(error), {
      issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const candidate = error as FastifyLikeError;
  const mapped = candidate?.code ? fastifyCodes[candidate.code] : undefined;
  if (mapped) return new AppError(mapped, candidate.message);
  if (candidate?.statusCode === 429) return new AppError('RATE_LIMITED', candidate.message);
  if (candidate?.statusCode && candidate.statusCode >= 400 && candidate.statusCode < 500) {
    return new AppError('VALIDATION_FAILED', candidate.message);
  }
  return new AppError('INTERNAL', 'An unexpected error occurred', undefined, { cause: error });
}

export function toErrorBody(error: AppError): TmfErrorBody {
  return {
    '@type': 'Error',
    code: error.code,
    reason: errorCatalog[error.code].reason,
    message: error.message,
    status: String(error.status),
    ...(error.details ? { details: error.details } : {}),
  };
}

function summariseZodError(error: ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) =>
      issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message,
    )
    .join('; ');
}
