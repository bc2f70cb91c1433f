import { registerCatalogRoutes } from '../connectors/tmf/catalog-routes';
import {
  CatalogService,
  CatalogSnapshotCache,
  OfferService,
  createCatalogModels,
  loadCatalogData,
} from '../domain/catalog/persistence';
import type { CustomerContextSource } from '../domain/commerce/ports';
import { systemClock } from '../domain/shared/clock';
import type { Clock } from '../domain/shared/clock';
import { AppError } from '../domain/shared/errors';
import type { Logger } from '../infra/logger';
import type { AppContext, RuntimeContext } from '../runtime';

export interface CatalogFeatureDependencies {
  /** Who the party is for eligibility and prices (built by the customers feature). */
  customerContexts: CustomerContextSource;
  clock?: Clock;
  /** Safety net for a missed `catalog.changed` event; see CatalogSnapshotCache. */
  snapshotMaxAgeMs?: number;
}

export interface CatalogServices {
  /** Catalog editing; available once `configure` has run (it needs the MongoDB connection). */
  readonly catalog: CatalogService;
  /** The `CatalogSnapshotSource` commerce prices carts with; usable as soon as `configure` has run. */
  readonly snapshots: CatalogSnapshotCache;
  readonly offers: OfferService;
}

export interface CatalogFeature {
  name: 'catalog';
  services: CatalogServices;
  configure(context: RuntimeContext): Promise<void>;
  configureApp(context: AppContext): void;
}

/**
 * The catalog feature: models and service on the runtime's connection, one cached snapshot per
 * process kept fresh by `catalog.changed` (from this process or any other), the TMF620 routes and
 * `/api/offers`. `snapshots` and `offers` exist from the start so other features can take them as
 * dependencies before the runtime connects.
 */
export function createCatalogFeature(dependencies: CatalogFeatureDependencies): CatalogFeature {
  const clock = dependencies.clock ?? systemClock;
  let logger: Logger | undefined;
  let catalog: CatalogService | undefined;
  const snapshots = new CatalogSnapshotCache({
    clock,
    ...(dependencies.snapshotMaxAgeMs === undefined
      ? {}
      : { maxAgeMs: dependencies.snapshotMaxAgeMs }),
    onRejectedCatalog: (error) =>
      logger?.error(
        { problems: error.details?.problems },
        'the stored catalog is inconsistent; still serving the last consistent snapshot',
      ),
  });
  const offers = new OfferService(snapshots, dependencies.customerContexts, clock);

  const services: CatalogServices = {
    get catalog(): CatalogService {
      if (!catalog) {
        throw new AppError('DEPENDENCY_UNAVAILABLE', 'The catalog feature is not configured yet');
      }
      return catalog;
    },
    snapshots,
    offers,
  };

  return {
    name: 'catalog',
    services,
    async configure(context) {
      logger = context.logger;
      const models = createCatalogModels(context.mongo.connection);
      // Indexes exist before the first list query relies on them.
      await Promise.all(Object.values(models).map((model) => model.init()));
      catalog = new CatalogService({
        models,
        events: context.events,
        clock,
        onCommitted: () => snapshots.invalidate(),
        onPublishFailed: (error, kind, id) =>
          context.logger.warn(
            { err: error, resource: kind, id },
            'catalog.changed could not be published; other processes catch up at their snapshot max age',
          ),
      });
      snapshots.bind(() => loadCatalogData(models));
      context.events.subscribe('catalog.changed', () => snapshots.invalidate());
      context.events.onEventsMissed(() => snapshots.invalidate());
    },
    configureApp(context) {
      registerCatalogRoutes(context.app, { catalog: services.catalog, offers });
    },
  };
}
