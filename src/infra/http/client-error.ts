import type { Socket } from 'node:net';
import { AppError } from '../../domain/shared/errors';
import type { ErrorCode } from '../../domain/shared/errors';
import { toErrorBody } from './error-body';

const clientErrors: Record<string, { code: ErrorCode; message: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    code: 'REQUEST_TIMEOUT',
    message: 'The request did not arrive in time',
  },
  HPE_HEADER_OVERFLOW: {
    code: 'HEADERS_TOO_LARGE',
    message: 'The request headers are larger than the server accepts',
  },
};

/**
 * Answers what Node's HTTP parser refuses (no request exists yet, so no route or hook runs) with
 * the same TMF630 body as every other error, then closes the connection as Node itself would.
 */
export function writeClientError(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const known = error.code ? clientErrors[error.code] : undefined;
  const appError = new AppError(
    known?.code ?? 'VALIDATION_FAILED',
    known?.message ?? 'The request is not valid HTTP',
  );
  const body = JSON.stringify(toErrorBody(appError));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${appError.status} ${appError.reason}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Content-Type: application/json\r\nConnection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}
