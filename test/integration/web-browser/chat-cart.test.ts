import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { PanelView } from '../../../src/assist/assist-events';
import { RAW_WORDS } from '../../../src/assist/plain-words';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import {
  connectConsole,
  eventually,
  outboxTo,
  startAssistNode,
  staffUser,
} from '../assist/assist-harness';
import type { AssistNode, Console } from '../assist/assist-harness';

const money = (value: { amount: number; currency: string }) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: value.currency }).format(
    value.amount / 100,
  );

/**
 * Stacy's open web chat shows the cart she has now, whichever channel changed it: she adds an
 * offer in self-care in another tab, then an agent she asked for adds another and takes one out;
 * each time the cart box in her chat follows, with web chat prices.
 */
describe('the cart in her web chat follows every channel', () => {
  let node: AssistNode;
  let browser: Browser;
  let context: BrowserContext;
  let agent: Console | undefined;
  const pageErrors: string[] = [];

  const watch = (page: Page) => {
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // A failed request is reported below with its address.
      if (message.type() === 'error' && !/^Failed to load resource/.test(message.text()))
        pageErrors.push(message.text());
    });
    page.on('response', (response) => {
      if (response.status() >= 400) pageErrors.push(`${response.status()} ${response.url()}`);
    });
  };

  /** Her cart priced as web chat prices it: what the box must say. */
  const webchatTotal = async () => {
    const { price } = await node.app.commerce.services.carts.cartFor(
      { customerId: seededCustomerIds.stacy },
      'webchat',
    );
    return `${money(price.totals.recurring)} a month`;
  };

  beforeAll(async () => {
    node = await startAssistNode();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    agent?.close();
    await context?.close();
    await browser?.close();
    await node?.runtime.stop();
  });

  it('self-care and an agent change her cart; her chat shows it each time', async () => {
    // She signs in on the portal (a code by SMS) and lands in self-care.
    const selfCare = await context.newPage();
    watch(selfCare);
    await selfCare.goto(`${node.url}/self-care?add=${catalogSeedIds.dataBoost}`);
    await selfCare.waitForURL(/\/sign-in\?next=/);
    await selfCare.getByLabel('Mobile number').fill('07700 900123');
    await selfCare.getByRole('button', { name: 'Text me a code' }).click();
    await selfCare.getByLabel('6-digit code').waitFor();
    const code = await eventually(async () => {
      const texts = await outboxTo(node, stacyMobile);
      return texts.map((text) => /\b(\d{6})\b/.exec(text.body)?.[1]).findLast(Boolean);
    });
    await selfCare.getByLabel('6-digit code').fill(code);
    await selfCare.getByRole('button', { name: 'Sign in' }).click();
    await selfCare.getByRole('heading', { name: 'Hello, Stacy Moreno' }).waitFor();

    // Her chat, open in another tab.
    const chatPage = await context.newPage();
    watch(chatPage);
    await chatPage.goto(`${node.url}/`);
    const message = chatPage.getByLabel('Your message');
    await message.fill('hello');
    await message.press('Enter');
    await chatPage.locator('.cw-log .cw-out').first().waitFor();
    const box = chatPage.getByRole('region', { name: 'Your cart' });
    expect(await box.isVisible()).toBe(false);

    // In self-care, without reloading, she adds Data Boost. Opening her chat started her cart
    // meanwhile: the page makes her change on that cart rather than asking her to try again.
    await selfCare.getByRole('button', { name: 'Add to cart' }).click();
    await selfCare
      .locator('#cart')
      .getByRole('heading', { name: 'Data Boost' })
      .waitFor()
      .catch(async (error: unknown) => {
        await selfCare.screenshot({ path: '/tmp/desk-shots/chat-cart-fail.png', fullPage: true });
        throw error;
      });
    expect(await selfCare.getByText('Data Boost added to your cart.').count()).toBe(1);
    expect(await selfCare.getByText(/changed in another window/).count()).toBe(0);

    await box.getByText('Data Boost').waitFor();
    await box.getByText(await webchatTotal()).waitFor();
    await chatPage.screenshot({ path: '/tmp/desk-shots/chat-cart-selfcare.png' });

    // She asks for a person; the agent adds the roaming pass from the desk.
    const alex = await staffUser(node, { name: 'Alex Cart' });
    agent = await connectConsole(node, { token: alex.token });
    await message.fill('get me a human');
    await message.press('Enter');
    const panel: PanelView = await eventually(async () =>
      agent!.conversations.find(
        (candidate) => candidate.handover.customerId === seededCustomerIds.stacy,
      ),
    );
    const handoverId = panel.handover.id;
    // The agent reads her summary and timeline in plain words (no codes, ids or payloads).
    expect(panel.summary).not.toMatch(RAW_WORDS);
    for (const entry of panel.timeline.items)
      expect(`${entry.summary} ${entry.text ?? ''}`).not.toMatch(RAW_WORDS);
    expect(await agent.call('handover:accept', { handoverId })).toMatchObject({ ok: true });
    const added = await agent.call('cart:add', {
      handoverId,
      offeringId: catalogSeedIds.roamEurope,
    });
    expect(added).toMatchObject({ ok: true });
    await box.getByText('Roam').first().waitFor();
    await box.getByText('Data Boost').waitFor();
    await box.getByText(await webchatTotal()).waitFor();

    // The agent takes Data Boost out again: her chat follows, down to the roaming pass alone.
    const { cart } = await node.app.commerce.services.carts.cartFor(
      { customerId: seededCustomerIds.stacy },
      'agent',
    );
    const boost = cart.items.find((item) => item.offeringId === catalogSeedIds.dataBoost)!;
    expect(await agent.call('cart:remove', { handoverId, itemId: boost.id })).toMatchObject({
      ok: true,
    });
    await eventually(async () => !(await box.textContent())?.includes('Data Boost'));
    expect(await box.textContent()).toContain('Roam');
    await chatPage.screenshot({ path: '/tmp/desk-shots/chat-cart-agent.png' });
    // Nothing she reads names a channel, an id or a code.
    const words = (await box.textContent()) ?? '';
    expect(words).not.toMatch(/selfcare|webchat|agent|po-|cart_|\d{4}-\d\d-\d\d/i);
    expect(pageErrors).toEqual([]);
  });
});
