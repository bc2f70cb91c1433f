import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { ScriptedCall } from '../../../src/connectors/twilio/stand-in/scripted-call';
import { stacyMobile } from '../../../src/seed/customers';
import { PASSWORD, startAssistNode, staffUser } from '../assist/assist-harness';
import type { AssistNode } from '../assist/assist-harness';

/** Where a screenshot goes when SCREENSHOTS_DIR is set (a person looks at it). */
const SHOTS = process.env.SCREENSHOTS_DIR;

/**
 * In Chromium, as the agent works: Stacy's call is put through, the agent accepts it, the call's
 * lines appear in her panel as they are spoken, the roaming pass is suggested from "Spain next
 * week", and one click puts it in Stacy's cart.
 */
describe('live call assist in the agent console', () => {
  let node: AssistNode;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    node = await startAssistNode();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
    const context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
    });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });
  });
  afterAll(async () => {
    await browser?.close();
    await node?.runtime.stop();
  });

  it('shows the lines as they are spoken and adds the suggested roaming pass to her cart', async () => {
    const alex = await staffUser(node, { name: 'Alex Turner', queues: ['voice', 'sales'] });
    await page.goto(`${node.url}/agent`);
    await page.getByLabel('Username').fill(alex.username);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('Connected').waitFor();

    const call = new ScriptedCall({
      accountSid: node.runtime.config.TWILIO_ACCOUNT_SID,
      authToken: node.runtime.config.TWILIO_AUTH_TOKEN,
      baseUrl: () => node.url,
      from: stacyMobile,
      to: '+441632960000',
    });
    await call.dial();
    await call.askForAgent();
    await page.locator('#customer-name', { hasText: 'Stacy Moreno' }).waitFor();
    await page.getByRole('button', { name: 'Accept', exact: true }).click();
    await page.locator('#handover-status', { hasText: 'Accepted' }).waitFor();
    await call.transcriptionStarted();
    await page.locator('#live-call').waitFor({ state: 'visible' });

    await call.speak({
      speaker: 'agent',
      text: 'Hello, you are through to Alex. This call may be recorded for training and quality purposes.',
      partials: 0,
    });
    await page
      .locator('#live-transcript .live-line.agent', { hasText: 'through to Alex' })
      .waitFor();
    await page.locator('#live-phrases .heard', { hasText: 'Recording notice' }).waitFor();

    // A partial line shows while she speaks, and the final line replaces it.
    const words = "Hi Alex, I'm going to Spain next week and I need my phone to work";
    await call.speak({ speaker: 'customer', text: words, partials: 0 }).then(() => undefined);
    const line = page.locator('#live-transcript .live-line.customer:not(.partial)', {
      hasText: 'Spain next week',
    });
    await line.waitFor();
    expect(await page.locator('#live-transcript .live-line.partial').count()).toBe(0);

    const suggestion = page.locator('#live-suggestions .live-suggestion', {
      hasText: 'Europe Roaming Week Pass',
    });
    await suggestion.waitFor();
    expect(await suggestion.textContent()).toContain('£7.50 one-off');
    expect(await suggestion.textContent()).toContain('She is going to Spain next week');
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/live-call-suggested.png`, fullPage: true });

    await page
      .getByRole('button', { name: 'Add the suggested Europe Roaming Week Pass to the cart' })
      .click();
    await suggestion.getByText('Added to the cart').waitFor();
    await page.locator('#cart tbody', { hasText: 'Europe Roaming Week Pass' }).waitFor();

    // Her next words partly heard: the partial shows, then gives way to the final line.
    await call.speak({
      speaker: 'customer',
      text: 'Thank you so much that is perfect',
      partials: 3,
    });
    await page
      .locator('#live-transcript .live-line.customer:not(.partial)', { hasText: 'that is perfect' })
      .waitFor();
    expect(await page.locator('#live-transcript .live-line.partial').count()).toBe(0);
    if (SHOTS) await page.screenshot({ path: `${SHOTS}/live-call-accepted.png`, fullPage: true });
    expect(pageErrors).toEqual([]);
  });
});
