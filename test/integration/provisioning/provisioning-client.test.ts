import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { ServiceOrderRequest } from '../../../src/domain/commerce/ports';
import { ProvisioningFailure } from '../../../src/domain/commerce/provisioning-failure';
import { HttpProvisioningClient } from '../../../src/connectors/provisioning/http-client';
import { startProvisioningStandIn } from '../../../src/connectors/provisioning/stand-in';
import type { RunningProvisioningStandIn } from '../../../src/connectors/provisioning/stand-in';

const request = (externalId: string): ServiceOrderRequest => ({
  externalId,
  customerId: 'cust-stacy',
  items: [
    {
      id: 'item-1',
      action: 'add',
      offeringId: 'po-data-boost',
      offeringName: 'Data Boost',
      quantity: 1,
      characteristics: { dataSize: 50 },
    },
    {
      id: 'item-2',
      action: 'modify',
      offeringId: 'po-unlimited-30gb',
      offeringName: 'Unlimited Talk & Text 30 GB',
      subscriptionId: 'sub-stacy-mobile',
      quantity: 1,
      characteristics: { network: '5G' },
    },
  ],
});

async function failure(promise: Promise<unknown>): Promise<ProvisioningFailure> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ProvisioningFailure) return error;
    throw error;
  }
  throw new Error('expected a ProvisioningFailure');
}

describe('TMF641 provisioning client against the stand-in', () => {
  let running: RunningProvisioningStandIn;
  let client: HttpProvisioningClient;

  beforeAll(async () => {
    running = await startProvisioningStandIn();
    client = new HttpProvisioningClient({ baseUrl: running.url, timeoutMs: 2000 });
  });
  afterAll(async () => {
    await running.close();
  });

  it('creates one service order per external id, answering a repeat with the same order', async () => {
    const first = await client.submitServiceOrder(request('po_dedupe_1'));
    const repeat = await client.submitServiceOrder(request('po_dedupe_1'));
    expect(first.state).toBe('completed');
    expect(repeat.id).toBe(first.id);
    const [stored] = running.standIn
      .serviceOrders()
      .filter((order) => order.externalId === 'po_dedupe_1');
    expect(
      stored?.serviceOrderItem.map((item) => [
        item.action,
        item.service.serviceSpecification.id,
        item.service.id,
      ]),
    ).toEqual([
      ['add', 'po-data-boost', undefined],
      ['modify', 'po-unlimited-30gb', 'sub-stacy-mobile'],
    ]);
    const status = await fetch(`${running.url}/tmf-api/serviceOrdering/v4/serviceOrder`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        externalId: 'po_dedupe_1',
        relatedParty: [{ id: 'cust-stacy', role: 'customer' }],
        serviceOrderItem: [
          {
            id: '1',
            action: 'add',
            quantity: 1,
            service: {
              name: 'x',
              serviceSpecification: { id: 'po-data-boost' },
              serviceCharacteristic: [],
            },
          },
        ],
      }),
    });
    expect(status.status).toBe(200);
  });

  it('treats 5xx and 429 as retryable and 4xx as a refusal', async () => {
    running.standIn.failNext(1, 503);
    const outage = await failure(client.submitServiceOrder(request('po_fail_1')));
    expect(outage).toMatchObject({ retryable: true, status: 503 });
    running.standIn.failNext(1, 429);
    expect(await failure(client.submitServiceOrder(request('po_fail_1')))).toMatchObject({
      retryable: true,
      status: 429,
    });
    running.standIn.failNext(1, 422);
    expect(await failure(client.submitServiceOrder(request('po_fail_1')))).toMatchObject({
      retryable: false,
      status: 422,
    });
    expect((await client.submitServiceOrder(request('po_fail_1'))).state).toBe('completed');
    expect(running.standIn.submissionsFor('po_fail_1')).toBe(4);
  });

  it('fails at the configured rate', async () => {
    running.standIn.setFailureRate(1);
    try {
      expect(await failure(client.submitServiceOrder(request('po_rate_1')))).toMatchObject({
        retryable: true,
      });
    } finally {
      running.standIn.setFailureRate(0);
    }
  });

  it('rejects a malformed service order with a 400 TMF error', async () => {
    const response = await fetch(`${running.url}/tmf-api/serviceOrdering/v4/serviceOrder`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ externalId: 'po_bad', serviceOrderItem: [], surprise: true }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { '@type': string };
    expect(body['@type']).toBe('Error');
  });

  it('treats an unreachable provisioning system as retryable', async () => {
    // A port that was free a moment ago: nothing listens there now.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const unreachable = new HttpProvisioningClient({
      baseUrl: `http://127.0.0.1:${port}`,
      timeoutMs: 2000,
    });
    expect(await failure(unreachable.submitServiceOrder(request('po_down_1')))).toMatchObject({
      retryable: true,
    });
  });
});
