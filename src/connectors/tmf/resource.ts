import type { FastifyInstance, FastifyReply } from 'fastify';
import { boundedJsonParser } from '../../infra/http/json-body';

/** Every TMF resource carries these; `fields` selection always keeps them. */
const ALWAYS_SELECTED = ['id', 'href', '@type'];

/** TMF630 `fields=name,lifecycleStatus`: top-level attributes only, as the guidelines require. */
export function selectFields<T extends Record<string, unknown>>(
  resource: T,
  fields: string[] | undefined,
): Partial<T> {
  if (!fields) return resource;
  const wanted = new Set([
    ...ALWAYS_SELECTED,
    ...fields.map((field) => field.split('.')[0] ?? field),
  ]);
  return Object.fromEntries(
    Object.entries(resource).filter(([key]) => wanted.has(key)),
  ) as Partial<T>;
}

/** Sends a page of a list with the TMF counting headers. */
export function sendList<T>(reply: FastifyReply, items: T[], totalCount: number): FastifyReply {
  return reply
    .header('X-Total-Count', String(totalCount))
    .header('X-Result-Count', String(items.length))
    .status(200)
    .send(items);
}

/**
 * PATCH bodies arrive as `application/merge-patch+json` (TMF's default) or plain JSON. The HTTP
 * app registers both at its root; this covers a bare app (as some tests build), with the same bounds.
 */
export function acceptMergePatch(app: FastifyInstance): void {
  if (app.hasContentTypeParser('application/merge-patch+json')) return;
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    boundedJsonParser(app),
  );
}
