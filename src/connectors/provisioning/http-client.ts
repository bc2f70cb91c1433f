import type {
  ProvisioningPort,
  ServiceOrderRequest,
  ServiceOrderResult,
} from '../../domain/commerce/ports';
import { ProvisioningFailure } from '../../domain/commerce/provisioning-failure';
import {
  SERVICE_ORDER_PATH,
  serviceOrderResponseSchema,
  toServiceOrderCreate,
} from './service-order';

export interface HttpProvisioningOptions {
  /** e.g. `https://oss.example.net` or, in development, `${PUBLIC_BASE_URL}/dev/provisioning`. */
  baseUrl: string;
  timeoutMs?: number;
  /** Extra headers such as an API key the OSS expects. */
  headers?: Record<string, string>;
}

/** 408 and 429 are the client errors that mean "not now" rather than "never". */
function isRetryableStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * The TMF641 ServiceOrder client behind the provisioning port. The product order id travels as
 * `externalId`, so a retried submission finds the first service order instead of provisioning twice.
 */
export class HttpProvisioningClient implements ProvisioningPort {
  private readonly endpoint: string;
  private readonly timeoutMs: number;

  constructor(private readonly options: HttpProvisioningOptions) {
    this.endpoint = `${options.baseUrl.replace(/\/+$/, '')}${SERVICE_ORDER_PATH}`;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async submitServiceOrder(request: ServiceOrderRequest): Promise<ServiceOrderResult> {
    let response: Response;
    try {
      response = await fetch(this.endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...this.options.headers,
        },
        body: JSON.stringify(toServiceOrderCreate(request)),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new ProvisioningFailure(
        `provisioning unreachable: ${(error as Error).message}`,
        true,
        undefined,
        { cause: error },
      );
    }
    const text = await response.text().catch(() => '');
    if (!response.ok) {
      throw new ProvisioningFailure(
        `provisioning answered ${response.status}${text ? `: ${text.slice(0, 300)}` : ''}`,
        isRetryableStatus(response.status),
        response.status,
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new ProvisioningFailure(
        'provisioning answered with a body that is not JSON',
        true,
        response.status,
      );
    }
    const parsed = serviceOrderResponseSchema.safeParse(body);
    if (!parsed.success) {
      throw new ProvisioningFailure(
        `provisioning answered with an unexpected service order: ${parsed.error.message}`,
        false,
        response.status,
      );
    }
    return { id: parsed.data.id, state: parsed.data.state };
  }
}
