import type { RouteOptions } from 'fastify';
import { createApplicationFeatures } from '../../../src/features';
import type { ApplicationFeatures } from '../../../src/features';
import { seedDemoData } from '../../../src/seed/demo-data';
import { startTestRuntime } from '../../support/runtime';
import type { TestRuntime } from '../../support/runtime';

/** An admin key: every role check passes, so requests reach the validation behind it. */
export const ADMIN_KEY = 'edge-admin-secret-0123456789';

export interface RegisteredRoute {
  method: string;
  url: string;
}

export interface FullApp {
  runtime: TestRuntime;
  features: ApplicationFeatures;
  /** Every method and path the application registered, as fastify saw them. */
  routes: RegisteredRoute[];
  url: string;
  stop(): Promise<void>;
}

/** The whole application as `main.ts` composes it, with the demo data, on port 0. */
export async function startFullApp(): Promise<FullApp> {
  const features = createApplicationFeatures();
  const routes: RegisteredRoute[] = [];
  const runtime = await startTestRuntime({
    env: { API_KEYS: `edge-admin:admin:${ADMIN_KEY}` },
    configure: async (context) => {
      await features.configure(context);
      await seedDemoData({
        catalog: features.catalog.services.catalog,
        customerModels: features.customers.services.models,
      });
    },
    configureApp: async (context) => {
      context.app.addHook('onRoute', (route: RouteOptions) => {
        const methods = Array.isArray(route.method) ? route.method : [route.method];
        for (const method of methods) routes.push({ method, url: route.url });
      });
      await features.configureApp(context);
    },
  });
  return {
    runtime,
    features,
    routes,
    url: runtime.url!,
    stop: () => runtime.stop(),
  };
}
