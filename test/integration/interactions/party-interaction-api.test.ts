import { seededCustomerIds } from '../../../src/seed/customers';
import { bearer, keys, startCustomersApi } from '../customers/api-harness';
import type { CustomersApi } from '../customers/api-harness';

const BASE = '/tmf-api/partyInteraction/v4/partyInteraction';

function smsFrom(customerId: string, text: string, at: string, externalId?: string) {
  return {
    description: text,
    direction: 'inbound',
    kind: 'message',
    channel: [{ role: 'interactionChannel', channel: { name: 'sms' } }],
    relatedParty: [{ id: customerId, role: 'customer', '@referredType': 'Customer' }],
    interactionDate: { startDateTime: at },
    ...(externalId ? { externalId } : {}),
  };
}

describe('TMF683 party interaction API', () => {
  let api: CustomersApi;
  const stacy = seededCustomerIds.stacy;
  const liam = seededCustomerIds.liam;

  beforeAll(async () => {
    api = await startCustomersApi();
    const timeline = api.feature.services.timeline;
    for (let i = 0; i < 7; i++) {
      await timeline.record({
        party: { customerId: stacy },
        kind: i === 0 ? 'campaign-send' : 'message',
        channel: i % 2 ? 'webchat' : 'sms',
        direction: i === 0 ? 'outbound' : 'inbound',
        summary: `Stacy entry ${i}`,
        occurredAt: new Date(Date.parse('2025-06-01T09:00:00Z') + i * 60_000),
      });
    }
    await timeline.record({
      party: { customerId: liam },
      kind: 'message',
      channel: 'sms',
      direction: 'inbound',
      summary: 'STOP',
      occurredAt: new Date('2025-06-01T09:30:00Z'),
    });
  });

  afterAll(async () => {
    await api?.runtime.stop();
  });

  const inject: CustomersApi['inject'] = (options) => api.inject(options);

  it('refuses anonymous callers and roles without access', async () => {
    expect((await inject({ method: 'GET', url: BASE })).statusCode).toBe(401);
    expect(
      (
        await inject({
          method: 'POST',
          url: BASE,
          payload: smsFrom(stacy, 'hi', '2025-06-01T10:00:00Z'),
        })
      ).statusCode,
    ).toBe(401);
    const catalog = await inject({
      method: 'GET',
      url: BASE,
      headers: bearer(keys.catalogManager),
    });
    expect(catalog.statusCode).toBe(403);
    const supervisorWrite = await inject({
      method: 'POST',
      url: BASE,
      headers: bearer(keys.supervisor),
      payload: smsFrom(stacy, 'hi', '2025-06-01T10:00:00Z'),
    });
    expect(supervisorWrite.statusCode).toBe(403);
  });

  it('pages a customer’s timeline newest first with cursors, and filters by channel', async () => {
    const first = await inject({
      method: 'GET',
      url: `${BASE}?relatedParty.id=${stacy}&limit=3`,
      headers: bearer(keys.agent),
    });
    expect(first.statusCode).toBe(200);
    expect(first.headers['x-total-count']).toBe('7');
    expect(first.headers['x-result-count']).toBe('3');
    expect(first.json().map((entry: { description: string }) => entry.description)).toEqual([
      'Stacy entry 6',
      'Stacy entry 5',
      'Stacy entry 4',
    ]);
    const cursor = first.headers['x-next-cursor'] as string;
    expect(first.headers.link).toContain('rel="next"');

    const second = await inject({
      method: 'GET',
      url: `${BASE}?relatedParty.id=${stacy}&limit=3&cursor=${cursor}`,
      headers: bearer(keys.agent),
    });
    expect(second.json().map((entry: { description: string }) => entry.description)).toEqual([
      'Stacy entry 3',
      'Stacy entry 2',
      'Stacy entry 1',
    ]);

    const byOffset = await inject({
      method: 'GET',
      url: `${BASE}?relatedParty.id=${stacy}&offset=6&limit=3`,
      headers: bearer(keys.agent),
    });
    expect(byOffset.json().map((entry: { description: string }) => entry.description)).toEqual([
      'Stacy entry 0',
    ]);
    expect(byOffset.headers['x-next-cursor']).toBeUndefined();

    const sms = await inject({
      method: 'GET',
      url: `${BASE}?relatedParty.id=${stacy}&channel=sms&fields=description`,
      headers: bearer(keys.supervisor),
    });
    const smsEntries = sms.json() as Array<Record<string, unknown>>;
    expect(smsEntries.map((entry) => entry.description)).toEqual([
      'Stacy entry 6',
      'Stacy entry 4',
      'Stacy entry 2',
      'Stacy entry 0',
    ]);
    expect(Object.keys(smsEntries[0]!).sort()).toEqual(['@type', 'description', 'href', 'id']);

    const tampered = await inject({
      method: 'GET',
      url: `${BASE}?relatedParty.id=${stacy}&cursor=bm90LWEtY3Vyc29y`,
      headers: bearer(keys.agent),
    });
    expect(tampered.statusCode).toBe(400);
  });

  it('lets Stacy read only her own interactions', async () => {
    const token = await api.customerToken(stacy);
    const own = await inject({ method: 'GET', url: BASE, headers: bearer(token) });
    expect(own.statusCode).toBe(200);
    const entries = own.json() as Array<{ id: string; relatedParty: Array<{ id: string }> }>;
    expect(entries.length).toBeGreaterThanOrEqual(7);
    expect(entries.every((entry) => entry.relatedParty[0]?.id === stacy)).toBe(true);

    const liamsList = await inject({
      method: 'GET',
      url: `${BASE}?relatedParty.id=${liam}`,
      headers: bearer(token),
    });
    expect(liamsList.statusCode).toBe(403);

    const liamsEntries = await inject({
      method: 'GET',
      url: `${BASE}?relatedParty.id=${liam}`,
      headers: bearer(keys.agent),
    });
    const liamEntryId = (liamsEntries.json() as Array<{ id: string }>)[0]!.id;
    const liamsOne = await inject({
      method: 'GET',
      url: `${BASE}/${liamEntryId}`,
      headers: bearer(token),
    });
    expect(liamsOne.statusCode).toBe(403);

    const ownOne = await inject({
      method: 'GET',
      url: `${BASE}/${entries[0]!.id}`,
      headers: bearer(token),
    });
    expect(ownOne.statusCode).toBe(200);
    expect(ownOne.json()).toMatchObject({
      '@type': 'PartyInteraction',
      href: `${BASE}/${entries[0]!.id}`,
    });

    const postAsCustomer = await inject({
      method: 'POST',
      url: BASE,
      headers: bearer(token),
      payload: smsFrom(stacy, 'hi', '2025-06-01T10:00:00Z'),
    });
    expect(postAsCustomer.statusCode).toBe(403);
  });

  it('creates interactions for systems and agents, once per externalId', async () => {
    const body = smsFrom(
      stacy,
      'Called back about Summer Data Double',
      '2025-06-01T11:00:00Z',
      'CA9f8e7d6c5b4a',
    );
    const created = await inject({
      method: 'POST',
      url: BASE,
      headers: bearer(keys.system),
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const resource = created.json();
    expect(resource).toMatchObject({
      '@type': 'PartyInteraction',
      description: 'Called back about Summer Data Double',
      externalId: 'CA9f8e7d6c5b4a',
      interactionDate: { startDateTime: '2025-06-01T11:00:00.000Z' },
    });
    expect(created.headers.location).toBe(resource.href);

    const again = await inject({
      method: 'POST',
      url: BASE,
      headers: bearer(keys.agent),
      payload: body,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(resource.id);

    const unknownParty = await inject({
      method: 'POST',
      url: BASE,
      headers: bearer(keys.system),
      payload: smsFrom('cust-nobody', 'hi', '2025-06-01T10:00:00Z'),
    });
    expect(unknownParty.statusCode).toBe(422);

    const unknownField = await inject({
      method: 'POST',
      url: BASE,
      headers: bearer(keys.system),
      payload: { ...body, sentiment: 'positive' },
    });
    expect(unknownField.statusCode).toBe(400);

    const missing = await inject({
      method: 'GET',
      url: `${BASE}/int_nope`,
      headers: bearer(keys.agent),
    });
    expect(missing.statusCode).toBe(404);
  });
});
