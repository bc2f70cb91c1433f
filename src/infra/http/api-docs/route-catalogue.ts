import type { RouteOptions } from 'fastify';
import type { RouteDoc } from './route-doc';

export interface CataloguedRoute {
  method: string;
  /** Fastify's pattern, such as `/tmf-api/x/v4/y/:id`. */
  url: string;
  doc: RouteDoc | undefined;
}

/**
 * Every route Fastify registers, as its onRoute hook saw it: what the OpenAPI document is built
 * from, and what the completeness check compares the document against.
 */
export class RouteCatalogue {
  private readonly entries: CataloguedRoute[] = [];

  /** For Fastify's onRoute hook; HEAD routes Fastify adds for every GET are not listed. */
  record(route: RouteOptions): void {
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      this.entries.push({ method, url: route.url, doc: route.config?.api });
    }
  }

  get routes(): readonly CataloguedRoute[] {
    return this.entries;
  }

  /**
   * Routes the document cannot describe fully: no declaration, a path parameter without a params
   * schema, or a write without a body schema (nor `noBody`).
   */
  gaps(): string[] {
    const gaps: string[] = [];
    for (const { method, url, doc } of this.entries) {
      const name = `${method} ${url}`;
      if (!doc) gaps.push(`${name}: no schema declared`);
      else if (url.includes(':') && !doc.params) gaps.push(`${name}: no params schema`);
      else if (['POST', 'PUT', 'PATCH'].includes(method) && !doc.body && !doc.noBody) {
        gaps.push(`${name}: no body schema`);
      }
    }
    return gaps;
  }
}
