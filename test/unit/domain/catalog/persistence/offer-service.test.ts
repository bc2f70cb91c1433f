import { buildCatalogSnapshot } from '../../../../../src/domain/catalog/catalog-snapshot';
import type { CatalogSnapshot } from '../../../../../src/domain/catalog/catalog-snapshot';
import type { CustomerContext } from '../../../../../src/domain/catalog/customer-context';
import { OfferService } from '../../../../../src/domain/catalog/persistence';
import type {
  CatalogSnapshotSource,
  CustomerContextSource,
} from '../../../../../src/domain/commerce/ports';
import { fixedClock } from '../../../../../src/domain/shared/clock';
import type { PartyRef } from '../../../../../src/domain/shared/party';
import {
  ids,
  july15,
  newConsumer,
  stacy,
  summerCampaign,
  telecomCatalog,
} from '../../fixtures/telecom-catalog';

class FixedSnapshot implements CatalogSnapshotSource {
  constructor(private readonly snapshot: CatalogSnapshot) {}
  async current(): Promise<CatalogSnapshot> {
    return this.snapshot;
  }
}

class Contexts implements CustomerContextSource {
  async contextFor(party: PartyRef): Promise<CustomerContext> {
    return party.customerId === 'cust-stacy'
      ? stacy({ campaignIds: [] })
      : newConsumer({ currentPlanIds: [ids.unlimited30] });
  }
}

describe('OfferService', () => {
  const service = new OfferService(
    new FixedSnapshot(buildCatalogSnapshot(telecomCatalog())),
    new Contexts(),
    fixedClock(july15),
  );

  it("answers for the party's own context at the service's time", async () => {
    const result = await service.offersFor({
      channel: 'selfcare',
      party: { customerId: 'cust-stacy' },
    });
    expect(result.customer.customerId).toBe('cust-stacy');
    expect(result.currency).toBe('EUR');
    const summer = result.decisions.find((decision) => decision.offering.id === ids.summerDouble);
    // €5.00 less the self-care 20%; no campaign promotion without the campaign.
    expect(summer?.offered && summer.price.recurring.amount).toBe(400);
  });

  it('applies the campaign the session came from, and the cart', async () => {
    const result = await service.offersFor({
      channel: 'selfcare',
      party: { customerId: 'cust-stacy' },
      campaignId: summerCampaign,
      cart: [ids.familyBundle],
    });
    const summer = result.decisions.find((decision) => decision.offering.id === ids.summerDouble);
    expect(summer?.offered && summer.price.recurring.amount).toBe(300);
    const plan = result.decisions.find((decision) => decision.offering.id === ids.unlimited30);
    expect(plan?.offered === false && plan.whyNot.map((reason) => reason.code)).toContain(
      'excluded-by',
    );
  });

  it('uses an explicit time when given', async () => {
    const result = await service.offersFor({
      channel: 'webchat',
      party: { visitorId: 'vis-1' },
      now: new Date('2025-12-15T10:00:00Z'),
    });
    const ski = result.decisions.find((decision) => decision.offering.id === ids.skiPass);
    expect(ski?.offered).toBe(true);
  });
});
