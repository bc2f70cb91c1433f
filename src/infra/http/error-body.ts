import { z, ZodError } from 'zod';
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

/** The same body as a schema, for the OpenAPI document's `Error` component. */
export const tmfErrorBodySchema = z
  .object({
    '@type': z.literal('Error'),
    code: z.enum(Object.keys(errorCatalog) as [ErrorCode, ...ErrorCode[]]),
    reason: z.string().meta({ description: 'A short explanation of the code' }),
    message: z.string().meta({ description: 'What went wrong, and how to put it right' }),
    status: z.string().meta({ description: 'The HTTP status, as a string (TMF630)' }),
    details: z.unknown().optional(),
  })
  .meta({ id: 'Error' });

interface FastifyLikeError {
  code?: string;
  statusCode?: number;
  message: string;
  validation?: unknown;
}

/** Fastify's own errors, each with the message a caller can act on (theirs can echo the whole URL). */
const fastifyErrors: Record<string, { code: ErrorCode; message?: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'VALIDATION_FAILED',
    message: 'The Content-Length header does not match the body',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'VALIDATION_FAILED' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'VALIDATION_FAILED' },
  FST_ERR_VALIDATION: { code: 'VALIDATION_FAILED' },
  FST_ERR_NOT_FOUND: { code: 'NOT_FOUND' },
  FST_ERR_BAD_URL: {
    code: 'VALIDATION_FAILED',
    message: 'The address is not valid: a % must start a percent-encoded character such as %20',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'URI_TOO_LONG',
    message: 'A path parameter of the address is longer than 100 characters',
  },
};

/** Other 4xx the framework or a plugin raises keep their status under the nearest code. */
const codesByStatus: Record<number, ErrorCode> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'RATE_LIMITED',
  431: 'HEADERS_TOO_LARGE',
};

/** Maps anything thrown by a handler to an AppError, so the body and status are always consistent. */
export function toAppError(error: unknown): AppError {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    return new AppError('VALIDATION_FAILED', summariseZodError(error), {
      issues: error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  const candidate = error as FastifyLikeError | undefined;
  const known = candidate?.code ? fastifyErrors[candidate.code] : undefined;
  if (known) return new AppError(known.code, known.message ?? candidate!.message);
  const status = candidate?.statusCode;
  if (status && status >= 400 && status < 500) {
    return new AppError(codesByStatus[status] ?? 'VALIDATION_FAILED', candidate.message);
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
