import { createHmac } from 'node:crypto';
import { registerPortalPages } from '../connectors/web/page-routes';
import { ShortLinks } from '../infra/auth/short-links';
import { registerSelfCareRoutes } from '../connectors/web/self-care-routes';
import { registerCustomerSignInRoutes } from '../connectors/web/sign-in-routes';
import { SignInThrottle } from '../connectors/web/sign-in-throttle';
import type { SignInThrottleLimits } from '../connectors/web/sign-in-throttle';
import { registerPortalAssets } from '../connectors/web/static-assets';
import type { WebServices } from '../connectors/web/web-services';
import type { CustomerContext } from '../domain/catalog/customer-context';
import type { CatalogSnapshotSource, CustomerContextSource } from '../domain/commerce/ports';
import type { CartLookup } from '../domain/commerce/pricing-request';
import type { CustomerService } from '../domain/customers/customer-service';
import type { IdentityService } from '../domain/customers/identity-service';
import { systemClock } from '../domain/shared/clock';
import type { Clock } from '../domain/shared/clock';
import type { AppContext } from '../runtime';

export interface WebFeatureDependencies {
  /** The catalog feature's snapshot cache (offers and prices per channel). */
  snapshots: CatalogSnapshotSource;
  /** The customers feature's eligibility contexts. */
  customerContexts: CustomerContextSource;
  /** Thunks: these services exist once the customers feature is configured. */
  customers: () => CustomerService;
  identities: () => IdentityService;
  /** The commerce feature's carts, so an offer is priced with her cart's campaign. */
  carts?: () => CartLookup;
  clock?: Clock;
  /** How long a customer stays signed in (token and cookie). Default one hour. */
  sessionTtlSeconds?: number;
  signInLimits?: SignInThrottleLimits;
}

export interface WebFeature {
  name: 'web';
  configureApp(context: AppContext): Promise<void>;
}

/**
 * The customer portal: `/`, `/offers/:id`, `/sign-in` and `/self-care` as server-rendered pages,
 * their CSS and scripts, customer sign-in by SMS code, and the small self-care JSON glue the TMF
 * APIs lack. App nodes only; it declares no queue and no subscriber.
 */
export function createWebFeature(dependencies: WebFeatureDependencies): WebFeature {
  const services: WebServices = {
    snapshots: dependencies.snapshots,
    customerContexts: dependencies.customerContexts,
    customers: dependencies.customers,
    identities: dependencies.identities,
    carts: () => dependencies.carts?.(),
    clock: dependencies.clock ?? systemClock,
    anonymousContext: anonymousContextOnce(dependencies.customerContexts),
  };

  return {
    name: 'web',
    async configureApp(context) {
      const throttle = new SignInThrottle(
        context.redis,
        {
          prefix: context.config.REDIS_KEY_PREFIX,
          secret: derive(context.config.JWT_SECRET, 'sign-in-throttle'),
        },
        ...(dependencies.signInLimits ? [dependencies.signInLimits] : []),
      );
      registerPortalAssets(context.app);
      registerPortalPages(context.app, services, context.tokens, {
        secureCookie: context.config.PUBLIC_BASE_URL.startsWith('https:'),
        shortLinks: new ShortLinks(context.redis, context.config.REDIS_KEY_PREFIX),
        shortLinkSessionSeconds: dependencies.sessionTtlSeconds ?? 3600,
      });
      registerCustomerSignInRoutes(context.app, services, {
        tokens: context.tokens,
        throttle,
        options: {
          sessionTtlSeconds: dependencies.sessionTtlSeconds ?? 3600,
          secureCookie: context.config.PUBLIC_BASE_URL.startsWith('https:'),
        },
      });
      registerSelfCareRoutes(context.app, services);
    },
  };
}

/**
 * Every anonymous page view has the same eligibility context (the deployment's region and language),
 * so it is asked for once instead of costing a database read per page; a failure is asked again.
 */
function anonymousContextOnce(contexts: CustomerContextSource): () => Promise<CustomerContext> {
  let pending: Promise<CustomerContext> | undefined;
  return () => {
    pending ??= contexts.contextFor({ visitorId: 'anonymous' }).catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}

/** An independent key for this purpose from the configured secret. */
function derive(secret: string, purpose: string): string {
  return createHmac('sha256', secret)
    .update(`omnichannel-sales-assist:${purpose}`)
    .digest('base64url');
}
