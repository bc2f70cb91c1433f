import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/shared/errors';
import { agentConsolePage } from './console-page';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  contentType: string;
}

/** This folder, from src/ (tsx, jest) or dist/ (the build copies non-.ts files beside the .js). */
function consoleDirectory(): string {
  return __dirname;
}

function socketIoClientFile(): string {
  const packageJson = require.resolve('socket.io-client/package.json');
  return path.join(path.dirname(packageJson), 'dist', 'socket.io.min.js');
}

function asset(body: Buffer, contentType: string): Asset {
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`,
    contentType,
  };
}

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  return typeof header === 'string' && /\bgzip\b/.test(header);
}

function send(request: FastifyRequest, reply: FastifyReply, file: Asset, cache: string) {
  if (request.headers['if-none-match'] === file.etag) return reply.code(304).send();
  const gzip = acceptsGzip(request);
  if (gzip) reply.header('content-encoding', 'gzip');
  return reply
    .header('content-type', file.contentType)
    .header('etag', file.etag)
    .header('cache-control', cache)
    .header('vary', 'accept-encoding')
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    )
    .header('x-frame-options', 'DENY')
    .send(gzip ? file.gzipped : file.body);
}

/**
 * `GET /agent` (the console page) and its files under `/agent/assets/`: loaded and compressed
 * once at start-up, served from memory with an ETag.
 */
export function registerAgentConsole(app: FastifyInstance): void {
  const directory = consoleDirectory();
  const js = 'text/javascript; charset=utf-8';
  const assets: Record<string, Asset> = {
    'agent-console.js': asset(readFileSync(path.join(directory, 'agent-console.js')), js),
    'agent-console.css': asset(
      readFileSync(path.join(directory, 'agent-console.css')),
      'text/css; charset=utf-8',
    ),
    'live-call-panel.js': asset(readFileSync(path.join(directory, 'live-call-panel.js')), js),
    'live-call-panel.css': asset(
      readFileSync(path.join(directory, 'live-call-panel.css')),
      'text/css; charset=utf-8',
    ),
    'socket.io.min.js': asset(
      Buffer.from(
        readFileSync(socketIoClientFile(), 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, ''),
      ),
      js,
    ),
  };
  const page = asset(Buffer.from(agentConsolePage()), 'text/html; charset=utf-8');
  app.get(
    '/agent',
    documented({
      summary: 'The agent console page',
      tags: ['Agent assist'],
      responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    }),
    async (request, reply) => send(request, reply, page, 'no-cache'),
  );
  app.get<{ Params: { name: string } }>(
    '/agent/assets/:name',
    documented({
      summary: 'An agent console asset',
      tags: ['Agent assist'],
      params: z.object({ name: z.string() }),
      responses: {
        200: {
          description: 'The file',
          contentType: 'application/octet-stream',
          schema: z.string(),
        },
        404: 'No such asset',
      },
    }),
    async (request, reply) => {
      const file = assets[request.params.name];
      if (!file) throw new AppError('NOT_FOUND', 'No such console asset');
      return send(request, reply, file, 'public, max-age=300');
    },
  );
}
