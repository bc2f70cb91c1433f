import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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
import {
  PASSWORD,
  connectConsole,
  eventually,
  outboxTo,
  startAssistNode,
  staffUser,
  textFrom,
} from '../assist/assist-harness';
import type { AssistNode, Console } from '../assist/assist-harness';

type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;

const NORTHWIND_MOBILE = '+447700900456';
/** Where the layout screenshots go when SCREENSHOTS_DIR is set (a person looks at them). */
const SHOTS = process.env.SCREENSHOTS_DIR;

/** Records browser notifications instead of showing them (headless Chromium has no tray). */
const recordNotifications = () => {
  const shown: Array<{ title: string; body?: string }> = [];
  class RecordedNotification {
    static permission = 'granted';
    static requestPermission = async () => 'granted';
    onclick: (() => void) | null = null;
    constructor(title: string, options?: { body?: string }) {
      shown.push({ title, ...(options?.body ? { body: options.body } : {}) });
    }
  }
  Object.assign(window, { Notification: RecordedNotification, shownNotifications: shown });
};

/**
 * A shift in miniature, in Chromium: two customers hand over (web chat and SMS), the agent sees
 * badges and a notification, answers one with a saved reply, searches her timeline, wraps her up
 * (the bot answers her next), transfers the other to a colleague; a supervisor sees the floor and
 * reassigns it.
 */
