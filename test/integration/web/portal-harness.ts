import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import type { WebFeatureDependencies } from '../../../src/features/web';
import { TokenService } from '../../../src/infra/auth/tokens';
import type { AppContext, RuntimeContext } from '../../../src/runtime';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

export const agentKey = 'agent-desk-secret-0123456789';

export interface Portal {
  runtime: TestRuntime;
  features: ApplicationFeatures;
  url: string;
  /** A customer token as sign-in would issue it, for tests that are not about signing in. */
  customerToken(customerId: string): Promise<string>;
  /** The newest one-time code texted to `phone` through the Twilio stand-in, once it arrives. */
  codeSentTo(phone: string, notIn?: ReadonlySet<string>): Promise<string>;
  /** Every message body the stand-in holds for `phone`. */
  messagesTo(phone: string): Promise<string[]>;
  stop(): Promise<void>;
}

interface OutboxMessage {
  to: string;
  body: string;
}

/**
 * The whole application (every feature of src/features.ts) plus the portal feature, on the demo
 * catalog and customers, as `npm start` runs it once the web feature is wired in.
 */
export interface PortalOptions {
  web?: Partial<Omit<WebFeatureDependencies, 'snapshots' | 'customerContexts'>>;
  /** A feature the application does not compose yet (e.g. web chat with a stand-in engine). */
  extra?: (features: ApplicationFeatures) => {
    configure?(context: RuntimeContext): Promise<void> | void;
    configureApp?(context: AppContext): Promise<void> | void;
  };
}

export async function startPortal(options: PortalOptions = {}): Promise<Portal> {
  const features = createApplicationFeatures(options.web ? { web: options.web } : {});
  const extra = options.extra?.(features);
  const runtime = await startTestRuntime({
    env: { API_KEYS: `agent-desk:agent:${agentKey}` },
    configure: async (context) => {
      await features.configure(context);
      await seedDemoData({
        catalog: features.catalog.services.catalog,
        customerModels: features.customers.services.models,
      });
      await extra?.configure?.(context);
    },
    configureApp: async (context) => {
      await features.configureApp(context);
      await extra?.configureApp?.(context);
    },
  });
  const url = runtime.url!;
  const tokens = new TokenService(runtime.config.JWT_SECRET);

  const messagesTo = async (phone: string): Promise<string[]> => {
    const response = await fetch(`${url}/dev/twilio/messages`);
    const { messages } = (await response.json()) as { messages: OutboxMessage[] };
    return messages.filter((message) => message.to === phone).map((message) => message.body);
  };

  return {
    runtime,
    features,
    url,
    customerToken: (customerId) =>
      tokens.issue({ kind: 'customer', id: customerId, roles: ['customer'], customerId }, 600),
    messagesTo,
    async codeSentTo(phone, notIn = new Set()) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const codes = (await messagesTo(phone))
          .map((body) => /\b(\d{6})\b/.exec(body)?.[1])
          .filter((code): code is string => code !== undefined && !notIn.has(code));
        const newest = codes.at(-1);
        if (newest) return newest;
        if (Date.now() > deadline) throw new Error(`no code reached ${phone}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    stop: () => runtime.stop(),
  };
}
