import type { CatalogService } from '../domain/catalog/persistence';
import type { CustomerModels } from '../domain/customers/models';
import type { Clock } from '../domain/shared/clock';
import { seedCatalog } from './catalog';
import { seedCustomers } from './customers';

export interface DemoDataTargets {
  catalog: CatalogService;
  customerModels: CustomerModels;
  clock?: Clock;
}

export interface DemoDataResult {
  catalog: { created: number; existing: number };
  customers: { inserted: number; existing: number };
}

/** The demo catalog and customers (the journey's Stacy among them); safe to run again. */
export async function seedDemoData(targets: DemoDataTargets): Promise<DemoDataResult> {
  const options = targets.clock ? { clock: targets.clock } : {};
  const catalog = await seedCatalog(targets.catalog, options);
  const customers = await seedCustomers(targets.customerModels, targets.clock);
  return {
    catalog,
    customers: { inserted: customers.inserted.length, existing: customers.existing.length },
  };
}

/** A fresh installation starts with demo data; one that has any catalog or customer keeps its own. */
export async function seedDemoDataIfEmpty(
  targets: DemoDataTargets,
): Promise<DemoDataResult | undefined> {
  const [offerings, customers] = await Promise.all([
    targets.catalog.offerings.list({ filter: {}, offset: 0, limit: 1 }),
    targets.customerModels.Customer.estimatedDocumentCount(),
  ]);
  if (offerings.total > 0 || customers > 0) return undefined;
  return seedDemoData(targets);
}
