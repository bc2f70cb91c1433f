import { gzipSync } from 'node:zlib';
import type { FastifyRequest } from 'fastify';

/** Below this, gzip's framing costs more than it saves. */
const minimumBytes = 1024;

/** Whether `Accept-Encoding` takes gzip (`gzip;q=0` is an explicit refusal). */
export function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((entry) => {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    if (coding !== 'gzip' && coding !== '*') return false;
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return quality === undefined || Number(quality.slice(2)) > 0;
  });
}

/** The body as sent: gzip when the client takes it and it is worth it. */
export function encodeBody(
  request: FastifyRequest,
  body: Buffer,
): { body: Buffer; encoding?: 'gzip' } {
  const header = request.headers['accept-encoding'];
  if (body.length < minimumBytes || !acceptsGzip(typeof header === 'string' ? header : undefined)) {
    return { body };
  }
  // The default level costs well under a millisecond for a page of a few kilobytes.
  return { body: gzipSync(body), encoding: 'gzip' };
}
