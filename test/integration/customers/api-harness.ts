import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TokenService } from '../../../src/infra/auth/tokens';
import { createCustomersFeature } from '../../../src/features/customers';
import type { CustomersFeature } from '../../../src/features/customers';
import { seedCustomers } from '../../../src/seed/customers';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';
import { SmsCodeOutbox } from './harness';

export const keys = {
  agent: 'agent-key-0123456789abcdef',
  system: 'crm-key-0123456789abcdef',
  catalogManager: 'catalog-key-0123456789abcdef',
  campaignManager: 'campaign-key-0123456789abcdef',
  supervisor: 'supervisor-key-0123456789abcdef',
};

export interface CustomersApi {
  runtime: TestRuntime;
  feature: CustomersFeature;
  tokens: TokenService;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** A signed-in customer's bearer token, as self-care would hold it. */
  customerToken(customerId: string): Promise<string>;
}

/** A full runtime (HTTP, auth, MongoDB, Redis) with only the customers feature and the seed loaded. */
export async function startCustomersApi(): Promise<CustomersApi> {
  const feature = createCustomersFeature({ smsCodeSender: new SmsCodeOutbox() });
  let tokens: TokenService | undefined;
  const runtime = await startTestRuntime({
    env: {
      API_KEYS: [
        `desk:agent:${keys.agent}`,
        `crm:system:${keys.system}`,
        `pim:catalog-manager:${keys.catalogManager}`,
        `marketing:campaign-manager:${keys.campaignManager}`,
        `floor:supervisor:${keys.supervisor}`,
      ].join(','),
    },
    configure: async (context) => {
      await feature.configure(context);
      await seedCustomers(feature.services.models);
    },
    configureApp: (context) => {
      tokens = context.tokens;
      feature.configureApp(context);
    },
  });
  const issuer = tokens as TokenService;
  return {
    runtime,
    feature,
    tokens: issuer,
    inject: (options) => {
      if (!runtime.app) throw new Error('the runtime has no HTTP app');
      return runtime.app.inject(options);
    },
    customerToken: (customerId) =>
      issuer.issue(
        { kind: 'customer', id: `user-${customerId}`, roles: ['customer'], customerId },
        600,
      ),
  };
}

export function bearer(secret: string): Record<string, string> {
  return { authorization: `Bearer ${secret}` };
}
