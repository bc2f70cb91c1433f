import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

interface Asset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  contentType: string;
}

/** src/web/assets, from this file in src/ (tsx, jest) or dist/ (the build copies non-.ts files). */
export function widgetAssetsDirectory(): string {
  return path.resolve(__dirname, '../../web/assets');
}

/** The browser build of socket.io-client (not in its package exports, so found beside package.json). */
export function socketIoClientFile(): string {
  const packageJson = require.resolve('socket.io-client/package.json');
  return path.join(path.dirname(packageJson), 'dist', 'socket.io.min.js');
}

function load(file: string, contentType: string, strip?: RegExp): Asset {
  let body = readFileSync(file);
  // The source map is not served, so its reference would only earn a 404 in every devtools.
  if (strip) body = Buffer.from(body.toString('utf8').replace(strip, ''));
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`,
    contentType,
  };
}

function acceptsGzip(request: FastifyRequest): boolean {
  const header = request.headers['accept-encoding'];
  if (typeof header !== 'string') return false;
  return header.split(',').some((entry) => {
    const [coding = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase());
    const quality = parameters.find((parameter) => parameter.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (!quality || Number(quality.slice(2)) > 0);
  });
}

/**
 * `GET /assets/chat-widget.js`, `/assets/chat-widget.css` and `/assets/socket.io.min.js`: read and
 * compressed once at start-up, served from memory with an ETag (unversioned names, so caches
 * revalidate after five minutes). socket.io's own client route is off (`serveClient: false`).
 */
export function registerWidgetAssets(
  app: FastifyInstance,
  directory: string = widgetAssetsDirectory(),
): void {
  const javascript = 'text/javascript; charset=utf-8';
  const assets: Record<string, Asset> = {
    'chat-widget.js': load(path.join(directory, 'chat-widget.js'), javascript),
    'chat-widget.css': load(path.join(directory, 'chat-widget.css'), 'text/css; charset=utf-8'),
    'socket.io.min.js': load(socketIoClientFile(), javascript, /\n?\/\/# sourceMappingURL=\S+\s*$/),
  };
  for (const [name, asset] of Object.entries(assets)) {
    app.get(
      `/assets/${name}`,
      documented({
        summary: `Web-chat widget asset ${name}`,
        tags: ['Web chat'],
        responses: {
          200: { description: 'The file', contentType: asset.contentType, schema: z.string() },
          304: 'Not modified',
        },
      }),
      async (request, reply) => {
        reply
          .header('content-type', asset.contentType)
          .header('cache-control', 'public, max-age=300')
          .header('etag', asset.etag)
          .header('vary', 'Accept-Encoding')
          .header('x-content-type-options', 'nosniff');
        if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
        if (acceptsGzip(request))
          return reply.header('content-encoding', 'gzip').send(asset.gzipped);
        return reply.send(asset.body);
      },
    );
  }
}
