import type { FastifyInstance, FastifyReply } from 'fastify';

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

/** PATCH bodies arrive as `application/merge-patch+json` (TMF's default) or plain JSON. */
export function acceptMergePatch(app: FastifyInstance): void {
  if (app.hasContentTypeParser('application/merge-patch+json')) return;
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    (_request, body, done) => {
      try {
        done(null, JSON.parse(body as string));
      } catch (error) {
        const parseError = error as Error & { statusCode?: number; code?: string };
        parseError.statusCode = 400;
        parseError.code = 'FST_ERR_CTP_INVALID_JSON_BODY';
        done(parseError, undefined);
      }
    },
  );
}
