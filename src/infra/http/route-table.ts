/**
 * The methods each registered path answers, so a request for a known path with another method is
 * a 405 naming the allowed ones rather than a 404 claiming the resource does not exist.
 */
export class RouteTable {
  private readonly routes: Array<{ pattern: RegExp; method: string }> = [];

  add(method: string, url: string): void {
    this.routes.push({ pattern: patternOf(url), method: method.toUpperCase() });
  }

  /** The methods registered for `path` (without its query), in registration order. */
  methodsFor(path: string): string[] {
    const methods = new Set<string>();
    for (const route of this.routes) if (route.pattern.test(path)) methods.add(route.method);
    return [...methods];
  }
}

/** Fastify's `/a/:id/b` and `/a/*` as an anchored expression; a parameter is one segment. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
