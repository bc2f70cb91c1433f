import { chromium } from 'playwright-core';
import { RAW_WORDS } from '../../../src/assist/plain-words';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import type {
  CartUpdatedView,
  ChatMessageView,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../../src/connectors/webchat/chat-events';
import { TokenService } from '../../../src/infra/auth/tokens';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds } from '../../../src/seed/customers';
import { PASSWORD, eventually, startAssistNode, staffUser } from './assist-harness';
import type { AssistNode } from './assist-harness';

type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The agent's side of the journey in headless Chromium: Stacy asks for a person in web chat, the
 * agent signs in to /agent, accepts, reads the chat and the cart, adds an offer, and Stacy's chat
 * hears that her cart changed and gets the agent's message.
 */
describe('the agent console in the browser', () => {
  let node: AssistNode;
  let browser: Browser;
  let page: Page;
  let chat: ChatClient;
  const pageErrors: string[] = [];
  const chatMessages: ChatMessageView[] = [];
  const cartUpdates: CartUpdatedView[] = [];

  beforeAll(async () => {
    node = await startAssistNode();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });

  afterAll(async () => {
    chat?.close();
    await browser?.close();
    await node?.runtime.stop();
  });

  it('signs in, accepts a web-chat handover, sees the chat and cart, and adds an offer she hears about', async () => {
    // Stacy, signed in on the portal, already has a roaming pass in her cart and chats.
    const tokens = new TokenService(node.runtime.config.JWT_SECRET);
    const customerToken = await tokens.issue(
      {
        kind: 'customer',
        id: seededCustomerIds.stacy,
        roles: ['customer'],
        customerId: seededCustomerIds.stacy,
      },
      3600,
    );
    const carts = node.app.commerce.services.carts;
    const { cart } = await carts.cartFor({ customerId: seededCustomerIds.stacy }, 'webchat');
    await carts.addItem(
      cart._id,
      { offeringId: catalogSeedIds.roamEurope },
      { channel: 'webchat' },
    );
    chat = io(`${node.url}/chat`, {
      auth: { customerToken },
      transports: ['websocket'],
      forceNew: true,
    });
    chat.on('message', (message) => chatMessages.push(message));
    chat.on('cart:updated', (update) => cartUpdates.push(update));
    await new Promise<void>((resolve, reject) => {
      chat.once('connect', () => resolve());
      chat.once('connect_error', reject);
    });
    await chat.timeout(15_000).emitWithAck('message:send', {
      clientId: 'c-roaming-1',
      text: 'Does the roaming pass cover Spain?',
    });
    await chat
      .timeout(15_000)
      .emitWithAck('message:send', { clientId: 'c-human-1', text: 'get me a human' });
    await eventually(
      async () =>
        (await node.assist.handovers.openOf({ customerId: seededCustomerIds.stacy })) ?? undefined,
    );

    // The agent signs in to the console.
    const agent = await staffUser(node, { name: 'Alex Turner' });
    await page.goto(`${node.url}/agent`);
    await page.getByLabel('Username').fill(agent.username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#agent-name').getByText('Alex Turner').waitFor();

    // The handover was routed to her as soon as she was available; she accepts it.
    await page.locator('#customer-name').getByText('Stacy Moreno').waitFor();
    await page.locator('#accept').click();
    await page.locator('#handover-status').getByText('accepted').waitFor();

    // The web-chat transcript and her cart, at agent prices.
    await page.locator('#timeline').getByText('Does the roaming pass cover Spain?').waitFor();
    await page.locator('#timeline').getByText('get me a human').waitFor();
    await page.locator('#cart').getByText('Roam').first().waitFor();
    expect(await page.locator('#summary').textContent()).toContain(
      'Stacy Moreno on web chat asked for a person',
    );
    // What she reads is in plain words: no channel codes, reason codes, ids or payloads.
    expect(await page.locator('#summary').textContent()).not.toMatch(RAW_WORDS);
    expect(await page.locator('#timeline').textContent()).not.toMatch(RAW_WORDS);

    // She adds the first suggested offer; Stacy's chat hears of the change.
    const offerName = (await page.locator('#offers .offer strong').first().textContent()) ?? '';
    await page.locator('#offers .offer').first().getByRole('button', { name: /^Add / }).click();
    await page.locator('#cart').getByText(offerName, { exact: false }).first().waitFor();
    const update = await eventually(async () =>
      cartUpdates.find((entry) => entry.channel === 'agent'),
    );
    expect(update.cartId).toBe(cart._id);

    // And writes to her in the chat, through her own channel.
    await page.locator('#chat-input').fill('I have added it for you, Stacy.');
    await page.getByRole('button', { name: 'Send' }).click();
    const received = await eventually(async () =>
      chatMessages.find((message) => message.author === 'agent'),
    );
    expect(received.authorName).toBe('Alex Turner');
    await page.locator('#timeline').getByText('I have added it for you, Stacy.').waitFor();

    expect(pageErrors).toEqual([]);
  });
});
