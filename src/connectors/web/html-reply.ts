import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SafeHtml } from '../../web/pages/html';
import { encodeBody } from './compression';
import { pageSecurityHeaders } from './security-headers';

/**
 * Sends a rendered page. Pages may be personal (prices for the signed-in customer), so they are
 * never stored by shared caches.
 */
export function sendHtml(
  request: FastifyRequest,
  reply: FastifyReply,
  page: SafeHtml,
  status = 200,
): FastifyReply {
  const encoded = encodeBody(request, Buffer.from(page.value, 'utf8'));
  reply
    .status(status)
    .headers(pageSecurityHeaders)
    .header('content-type', 'text/html; charset=utf-8')
    .header('cache-control', 'private, no-cache')
    .header('vary', 'Accept-Encoding, Cookie');
  if (encoded.encoding) reply.header('content-encoding', encoded.encoding);
  return reply.send(encoded.body);
}
