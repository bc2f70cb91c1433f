import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { acceptsGzip } from './compression';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

/** The portal's own files; the chat widget's files are served by the web-chat connector. */
export const portalAssetNames = ['portal.css', 'sign-in.js', 'self-care.js'] as const;

const contentTypes: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
};

interface LoadedAsset {
  body: Buffer;
  gzipped: Buffer;
  etag: string;
  contentType: string;
}

/**
 * Where src/web/assets is, from this file in src/ (tsx, jest) or in dist/ (the build copies
 * non-TypeScript files beside the compiled ones).
 */
export function portalAssetsDirectory(): string {
  return path.resolve(__dirname, '../../web/assets');
}

function load(directory: string, name: string): LoadedAsset {
  const file = path.join(directory, name);
  if (!existsSync(file)) throw new Error(`portal asset missing: ${file}`);
  const body = readFileSync(file);
  return {
    body,
    gzipped: gzipSync(body, { level: 9 }),
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"`,
    contentType: contentTypes[path.extname(name)] ?? 'application/octet-stream',
  };
}

/**
 * Serves the portal's CSS and scripts from memory, compressed once at start-up, with an ETag so a
 * revisit costs a 304. Names are unversioned, so caches revalidate after five minutes.
 */
export function registerPortalAssets(
  app: FastifyInstance,
  directory: string = portalAssetsDirectory(),
): void {
  for (const name of portalAssetNames) {
    const asset = load(directory, name);
    app.get(
      `/assets/${name}`,
      documented({
        summary: `Portal asset ${name}`,
        tags: ['Pages'],
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
        const header = request.headers['accept-encoding'];
        if (acceptsGzip(typeof header === 'string' ? header : undefined)) {
          return reply.header('content-encoding', 'gzip').send(asset.gzipped);
        }
        return reply.send(asset.body);
      },
    );
  }
}
