import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../../domain/shared/errors';

/**
 * No request this service serves nests deeper than a dozen levels (an audience query with `$and`
 * of `$or` of operators is the deepest); 32 leaves room and keeps every recursive walker behind
 * the parser (zod, the query checker, the MongoDB driver's BSON encoder) far from the stack limit.
 */
export const MAX_JSON_DEPTH = 32;

/** The JSON media types every route accepts: plain JSON and TMF's merge-patch for PATCH. */
export const JSON_MEDIA_TYPES = ['application/json', 'application/merge-patch+json'];

/**
 * How deep `text` nests objects and arrays, stopping as soon as it passes `limit`. It reads the
 * raw text in one loop, so a body nested a million deep is refused before anything recurses on it.
 */
export function jsonNestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c /* \ */) index += 1;
      else if (char === 0x22 /* " */) inString = false;
    } else if (char === 0x22) {
      inString = true;
    } else if (char === 0x7b /* { */ || char === 0x5b /* [ */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (char === 0x7d /* } */ || char === 0x5d /* ] */) {
      depth -= 1;
    }
  }
  return false;
}

type Done = (error: Error | null, body?: unknown) => void;
type BodyParser = (request: FastifyRequest, body: string | Buffer, done: Done) => void;

/** Fastify's own JSON parsing (with its prototype-poisoning checks) behind the nesting bound. */
export function boundedJsonParser(app: FastifyInstance): BodyParser {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  return (request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) {
      done(
        new AppError(
          'VALIDATION_FAILED',
          `The JSON body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`,
          { maxDepth: MAX_JSON_DEPTH },
        ),
      );
      return;
    }
    parseJson(request, text, done);
  };
}

/**
 * Replaces Fastify's JSON parser for every route at once: the size is bounded by `bodyLimit`
 * (413), the nesting here (400).
 */
export function registerBoundedJsonParser(app: FastifyInstance): void {
  const parser = boundedJsonParser(app);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(JSON_MEDIA_TYPES, { parseAs: 'string' }, parser);
}
