import type { AddressInfo } from 'node:net';

/**
 * PUBLIC_BASE_URL: the address Twilio calls and signs over, whatever proxy sits in front. A
 * configured port 0 (tests, benchmarks: "any free port") cannot be public, so it becomes the port
 * the server actually bound once it listens.
 */
export class PublicBaseUrl {
  private resolved: string | undefined;

  constructor(private readonly configured: string) {
    this.resolved = new URL(configured).port === '0' ? undefined : configured;
  }

  bindTo(address: AddressInfo | string | null): void {
    if (this.resolved || !address || typeof address === 'string') return;
    const url = new URL(this.configured);
    url.port = String(address.port);
    this.resolved = url.toString().replace(/\/+$/, '');
  }

  get value(): string {
    if (!this.resolved) {
      throw new Error('PUBLIC_BASE_URL names port 0 and the server is not listening yet');
    }
    return this.resolved;
  }

  /** The absolute URL of `pathWithQuery` as Twilio sees it. */
  of(pathWithQuery: string): string {
    return `${this.value}${pathWithQuery}`;
  }
}
