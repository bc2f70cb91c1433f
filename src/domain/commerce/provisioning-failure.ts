/**
 * Why provisioning did not accept a service order. `retryable` outages (5xx, 429, timeouts, network)
 * are retried with backoff; the rest (a 4xx refusal, a rejected service order) fail the order at once.
 */
export class ProvisioningFailure extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly status?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'ProvisioningFailure';
  }
}

export function isProvisioningFailure(error: unknown): error is ProvisioningFailure {
  return error instanceof ProvisioningFailure;
}
