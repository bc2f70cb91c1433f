import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { catalogSeedIds } from '../../../src/seed/catalog';
import { seededCustomerIds, stacyMobile } from '../../../src/seed/customers';
import { startPortal } from '../web/portal-harness';
import type { Portal } from '../web/portal-harness';

interface TmfOrder {
  id: string;
  state: string;
  channel: Array<{ id: string }>;
  orderTotalPrice: Array<{ priceType: string; price: { taxIncludedAmount: { value: number } } }>;
}

/**
 * Stacy's end of the journey in headless Chromium: the campaign's offer page, a question in web
 * chat, sign-in with the code from the Twilio stand-in's outbox, then self-care: add the offer,
 * check out at the self-care price, and see the order.
 */
describe('self-care journey in the browser', () => {
  let portal: Portal;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    portal = await startPortal();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
    page = await browser.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      // A CSP violation is reported on the console; the pages must not cause any.
      if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
        pageErrors.push(message.text());
      }
    });
  });

  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('chats, signs in, adds Data Boost in self-care and orders it', async () => {
    await page.goto(`${portal.url}/offers/${catalogSeedIds.dataBoost}`);
    await page.getByRole('heading', { level: 1, name: 'Data Boost' }).waitFor();
    expect(await page.locator('.offer-price .price').first().textContent()).toContain(
      '£3.00 a month',
    );

    // Web chat on the offer page: the widget connects when she turns to it.
    const message = page.getByLabel('Your message');
    await message.fill('Is the 20 GB boost available on my plan?');
    await message.press('Enter');
    await page.locator('.cw-log .cw-in').getByText('20 GB boost').waitFor();
    // The bot answers (what it says is the bot's business; that it answers on this page is ours).
    await page.locator('.cw-log .cw-out').first().waitFor();

    // Buy in self-care: not signed in yet, so sign-in first, then straight back.
    await page.getByRole('link', { name: 'Buy in self-care' }).click();
    await page.waitForURL(/\/sign-in\?next=/);
    await page.getByLabel('Mobile number').fill('07700 900123');
    await page.getByRole('button', { name: 'Text me a code' }).click();
    await page.getByLabel('6-digit code').waitFor();
    const code = await portal.codeSentTo(stacyMobile);
    await page.getByLabel('6-digit code').fill(code);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${portal.url}/self-care?add=${catalogSeedIds.dataBoost}`);
    await page.getByRole('heading', { name: 'Hello, Stacy Moreno' }).waitFor();

    // The choices are form controls, each with its self-care price; 5 GB is the default.
    await page.locator('#add-form').getByLabel('5 GB (£3.00 a month)').waitFor();
    await page.getByRole('button', { name: 'Add to cart' }).click();
    const cart = page.locator('#cart');
    await cart.getByRole('heading', { name: 'Data Boost' }).waitFor();
    expect(await cart.locator('.cart-total').textContent()).toContain('£3.00 a month');

    // She changes her mind in the cart: 20 GB instead.
    await cart.getByLabel('20 GB (£8.00 a month)').check();
    await cart.getByRole('button', { name: 'Update Data Boost' }).click();
    await page.getByText('Data Boost updated.').waitFor();
    expect(await cart.locator('.cart-total').textContent()).toContain('£8.00 a month');
    // Her choices in words she uses, never the catalog's names ("dataSize: 20").
    await cart
      .locator('.cart-item .details', { hasText: 'Data size: 20 GB · Starts: now' })
      .waitFor();
    expect(await cart.locator('.cart-item .details').textContent()).toBe(
      'Data size: 20 GB · Starts: now',
    );

    // A review of what she is buying, at her price, before anything is ordered.
    await cart.getByRole('button', { name: 'Place order' }).click();
    const review = cart.getByRole('region', { name: 'Review your order' });
    await review.waitFor();
    expect(await review.textContent()).toContain('Data Boost: £8.00 a month');
    await review.getByRole('button', { name: 'Back to cart' }).click();
    await cart.getByRole('button', { name: 'Place order' }).click();
    await cart.getByRole('button', { name: 'Confirm and place order' }).click();
    const confirmation = page.locator('.confirmation');
    await confirmation.waitFor();
    // She reads the short number she can quote, never the order's id.
    const heading = (await confirmation.locator('h3').textContent()) ?? '';
    expect(heading).toMatch(/^Thank you: order \d{4,}$/);
    const orderId = await confirmation.getAttribute('data-order-id');
    expect(orderId).toBeTruthy();
    expect(heading).not.toContain(orderId!);
    expect(await confirmation.textContent()).toContain('£8.00 a month');
    await page.locator(`#orders [data-order-id="${orderId}"]`).waitFor();
    await expect(cart.getByText('Your cart is empty.').count()).resolves.toBe(1);

    // The order was taken in self-care, at the self-care price.
    const token = await portal.customerToken(seededCustomerIds.stacy);
    const order = (await (
      await fetch(`${portal.url}/tmf-api/productOrderingManagement/v4/productOrder/${orderId}`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as TmfOrder;
    expect(order.channel[0]?.id).toBe('selfcare');
    const monthly = order.orderTotalPrice.find((price) => price.priceType === 'recurring');
    expect(monthly?.price.taxIncludedAmount.value).toBe(8);

    // She watches it become active (activation through the provisioning stand-in).
    await page
      .locator(`#orders [data-order-id="${orderId}"] .badge-completed`)
      .waitFor({ timeout: 25_000 });
    // The thank-you card and the order row agree on the status.
    await confirmation.getByText('Status: active').waitFor({ timeout: 10_000 });
    expect(
      await page.locator(`#orders [data-order-id="${orderId}"] .badge-completed`).textContent(),
    ).toBe('active');
    expect(pageErrors).toEqual([]);
  });
});
