import type { ZodType } from 'zod';

/** How a caller proves who she is; the OpenAPI document names each under `components.securitySchemes`. */
export type SecurityScheme = 'bearer' | 'twilioSignature' | 'basic' | 'sessionCookie';

export interface ResponseDoc {
  description: string;
  /** The body's zod schema; absent for an empty body or one only a media type describes. */
  schema?: ZodType;
  /** Defaults to application/json when a schema is given. */
  contentType?: string;
}

/**
 * What a route declares once, beside its registration: the zod schemas its handler validates with
 * (so the document cannot drift from the checks) and the answers it gives.
 */
export interface RouteDoc {
  summary: string;
  tags: string[];
  description?: string;
  body?: ZodType;
  /** JSON unless the route takes a form post (Twilio's webhooks). */
  bodyContentType?: 'application/json' | 'application/x-www-form-urlencoded';
  /** A write that reads nothing from its body (an action such as `pause`). */
  noBody?: true;
  query?: ZodType;
  params?: ZodType;
  responses: Record<number, ResponseDoc | string>;
  /** Any one of these is enough; absent or empty means the route is public. */
  security?: SecurityScheme[];
  /** The roles that may call it, shown in the reference (admin always may). */
  roles?: readonly string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    api?: RouteDoc;
  }
}

/** Route options carrying the declaration: `app.post(path, documented({...}), handler)`. */
export function documented(doc: RouteDoc): { config: { api: RouteDoc } } {
  return { config: { api: doc } };
}
