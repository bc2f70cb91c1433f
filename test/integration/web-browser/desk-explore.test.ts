import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { io } from 'socket.io-client';
import type { Socket } from 'socket.io-client';
import { RAW_WORDS } from '../../../src/assist/plain-words';
import type {
  ChatMessageView,
  ClientToServerEvents,
  ServerToClientEvents,
} from '../../../src/connectors/webchat/chat-events';
import { TokenService } from '../../../src/infra/auth/tokens';
import { seededCustomerIds } from '../../../src/seed/customers';
import {
  PASSWORD,
  eventually,
  startAssistNode,
  staffUser,
  textFrom,
} from '../assist/assist-harness';
import type { AssistNode } from '../assist/assist-harness';

type ChatClient = Socket<ServerToClientEvents, ClientToServerEvents>;
const NORTHWIND_MOBILE = '+447700900456';
const SHOTS = process.env.SCREENSHOTS_DIR ?? '/tmp/desk-explore';

/**
 * A second shift, in another order, on a phone-sized window first: the SMS customer arrives
 * before the web chat one, Alex answers the later one first, declines the other (nobody else is
 * free, so it waits), the supervisor hands that waiting one back to her from the floor, she gives
 * it back to the bot and wraps up the other. Every screen stays in plain words and in the window.
 */
