/// <reference lib="dom" />
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { shiftedClock } from './campaign-stack';
import { DEMO_PASSWORD, generatedCustomers, insertCustomers, startCampaignNode } from './harness';
import type { CampaignNode } from './harness';

describe('the campaign console in headless Chromium', () => {
  let node: CampaignNode;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    node = await startCampaignNode({ clock: shiftedClock('2025-06-10T11:00:00Z') });
    await insertCustomers(node, generatedCustomers(6, { prefix: 'cust-console' }));
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
    page = await browser.newPage();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await node?.runtime.stop();
  });

  it('signs in, writes a message with a live segment count, previews, schedules and watches it send', async () => {
    await page.goto(`${node.runtime.url}/campaigns`);
    await page.fill('#username', 'campaigns.cam');
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#workspace:not([hidden])');

    await page.fill('#name', 'Console spring boost');
    await page.selectOption('#offering', 'po-data-boost');
    await page.fill('#template', 'Hi {firstName}, {offerName} is here: {link}');
    await page.waitForFunction(() =>
      document.getElementById('segment-info')?.textContent?.startsWith('1 segment (GSM-7'),
    );
    expect(await page.textContent('#message-preview')).toMatch(
      /^Hi Alexandrina, Data Boost is here: http/,
    );
    await page.fill('#template', 'Hi {firstName} 🎉 {offerName}: {link}');
    await page.waitForFunction(() =>
      document.getElementById('segment-info')?.textContent?.includes('UCS-2'),
    );
    await page.fill('#template', 'Hi {firstName}, {offerName} is here: {link}');

    await page.fill('#audience', '{"region": "cust-console"}');
    await page.click('#preview-audience');
    await page.waitForFunction(() =>
      document.getElementById('audience-count')?.textContent?.startsWith('6 customers'),
    );
    await page.fill('#rate', '20');
    await page.click('#create-form button[type=submit]');
    await page.waitForFunction(
      () => document.getElementById('detail-status')?.textContent === 'draft',
    );

    await page.click('#schedule');
    await page.waitForFunction(
      () => document.getElementById('detail-status')?.textContent === 'completed',
      undefined,
      { timeout: 20_000 },
    );
    await page.waitForFunction(
      () => document.querySelector('[data-stat="sent"]')?.textContent === '6',
    );
    expect(await page.isDisabled('#pause')).toBe(true);
    expect(await page.isDisabled('#cancel')).toBe(true);
  });

  it('refuses a user who is not a campaign manager', async () => {
    const other = await browser.newPage();
    await other.goto(`${node.runtime.url}/campaigns`);
    await other.fill('#username', 'agent.alex');
    await other.fill('#password', DEMO_PASSWORD);
    await other.click('#sign-in-form button[type=submit]');
    await other.waitForFunction(() =>
      document.getElementById('sign-in-error')?.textContent?.includes('not a campaign manager'),
    );
    await other.close();
  });
});
