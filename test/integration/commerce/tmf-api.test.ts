import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyHubSignature } from '../../../src/connectors/tmf/hub-signature';
import { ids } from '../../unit/domain/fixtures/telecom-catalog';
import { apiKeys, eventually, startCommerce } from './commerce-harness';
import type { CommerceHarness } from './commerce-harness';

const cartPath = '/tmf-api/shoppingCart/v4/shoppingCart';
const quotePath = '/tmf-api/quoteManagement/v4/quote';
const orderPath = '/tmf-api/productOrderingManagement/v4/productOrder';
const hubPath = '/tmf-api/productOrderingManagement/v4/hub';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A listener on port 0 that answers 503 to its first `downFor` calls, as a listener being restarted. */
async function startListener(
  downFor: number,
): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  let calls = 0;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      calls += 1;
      if (calls <= downFor) {
        response.writeHead(503).end();
        return;
      }
      received.push({ headers: request.headers, body });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/listener/orders`,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describe('TMF663 / TMF648 / TMF622 over HTTP', () => {
  let h: CommerceHarness;
  let stacyToken: string;
  let otherToken: string;
  const as = (token: string, extra: Record<string, string> = {}) => ({
    authorization: `Bearer ${token}`,
    ...extra,
  });

  beforeAll(async () => {
    h = await startCommerce();
    stacyToken = await h.customerToken('cust-stacy');
    otherToken = await h.customerToken('cust-someone-else');
  });
  afterAll(async () => {
    await h.stop();
  });

  it('serves the customer her own cart, priced for self-care, with ETag versioning', async () => {
    const app = h.runtime.app!;
    expect((await app.inject({ method: 'POST', url: cartPath, payload: {} })).statusCode).toBe(401);

    const created = await app.inject({
      method: 'POST',
      url: cartPath,
      headers: as(stacyToken),
      payload: {
        cartItem: [
          {
            productOffering: { id: ids.dataBoost },
            product: { productCharacteristic: [{ name: 'dataSize', value: '50' }] },
          },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const cart = created.json();
    expect(cart).toMatchObject({
      '@type': 'ShoppingCart',
      href: `${cartPath}/${cart.id}`,
      relatedParty: [{ id: 'cust-stacy', role: 'customer' }],
      cartItem: [
        {
          action: 'add',
          quantity: 1,
          productOffering: { id: ids.dataBoost, name: 'Data Boost' },
          product: { productCharacteristic: [{ name: 'dataSize', value: 50 }] },
        },
      ],
    });
    expect(cart.cartTotalPrice).toContainEqual(
      expect.objectContaining({
        priceType: 'recurring',
        price: expect.objectContaining({ taxIncludedAmount: { unit: 'EUR', value: 11.24 } }),
      }),
    );
    expect(created.headers.etag).toBe('"1"');
    expect(created.headers.location).toBe(`${cartPath}/${cart.id}`);

    const second = await app.inject({
      method: 'POST',
      url: cartPath,
      headers: as(stacyToken),
      payload: {},
    });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({
      '@type': 'Error',
      code: 'CONFLICT',
      details: { cartId: cart.id },
    });

    expect(
      (await app.inject({ method: 'GET', url: `${cartPath}/${cart.id}`, headers: as(otherToken) }))
        .statusCode,
    ).toBe(403);
    expect(
      (await app.inject({ method: 'GET', url: `${cartPath}/cart_nope`, headers: as(stacyToken) }))
        .statusCode,
    ).toBe(404);
    const viaAgent = await app.inject({
      method: 'GET',
      url: `${cartPath}/${cart.id}?fields=cartTotalPrice`,
      headers: as(apiKeys.agent),
    });
    expect(viaAgent.statusCode).toBe(200);
    expect(Object.keys(viaAgent.json()).sort()).toEqual(['@type', 'cartTotalPrice', 'href', 'id']);
    // The agent desk sees agent-channel prices: no self-care-only July promotion.
    expect(viaAgent.json().cartTotalPrice[0].price.taxIncludedAmount.value).toBe(14.99);

    const agentChannelForCustomer = await app.inject({
      method: 'GET',
      url: `${cartPath}/${cart.id}`,
      headers: as(stacyToken, { 'x-channel': 'agent' }),
    });
    expect(agentChannelForCustomer.statusCode).toBe(403);

    const itemId = cart.cartItem[0].id;
    const patch = (ifMatch: string, quantity: number) =>
      app.inject({
        method: 'PATCH',
        url: `${cartPath}/${cart.id}`,
        headers: as(stacyToken, {
          'content-type': 'application/merge-patch+json',
          'if-match': ifMatch,
        }),
        payload: JSON.stringify({
          cartItem: [{ id: itemId, productOffering: { id: ids.dataBoost }, quantity }],
        }),
      });
    const patched = await patch('"1"', 2);
    expect(patched.statusCode).toBe(200);
    expect(patched.headers.etag).toBe('"2"');
    expect(patched.json().cartItem[0]).toMatchObject({ id: itemId, quantity: 2 });
    const stale = await patch('"1"', 3);
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({
      code: 'VERSION_CONFLICT',
      details: { currentVersion: 2 },
    });

    const unknownField = await app.inject({
      method: 'PATCH',
      url: `${cartPath}/${cart.id}`,
      headers: as(stacyToken),
      payload: { cartItem: [], discount: 100 },
    });
    expect(unknownField.statusCode).toBe(400);

    const selfAttributed = await app.inject({
      method: 'PATCH',
      url: `${cartPath}/${cart.id}`,
      headers: as(stacyToken),
      payload: { campaignId: 'cmp-loyalty-2025' },
    });
    expect(selfAttributed.statusCode).toBe(403);

    const list = await app.inject({ method: 'GET', url: cartPath, headers: as(stacyToken) });
    expect(list.statusCode).toBe(200);
    expect(list.headers['x-total-count']).toBe('1');
    expect(list.json().map((entry: { id: string }) => entry.id)).toEqual([cart.id]);
  });

  it('quotes, orders idempotently with Idempotency-Key, cancels per TMF622 and notifies hub listeners with signed callbacks', async () => {
    const app = h.runtime.app!;
    const listener = await startListener(2);
    try {
      expect(
        (
          await app.inject({
            method: 'POST',
            url: hubPath,
            headers: as(apiKeys.agent),
            payload: { callback: listener.url },
          })
        ).statusCode,
      ).toBe(403);
      const registered = await app.inject({
        method: 'POST',
        url: hubPath,
        headers: as(apiKeys.system),
        payload: { callback: listener.url, query: 'eventType=ProductOrderStateChangeEvent' },
      });
      expect(registered.statusCode).toBe(201);
      const { id: hubId, secret } = registered.json();
      expect(secret).toEqual(expect.any(String));
      expect(
        (
          await app.inject({
            method: 'POST',
            url: hubPath,
            headers: as(apiKeys.system),
            payload: { callback: listener.url, query: 'state=completed' },
          })
        ).statusCode,
      ).toBe(400);

      const cart = (
        await app.inject({
          method: 'GET',
          url: `${cartPath}?relatedParty.id=cust-stacy`,
          headers: as(apiKeys.agent),
        })
      ).json()[0];
      const quote = await app.inject({
        method: 'POST',
        url: quotePath,
        headers: as(stacyToken),
        payload: { shoppingCart: { id: cart.id } },
      });
      expect(quote.statusCode).toBe(201);
      const fromAgent = await app.inject({
        method: 'GET',
        url: `${quotePath}/${quote.json().id}`,
        headers: as(apiKeys.agent),
      });
      expect(fromAgent.statusCode).toBe(200);
      expect(fromAgent.json()).toMatchObject({
        '@type': 'Quote',
        state: 'approved',
        quoteTotalPrice: quote.json().quoteTotalPrice,
      });
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `${quotePath}/${quote.json().id}`,
            headers: as(otherToken),
          })
        ).statusCode,
      ).toBe(403);

      const checkout = () =>
        app.inject({
          method: 'POST',
          url: orderPath,
          headers: as(stacyToken, { 'idempotency-key': 'stacy-selfcare-2025-07-15-001' }),
          payload: { shoppingCart: { id: cart.id } },
        });
      const first = await checkout();
      expect(first.statusCode).toBe(201);
      const order = first.json();
      expect(order).toMatchObject({
        '@type': 'ProductOrder',
        href: `${orderPath}/${order.id}`,
        state: 'acknowledged',
        channel: [{ id: 'selfcare' }],
        relatedParty: [{ id: 'cust-stacy', role: 'customer' }],
        productOrderItem: [{ action: 'add', quantity: 2, productOffering: { id: ids.dataBoost } }],
      });
      expect(order.orderTotalPrice[0].price.taxIncludedAmount).toEqual({
        unit: 'EUR',
        value: 22.48,
      });
      const replay = await checkout();
      expect(replay.statusCode).toBe(200);
      expect(replay.json().id).toBe(order.id);
      expect(
        (
          await app.inject({
            method: 'GET',
            url: `${orderPath}/${order.id}`,
            headers: as(otherToken),
          })
        ).statusCode,
      ).toBe(403);

      const completed = await eventually('the order to complete', async () => {
        const read = (
          await app.inject({
            method: 'GET',
            url: `${orderPath}/${order.id}`,
            headers: as(stacyToken),
          })
        ).json();
        return read.state === 'completed' ? read : undefined;
      });
      expect(completed.completionDate).toEqual(expect.any(String));

      const listed = await app.inject({
        method: 'GET',
        url: `${orderPath}?state=completed`,
        headers: as(stacyToken),
      });
      expect(listed.headers['x-total-count']).toBe('1');

      const cancel = await app.inject({
        method: 'POST',
        url: '/tmf-api/productOrderingManagement/v4/cancelProductOrder',
        headers: as(stacyToken),
        payload: { productOrder: { id: order.id }, cancellationReason: 'Too late' },
      });
      expect(cancel.statusCode).toBe(409);
      expect(cancel.json().code).toBe('ILLEGAL_TRANSITION');

      // Two state changes (inProgress, completed), each delivered despite the listener's first two 503s.
      const deliveries = await eventually('two signed callbacks', () =>
        listener.received.length >= 2 ? listener.received : undefined,
      );
      for (const delivery of deliveries) {
        expect(
          verifyHubSignature(secret, delivery.body, delivery.headers['x-signature'] as string),
        ).toBe(true);
        expect(
          verifyHubSignature(
            'not-the-secret',
            delivery.body,
            delivery.headers['x-signature'] as string,
          ),
        ).toBe(false);
      }
      const states = deliveries
        .map((delivery) => JSON.parse(delivery.body))
        .map((event) => {
          expect(event.eventType).toBe('ProductOrderStateChangeEvent');
          expect(event.event.productOrder.id).toBe(order.id);
          return event.event.productOrder.state;
        });
      expect(states.sort()).toEqual(['completed', 'inProgress']);

      expect(
        (
          await app.inject({
            method: 'DELETE',
            url: `${hubPath}/${hubId}`,
            headers: as(apiKeys.system),
          })
        ).statusCode,
      ).toBe(204);
      expect(
        (
          await app.inject({
            method: 'DELETE',
            url: `${hubPath}/${hubId}`,
            headers: as(apiKeys.system),
          })
        ).statusCode,
      ).toBe(404);
    } finally {
      await listener.close();
    }
  });

  it('lets a customer cancel her acknowledged order through cancelProductOrder', async () => {
    const app = h.runtime.app!;
    const queue = h.runtime.queues.queue('order-activation');
    await queue.pause();
    try {
      const cart = await app.inject({
        method: 'POST',
        url: cartPath,
        headers: as(apiKeys.agent),
        payload: {
          relatedParty: [{ id: 'cust-stacy-2', role: 'customer' }],
          cartItem: [{ productOffering: { id: ids.unlimited30 } }],
        },
      });
      expect(cart.statusCode).toBe(201);
      const token = await h.customerToken('cust-stacy-2');
      const order = await app.inject({
        method: 'POST',
        url: orderPath,
        headers: as(token),
        payload: { shoppingCart: { id: cart.json().id } },
      });
      expect(order.statusCode).toBe(201);
      const cancel = await app.inject({
        method: 'POST',
        url: '/tmf-api/productOrderingManagement/v4/cancelProductOrder',
        headers: as(token),
        payload: {
          productOrder: { id: order.json().id },
          cancellationReason: 'Ordered by mistake',
        },
      });
      expect(cancel.statusCode).toBe(201);
      expect(cancel.json()).toMatchObject({
        '@type': 'CancelProductOrder',
        state: 'done',
        productOrder: { id: order.json().id },
      });
      const task = await app.inject({
        method: 'GET',
        url: `/tmf-api/productOrderingManagement/v4/cancelProductOrder/${cancel.json().id}`,
        headers: as(token),
      });
      expect(task.statusCode).toBe(200);
      const read = await app.inject({
        method: 'GET',
        url: `${orderPath}/${order.json().id}`,
        headers: as(token),
      });
      expect(read.json()).toMatchObject({
        state: 'cancelled',
        cancellationReason: 'Ordered by mistake',
      });
    } finally {
      await queue.resume();
    }
  });

  it('mounts the provisioning stand-in in development, validating TMF641 payloads', async () => {
    const app = h.runtime.app!;
    const invalid = await app.inject({
      method: 'POST',
      url: '/dev/provisioning/tmf-api/serviceOrdering/v4/serviceOrder',
      payload: { externalId: 'po_x' },
    });
    expect(invalid.statusCode).toBe(400);
  });
});