describe('another shift at the desk, on a phone and a wide screen', () => {
  let node: AssistNode;
  let browser: Browser;
  let chat: ChatClient | undefined;
  const pageErrors: string[] = [];
  const chatMessages: ChatMessageView[] = [];

  const watch = (page: Page) => {
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  };
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
  const sideways = (page: Page) =>
    page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
  const plain = async (page: Page) => {
    const text = (await page.locator('#workspace').textContent()) ?? '';
    expect(text).not.toMatch(RAW_WORDS);
  };

  beforeAll(async () => {
    node = await startAssistNode();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
  });
  afterAll(async () => {
    chat?.close();
    await browser?.close();
    await node?.runtime.stop();
  });

  it('works through two customers in another order, with the floor handing one back', async () => {
    const agent = await staffUser(node, { name: 'Alex Turner', maxConcurrent: 2 });
    const supervisor = await staffUser(node, {
      name: 'Sam Okafor',
      roles: ['agent', 'supervisor'],
      queues: ['supervision'],
    });
    await fetch(`${node.url}/api/assist/canned-replies`, {
      method: 'POST',
      headers: { authorization: `Bearer ${supervisor.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        shortcut: 'hello',
        title: 'Hello',
        text: 'Hello {firstName}, Alex here. How can I help?',
      }),
    });

    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      locale: 'en-GB',
    });
    const page = await phone.newPage();
    watch(page);
    await page.goto(`${node.url}/agent`);
    await page.getByLabel('Username').fill(agent.username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#empty').waitFor();
    await shot(page, '01-phone-empty');

    // The SMS customer first, then Stacy on web chat.
    await textFrom(node, NORTHWIND_MOBILE, 'can I talk to someone please');
    await page
      .locator('#mine')
      .getByText(/Northwind|Visitor|\+44/)
      .first()
      .waitFor();
    const customerToken = await new TokenService(node.runtime.config.JWT_SECRET).issue(
      {
        kind: 'customer',
        id: seededCustomerIds.stacy,
        roles: ['customer'],
        customerId: seededCustomerIds.stacy,
      },
      3600,
    );
    chat = io(`${node.url}/chat`, {
      auth: { customerToken },
      transports: ['websocket'],
      forceNew: true,
    });
    chat.on('message', (message) => chatMessages.push(message));
    await new Promise<void>((resolve) => chat!.once('connect', () => resolve()));
    await chat
      .timeout(15_000)
      .emitWithAck('message:send', { clientId: 'explore-one-1', text: 'what roaming do you have' });
    await chat
      .timeout(15_000)
      .emitWithAck('message:send', { clientId: 'explore-two-2', text: 'get me a human' });
    await page
      .locator('#mine')
      .getByText('Stacy Moreno')
      .waitFor()
      .catch(async (error: unknown) => {
        await shot(page, '02-fail');
        console.log(chatMessages.map((message) => message.text));
        throw error;
      });
    await shot(page, '02-phone-two-offered');
    expect(await sideways(page)).toBeLessThanOrEqual(1);

    // Stacy first, though she came second: accept, greet with the saved reply.
    await page.locator('#mine').getByText('Stacy Moreno').click();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.locator('#handover-status').getByText('Accepted').waitFor();
    await page.locator('#chat-input').click();
    await page.locator('#chat-input').pressSequentially('/hel');
    await page.locator('#canned').getByText('Hello').first().waitFor();
    await page.keyboard.press('Enter');
    expect(await page.locator('#chat-input').inputValue()).toContain('Hello Stacy');
    await page.keyboard.press('Enter');
    await eventually(async () =>
      chatMessages.some((message) => JSON.stringify(message).includes('Hello Stacy')),
    ).catch(async (error: unknown) => {
      await shot(page, '03-fail');
      console.log(await page.locator('#chat-input').inputValue(), JSON.stringify(chatMessages));
      throw error;
    });
    await page.locator('#timeline-search').fill('roaming');
    await page.locator('#timeline').getByText('what roaming do you have').waitFor();
    await shot(page, '03-phone-stacy');
    expect(await sideways(page)).toBeLessThanOrEqual(1);
    await plain(page);
    await page.locator('#timeline-search').fill('');

    // The SMS one: not now. Nobody else is free, so it waits.
    await page
      .locator('#mine')
      .getByText(/Northwind|\+44/)
      .first()
      .click();
    await page.getByRole('button', { name: 'Decline', exact: true }).click();
    await page
      .locator('#queue')
      .getByText(/Northwind|\+44/)
      .first()
      .waitFor();
    await shot(page, '04-phone-declined');

    // The supervisor, on a wide screen, sees it waiting and hands it back to Alex.
    const wide = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
    });
    const floorPage = await wide.newPage();
    watch(floorPage);
    await floorPage.goto(`${node.url}/agent`);
    await floorPage.getByLabel('Username').fill(supervisor.username);
    await floorPage.getByLabel('Password').fill(PASSWORD);
    await floorPage.getByRole('button', { name: 'Sign in' }).click();
    const item = floorPage.locator('#floor-open li').filter({ hasText: 'Waiting' });
    await item.waitFor();
    await shot(floorPage, '05-wide-floor');
    await plain(floorPage);
    await item.getByRole('combobox').selectOption({ label: 'Alex Turner' });
    await item.getByRole('button', { name: /^Reassign/ }).click();
    await floorPage.locator('#floor-open li').filter({ hasText: 'Transferred' }).waitFor();
    await shot(floorPage, '06-wide-floor-reassigned');

    // Alex takes it, and gives it back to the bot; then wraps Stacy up.
    await page
      .locator('#mine')
      .getByText(/Northwind|\+44/)
      .first()
      .click();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.locator('#handover-status').getByText('Accepted').waitFor();
    await shot(page, '07-phone-sms-accepted');
    await plain(page);
    await page.getByRole('button', { name: 'Give back to the bot' }).click();
    await eventually(async () => (await page.locator('#mine li').count()) === 1);
    await page.locator('#mine').getByText('Stacy Moreno').click();
    await page.locator('#disposition').selectOption('resolved');
    await page.locator('#close-note').fill('Told her about roaming passes.');
    await page.getByRole('button', { name: 'Wrap up' }).click();
    await page.locator('#empty').waitFor();
    await shot(page, '08-phone-done');
    expect(await page.locator('#load').textContent()).toBe('0 of 2 conversations');

    // The same desk at 1,440 px after the shift.
    await page.setViewportSize({ width: 1440, height: 900 });
    await shot(page, '09-wide-done');
    expect(await sideways(page)).toBeLessThanOrEqual(1);
    expect(pageErrors).toEqual([]);
  });
});
