/// <reference lib="dom" />
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { shiftedClock } from './campaign-stack';
import {
  DEMO_PASSWORD,
  eventually,
  generatedCustomers,
  insertCustomers,
  startCampaignNode,
} from './harness';
import type { CampaignNode } from './harness';

const text = (page: Page, selector: string) =>
  page.textContent(selector).then((value) => value ?? '');

describe('the campaign console in headless Chromium', () => {
  let node: CampaignNode;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    node = await startCampaignNode({ clock: shiftedClock('2025-06-10T11:00:00Z') });
    await insertCustomers(node, generatedCustomers(6, { prefix: 'cust-console' }));
    await insertCustomers(
      node,
      generatedCustomers(2, {
        prefix: 'cust-console-out',
        region: 'cust-console',
        optedOut: [0, 1],
        firstNumber: 260,
      }),
    );
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
    page = await browser.newPage({ locale: 'en-GB', timezoneId: 'Europe/London' });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await node?.runtime.stop();
  });

  it('signed out, shows only the sign-in', async () => {
    await page.goto(`${node.runtime.url}/campaigns`);
    await page.waitForSelector('#sign-in:not([hidden])');
    expect(await page.isVisible('#workspace')).toBe(false);
    expect(await page.isVisible('#sign-out')).toBe(false);
    expect(await page.isVisible('#create-form')).toBe(false);
  });

  it('builds an audience, test-sends, schedules, watches it send, and duplicates it once finished', async () => {
    await page.fill('#username', 'campaigns.cam');
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('#sign-in-form button[type=submit]');
    await page.waitForSelector('#workspace:not([hidden])');
    expect(await page.isVisible('#sign-in')).toBe(false);

    // The message, with its live segment count.
    await page.fill('#name', 'Console spring boost');
    await page.selectOption('#offering', 'po-data-boost');
    await page.fill('#template', 'Hi {firstName}, {offerName} is here: {link}');
    await page.waitForFunction(
      () =>
        document.getElementById('segment-info')?.textContent?.startsWith('1 segment (GSM-7') &&
        document.getElementById('message-preview')?.textContent?.includes('Data Boost is here'),
    );
    expect(await text(page, '#message-preview')).toMatch(
      /^Hi Alexandrina, Data Boost is here: http/,
    );
    await page.fill('#template', 'Hi {firstName} 🎉 {offerName}: {link}');
    await page.waitForFunction(() =>
      document.getElementById('segment-info')?.textContent?.includes('UCS-2'),
    );
    await page.fill('#template', 'Hi {firstName}, {offerName} is here: {link}');

    // The audience, with the builder: region, then consent; the count follows each change.
    await page.click('#builder .add-condition');
    await page.selectOption('#builder .condition >> nth=0 >> select.field', 'region');
    await page.fill('#builder .condition >> nth=0 >> input.text-values', 'cust-console');
    await page.waitForFunction(
      () => document.getElementById('audience-count')?.dataset.count === '8',
    );
    expect(await text(page, '#audience-count')).toBe(
      '8 customers match · 6 can receive marketing SMS',
    );
    await page.click('#builder .add-condition');
    await page.selectOption('#builder .condition >> nth=1 >> select.field', 'consent');
    await page.waitForFunction(
      () => document.getElementById('audience-count')?.dataset.count === '6',
    );
    const sample = await page.locator('#audience-sample li').allTextContents();
    expect(sample.length).toBe(5);
    for (const line of sample) expect(line).toMatch(/^[A-Z][a-zë]+ · \+447•+\d{3}$/);
    expect(sample.join(' ')).not.toMatch(/Tester|cust-/);

    // The advanced view shows the same conditions as a query.
    await page.click('#mode-advanced');
    expect(JSON.parse(await page.inputValue('#audience'))).toEqual({
      $and: [{ region: 'cust-console' }, { consent: 'opted-in' }],
    });
    await page.click('#mode-builder');
    await page.waitForSelector('#builder:not([hidden])');
    expect(await page.locator('#builder .condition').count()).toBe(2);

    // Sending: where it goes (SMS unless she opted in to WhatsApp promotions and it prefers those),
    // the rate beside the sender's limit, quiet hours and their time zone.
    expect(await page.isVisible('#channel')).toBe(true);
    expect(await page.locator('#channel option').allTextContents()).toEqual([
      'Text message',
      'WhatsApp',
    ]);
    expect(await page.inputValue('#channel')).toBe('sms');
    await page.fill('#rate', '3');
    expect(await text(page, '#rate-hint')).toMatch(/The SMS sender sends at most [\d,]+ a second/);
    await page.fill('#quiet-from', '07:30');
    await page.selectOption('#quiet-zone', 'Europe/London');
    await page.click('#create-submit');
    await page.waitForFunction(
      () => document.getElementById('detail-status')?.dataset.status === 'draft',
    );
    expect(await text(page, '#detail-facts')).toContain(
      'Sends only from 07:30 to 21:00, Europe/London time',
    );
    expect(await text(page, '#detail-facts')).toContain(
      'Region is cust-console and Marketing SMS consent is given',
    );
    // The form was reset for the next campaign.
    expect(await page.inputValue('#name')).toBe('');
    expect(await page.inputValue('#rate')).toBe('10');
    expect(await page.locator('#builder .condition').count()).toBe(0);
    await page.click('#new-campaign');
    expect(await page.isVisible('#create-form')).toBe(true);
    await page.click('#campaign-rows tr >> nth=0');
    await page.waitForSelector('#detail:not([hidden])');

    // A test send to her own number: through the SMS path to the stand-in, not in the figures.
    await page.fill('#test-to', '+44 7700 900999');
    await page.click('#test-send');
    await page.waitForFunction(() =>
      document.getElementById('test-result')?.textContent?.startsWith('Sent to +447700900999'),
    );
    const test = await eventually(async () =>
      (await node.outbox()).find((entry) => entry.to === '+447700900999'),
    );
    expect(test.body).toMatch(/^\[Test\] Hi Cam, Data Boost is here: http/);

    // Schedule, and watch the progress and the chart move until it finishes.
    await page.click('#schedule');
    const seen: number[] = [];
    await eventually(
      async () => {
        const sent = Number((await page.getAttribute('#chart', 'data-sent')) ?? '0');
        if (seen.at(-1) !== sent) seen.push(sent);
        const status = await page.getAttribute('#detail-status', 'data-status');
        return status === 'completed' && sent === 6;
      },
      30_000,
      'the campaign to finish on the page',
    );
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(Number(await page.getAttribute('#chart', 'data-points'))).toBeGreaterThan(1);
    expect(await page.locator('#chart path[data-series="sent"]').count()).toBe(1);
    await page.waitForFunction(
      () => document.querySelector('[data-stat="sent"]')?.textContent === '6',
    );
    expect(await text(page, '#progress-text')).toBe('6 of 6 sent');
    expect(await page.getAttribute('#progress-bar', 'aria-valuenow')).toBe('100');
    await page.waitForFunction(
      () => document.querySelector('[data-stat="delivery-rate"]')?.textContent === '100%',
    );
    // Dates for people, no ISO dates or ids.
    const detail = await text(page, '#detail');
    expect(detail).toMatch(/Started\s*Tue, 10 Jun 2025, 12:00/);
    expect(detail).not.toMatch(/\d{4}-\d{2}-\d{2}T|cmp[-_]/);

    // The list row and the page say the same.
    const row = page.locator('#campaign-rows tr.selected');
    expect(await row.getAttribute('data-status')).toBe('completed');
    expect(await row.locator('td').allTextContents()).toEqual([
      'Console spring boost',
      'Finished',
      '6 of 6',
      '10 Jun 2025',
    ]);

    // Revenue from a conversion the campaign is credited with, in pounds.
    const campaignId = (await row.getAttribute('data-id'))!;
    await node.stack.campaigns.services.conversions.orderPlaced({
      id: 'ord-console-1',
      customerId: 'cust-console-0001',
      campaignId,
      currency: 'GBP',
      totals: { oneTime: { amount: 500 }, recurring: { amount: 1000 } },
    });
    await page.waitForFunction(
      () =>
        document.querySelector('[data-stat="revenue"]')?.textContent ===
        '£5.00 one-off + £10.00 a month',
    );
    await page.waitForFunction(() =>
      Array.from(document.querySelectorAll('#comparison-rows tr')).some((tr) =>
        tr.textContent?.includes('£5.00 one-off'),
      ),
    );

    // Finished: no Schedule; Duplicate is what it offers, and the server refuses a second run.
    expect(await page.isVisible('#schedule')).toBe(false);
    expect(await page.isVisible('#duplicate')).toBe(true);
    expect(await text(page, '#finished-note')).toMatch(/duplicate it/);
    const refused = await page.evaluate(async (id) => {
      const response = await fetch(`/api/campaigns/${id}/schedule`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${sessionStorage.getItem('campaignToken')}`,
          'content-type': 'application/json',
        },
        body: '{}',
      });
      return { status: response.status, body: (await response.json()) as { code: string } };
    }, campaignId);
    expect(refused).toMatchObject({ status: 409, body: { code: 'ILLEGAL_TRANSITION' } });
    // A page that still offered it (a stale tab) says why and points at Duplicate.
    await page.evaluate(() =>
      (window as unknown as { act(a: string, b: unknown): Promise<void> }).act('schedule', {}),
    );
    await page.waitForSelector('#duplicate-hint:not([hidden])');
    expect(await text(page, '#detail-error')).toMatch(/cannot be sent again\. Duplicate it/);
    expect((await node.outbox()).filter((entry) => entry.body.includes('/l/')).length).toBe(6);

    await page.click('#duplicate');
    await page.waitForFunction(() =>
      document.getElementById('editor-title')?.textContent?.includes('(copy)'),
    );
    expect(await page.locator('#builder .condition').count()).toBe(2);
    await page.fill('#name', 'Console spring boost, second wave');
    await page.click('#create-submit');
    await page.waitForFunction(
      () =>
        document.getElementById('detail-status')?.dataset.status === 'draft' &&
        document.getElementById('detail-name')?.textContent === 'Console spring boost, second wave',
    );
    expect(await page.isVisible('#schedule')).toBe(true);
    expect(await page.locator('#campaign-rows tr').count()).toBe(2);
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
    expect(await other.isVisible('#workspace')).toBe(false);
    await other.close();
  });
});