describe('a shift at the agent desk', () => {
  let node: AssistNode;
  let browser: Browser;
  let agentContext: BrowserContext;
  let supervisorContext: BrowserContext;
  let chat: ChatClient;
  let colleague: Console | undefined;
  const pageErrors: string[] = [];
  const chatMessages: ChatMessageView[] = [];
  const chatTyping: Array<{ on: boolean; name?: string }> = [];
  const cartUpdates: CartUpdatedView[] = [];

  const watch = (page: Page) => {
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  };

  const signIn = async (page: Page, username: string) => {
    await page.goto(`${node.url}/agent`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  const shot = async (page: Page, name: string) => {
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  };

  /** Nothing drawn wider than the window, and no two cards on top of each other. */
  const layoutProblems = (page: Page) =>
    page.evaluate(() => {
      const problems: string[] = [];
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > width + 1)
        problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
      const cards = Array.from(document.querySelectorAll('#conversation .card'))
        .map((node) => ({
          id: node.getAttribute('aria-labelledby'),
          box: node.getBoundingClientRect(),
        }))
        .filter((card) => card.box.width > 0);
      for (const a of cards)
        for (const b of cards) {
          if (a === b) continue;
          const overlaps =
            a.box.left < b.box.right - 1 &&
            b.box.left < a.box.right - 1 &&
            a.box.top < b.box.bottom - 1 &&
            b.box.top < a.box.bottom - 1;
          if (overlaps && a.id! < b.id!) problems.push(`${a.id} overlaps ${b.id}`);
        }
      return problems;
    });

  beforeAll(async () => {
    node = await startAssistNode();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
    agentContext = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
    });
    supervisorContext = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
    });
    await agentContext.addInitScript(recordNotifications);
  });

  afterAll(async () => {
    chat?.close();
    colleague?.close();
    await browser?.close();
    await node?.runtime.stop();
  });

  it('two customers, badges, a saved reply, search, wrap-up, transfer, the floor and a reassignment', async () => {
    // The supervisor keeps the saved replies; an agent may read them but not write them.
    const supervisor = await staffUser(node, {
      name: 'Sam Okafor',
      roles: ['agent', 'supervisor'],
      queues: ['supervision'],
    });
    const agent = await staffUser(node, { name: 'Alex Turner', maxConcurrent: 3 });
    const cannedUrl = `${node.url}/api/assist/canned-replies`;
    const reply = {
      shortcut: 'thanks',
      title: 'Thanks for waiting',
      text: 'Thanks for waiting, {firstName}. I can help with that.',
    };
    const denied = await fetch(cannedUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(reply),
    });
    expect(denied.status).toBe(403);
    const anonymous = await fetch(cannedUrl);
    expect(anonymous.status).toBe(401);
    const created = await fetch(cannedUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${supervisor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(reply),
    });
    expect(created.status).toBe(201);

    // Alex starts her shift.
    const page = await agentContext.newPage();
    watch(page);
    await signIn(page, agent.username);
    await page.locator('#agent-name').getByText('Alex Turner').waitFor();
    await page.locator('#empty').waitFor();
    expect(await page.locator('#accept').isVisible()).toBe(false);
    expect(await page.locator('#place-order').isVisible()).toBe(false);
    expect(await page.locator('#load').textContent()).toBe('0 of 3 conversations');

    // Stacy, signed in on the portal with a roaming pass in her cart, asks for a person.
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
    chat.on('typing', (state) => chatTyping.push(state));
    chat.on('cart:updated', (update) => cartUpdates.push(update));
    await new Promise<void>((resolve, reject) => {
      chat.once('connect', () => resolve());
      chat.once('connect_error', reject);
    });
    await chat.timeout(15_000).emitWithAck('message:send', {
      clientId: 'shift-one-1',
      text: 'Does the roaming pass cover Spain?',
    });
    await chat
      .timeout(15_000)
      .emitWithAck('message:send', { clientId: 'shift-two-2', text: 'get me a human' });
    await page
      .locator('#mine')
      .getByText('Stacy Moreno')
      .waitFor()
      .catch(async (error: unknown) => {
        await page.screenshot({ path: '/tmp/desk-shots/fail.png', fullPage: true });
        console.log(
          JSON.stringify(
            await node.assist.handovers.openOf({ customerId: seededCustomerIds.stacy }),
          ),
          JSON.stringify(await node.assist.presence.list()),
          JSON.stringify(chatMessages),
        );
        throw error;
      });

    // Northwind texts for a person too: a second conversation, with a badge and a notification.
    await textFrom(node, NORTHWIND_MOBILE, 'get me a human');
    await page.locator('#mine li').nth(1).waitFor();
    expect(await page.locator('#load').textContent()).toBe('2 of 3 conversations');
    await page.locator('#mine .unread').first().waitFor();
    expect(await page.title()).toMatch(/^\(\d+\) Agent console$/);
    const notified = await page.evaluate(
      () =>
        (window as unknown as { shownNotifications: Array<{ title: string }> }).shownNotifications,
    );
    expect(notified.map((note) => note.title)).toContain('New conversation');

    // She takes Stacy's: the badge goes, her first name fills the saved reply.
    await page
      .locator('#mine')
      .getByRole('button', { name: /Stacy Moreno/ })
      .click();
    await page.locator('#customer-name').getByText('Stacy Moreno').waitFor();
    await page.locator('#accept').click();
    await page.locator('#handover-status').getByText('Accepted').waitFor();
    await page.locator('#timeline').getByText('Does the roaming pass cover Spain?').waitFor();
    expect(await page.locator('#mine li.selected .unread').count()).toBe(0);
    await shot(page, 'desk-1440');
    expect(await layoutProblems(page)).toEqual([]);

    // Stacy types: Alex sees it. Alex types: Stacy sees her name.
    chat.emit('typing:set', { on: true });
    await page.locator('#customer-typing').waitFor();
    await page.locator('#chat-input').fill('/tha');
    await page.locator('#canned').getByText('/thanks').waitFor();
    await page.locator('#chat-input').press('Enter');
    expect(await page.locator('#chat-input').inputValue()).toBe(
      'Thanks for waiting, Stacy. I can help with that.',
    );
    await eventually(async () =>
      chatTyping.find((state) => state.on && state.name === 'Alex Turner'),
    );
    await page.getByRole('button', { name: 'Send' }).click();
    const received = await eventually(async () =>
      chatMessages.find((message) => message.author === 'agent'),
    );
    expect(JSON.stringify(received)).toContain('Thanks for waiting, Stacy. I can help with that.');

    // Search across her timeline.
    await page.locator('#timeline-search').fill('spain');
    await eventually(async () => (await page.locator('#timeline li').count()) === 1);
    expect(await page.locator('#timeline').textContent()).toContain(
      'Does the roaming pass cover Spain?',
    );
    await page.locator('#timeline-search').fill('');

    // An offer into her cart: her chat shows the cart she has now.
    const offerName = (await page.locator('#offers .offer strong').first().textContent()) ?? '';
    await page.locator('#offers .offer').first().getByRole('button', { name: /^Add / }).click();
    const drawn = await eventually(async () =>
      cartUpdates.find((update) => update.channel === 'agent' && (update.items?.length ?? 0) >= 2),
    );
    expect(drawn.items?.map((item) => item.name).join(', ')).toMatch(/Roam/);

    // A discount, typed into the panel (no browser prompt).
    await page.getByRole('button', { name: `Discount ${offerName}` }).click();
    await page.locator('#discount-value').fill('10');
    await page.getByRole('button', { name: 'Apply discount' }).click();
    await eventually(async () => (await page.locator('#status').textContent()) !== 'Working…');
    expect(await page.locator('#status').textContent()).toBe('Discount applied');
    await page.locator('#discount-form').waitFor({ state: 'hidden' });

    // She wraps up; Stacy's conversation leaves the list with its panel, and the bot answers her.
    await page.locator('#disposition').selectOption('resolved');
    await page.locator('#close-note').fill('Answered the roaming question.');
    await page.getByRole('button', { name: 'Wrap up' }).click();
    await eventually(async () => (await page.locator('#mine li').count()) === 1);
    expect(await page.locator('#mine').textContent()).not.toContain('Stacy Moreno');
    expect(await page.locator('#customer-name').textContent()).not.toBe('Stacy Moreno');
    const before = chatMessages.length;
    const ack = await chat.timeout(15_000).emitWithAck('message:send', {
      clientId: 'shift-three-3',
      text: 'what offers do you have?',
    });
    expect(ack.ok).toBe(true);
    await eventually(async () =>
      chatMessages.slice(before).find((message) => message.author === 'bot'),
    );

    // Bea comes on shift; Alex accepts Northwind's conversation and transfers it to her.
    const bea = await staffUser(node, { name: 'Bea Lindqvist' });
    colleague = await connectConsole(node, { token: bea.token });
    await page.locator('#mine li').first().getByRole('button').first().click();
    await page.locator('#accept').click();
    await page.locator('#handover-status').getByText('Accepted').waitFor();
    await page.locator('#transfer-agent').focus();
    await eventually(async () =>
      (await page.locator('#transfer-agent option').allTextContents()).some((text) =>
        text.startsWith('Bea Lindqvist'),
      ),
    );
    await page.locator('#transfer-agent').selectOption({ label: 'Bea Lindqvist (0 of 3)' });
    await page.getByRole('button', { name: 'Transfer' }).click();
    await page.locator('#empty').waitFor();
    expect(await page.locator('#load').textContent()).toBe('0 of 3 conversations');
    const moved = await eventually(async () =>
      colleague?.conversations.find((panel) => panel.handover.status === 'transferred'),
    );
    expect(moved.handover.assignedAgentId).toBe(bea.id);

    // Sam sees the floor: the queue, the agents with their load, the open conversation.
    const floorPage = await supervisorContext.newPage();
    watch(floorPage);
    await signIn(floorPage, supervisor.username);
    await floorPage.locator('#floor').waitFor();
    await floorPage.locator('#floor-agents').getByText('Alex Turner').waitFor();
    await floorPage.locator('#floor-agents').getByText('Bea Lindqvist').waitFor();
    await floorPage.locator('#floor-queues').getByText('sales').waitFor();
    const openItem = floorPage.locator('#floor-open .floor-item').first();
    await openItem.waitFor();
    expect(await openItem.textContent()).toContain('Transferred');
    await floorPage.locator('#canned-admin').getByText('/thanks').waitFor();
    await shot(floorPage, 'floor-1440');

    // He keeps the saved replies from the floor too.
    await floorPage.locator('#canned-shortcut').fill('bye');
    await floorPage.locator('#canned-title').fill('Goodbye');
    await floorPage.locator('#canned-text').fill('Thanks {firstName}, have a good day.');
    await floorPage.getByRole('button', { name: 'Save reply' }).click();
    await floorPage.locator('#canned-admin').getByText('/bye').waitFor();

    // And gives it back to Alex.
    await openItem.locator('select').selectOption({ label: 'Alex Turner' });
    await openItem.getByRole('button', { name: /^Reassign / }).click();
    await page.locator('#mine li').first().waitFor();
    await page.locator('#handover-status').getByText('Transferred to you').waitFor();
    const sms = await outboxTo(node, NORTHWIND_MOBILE);
    expect(sms.length).toBeGreaterThan(0);

    // The same desk on a phone: one column, nothing off the side.
    await page.setViewportSize({ width: 390, height: 844 });
    await shot(page, 'desk-390');
    expect(await layoutProblems(page)).toEqual([]);

    expect(pageErrors).toEqual([]);
  }, 120_000);
});
