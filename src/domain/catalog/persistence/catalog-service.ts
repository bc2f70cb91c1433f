import { systemClock } from '../../shared/clock';
import type { Clock } from '../../shared/clock';
import { AppError } from '../../shared/errors';
import type { DomainEventPublisher } from '../../shared/events';
import type { CatalogModels } from './catalog-models';
import { loadCatalogData } from './catalog-data-loader';
import type { StoredCatalogData } from './catalog-data-loader';
import { applyChange, problemsIntroduced } from './catalog-integrity';
import type { CatalogChange } from './catalog-integrity';
import { CatalogResourceStore } from './catalog-resource-store';
import type { CatalogWriteContext } from './catalog-resource-store';
import {
  offeringDefinition,
  priceDefinition,
  promotionDefinition,
  specificationDefinition,
} from './catalog-resources';
import type {
  CatalogResource,
  CatalogResourceDefinition,
  CatalogResourceKind,
  StoredOffering,
  StoredPrice,
  StoredPromotion,
  StoredSpecification,
} from './catalog-resources';

export interface CatalogServiceOptions {
  models: CatalogModels;
  events: DomainEventPublisher;
  clock?: Clock;
  /** Runs right after a write commits, before the event goes out: drop this process's caches here. */
  onCommitted?: (kind: CatalogResourceKind, id: string) => void;
  /**
   * The write is durable when `catalog.changed` fails to publish (Redis down); other processes
   * then catch up through their snapshot's maximum age. Reported here rather than failing the request.
   */
  onPublishFailed?: (error: unknown, kind: CatalogResourceKind, id: string) => void;
}

/**
 * The catalog as catalog managers edit it: offerings, prices, specifications and promotions, each
 * validated with the domain's zod schemas, checked against the rest of the catalog before it is
 * written, and announced with `catalog.changed` once written.
 */
export class CatalogService implements CatalogWriteContext {
  readonly offerings: CatalogResourceStore<StoredOffering>;
  readonly prices: CatalogResourceStore<StoredPrice>;
  readonly specifications: CatalogResourceStore<StoredSpecification>;
  readonly promotions: CatalogResourceStore<StoredPromotion>;
  readonly clock: Clock;

  constructor(private readonly options: CatalogServiceOptions) {
    this.clock = options.clock ?? systemClock;
    this.offerings = new CatalogResourceStore(offeringDefinition, options.models, this);
    this.prices = new CatalogResourceStore(priceDefinition, options.models, this);
    this.specifications = new CatalogResourceStore(specificationDefinition, options.models, this);
    this.promotions = new CatalogResourceStore(promotionDefinition, options.models, this);
  }

  loadData(): Promise<StoredCatalogData> {
    return loadCatalogData(this.options.models);
  }

  /**
   * Refuses a write that would leave the catalog inconsistent (an offering pointing at a missing
   * price, a price in another currency...). Two concurrent writes can still combine into a broken
   * catalog; the snapshot source then keeps serving the last consistent one.
   */
  async assertKeepsCatalogConsistent<T extends CatalogResource>(
    definition: CatalogResourceDefinition<T>,
    change: CatalogChange<T>,
  ): Promise<void> {
    const before = await this.loadData();
    const current = before[definition.dataKey] as unknown as T[];
    const after = { ...before, [definition.dataKey]: applyChange(current, change) };
    const problems = problemsIntroduced(before, after);
    if (problems.length === 0) return;
    const removing = 'removeId' in change;
    const subject = removing
      ? `Deleting ${definition.label} ${change.removeId}`
      : `This ${definition.label}`;
    throw new AppError(
      removing ? 'CONFLICT' : 'UNPROCESSABLE',
      `${subject} would make the catalog inconsistent: ${problems.join('; ')}`,
      { problems },
    );
  }

  async committed(kind: CatalogResourceKind, id: string): Promise<void> {
    this.options.onCommitted?.(kind, id);
    try {
      await this.options.events.publish('catalog.changed', { resource: kind, id });
    } catch (error) {
      this.options.onPublishFailed?.(error, kind, id);
    }
  }
}
