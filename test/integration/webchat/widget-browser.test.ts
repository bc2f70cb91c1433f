import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startChatNode } from './harness';
import type { ChatNode } from './harness';

// The portal's policy: the widget must work with no inline script or style and same-origin only.
const portalCsp = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
].join('; ');

/** The mount the portal pages render (src/web/pages/chat-widget.ts), on a page of its own. */
const page = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Data Boost · Mobile portal</title>
<link rel="stylesheet" href="/assets/chat-widget.css">
<script src="/assets/chat-widget.js" defer></script></head>
<body><main><section class="chat" aria-labelledby="chat-heading"><h2 id="chat-heading">Chat with us</h2>
<div id="chat-widget" data-offer-id="po-data-boost"></div></section></main></body></html>`;

describe('the chat widget in headless Chromium', () => {
  let node: ChatNode;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    node = await startChatNode({
      configureApp: (app) => {
        app.get('/widget-page', async (_request, reply) =>
          reply.header('content-security-policy', portalCsp).type('text/html').send(page),
        );
      },
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
  });
  beforeEach(async () => {
    context = await browser.newContext();
  });
  afterEach(async () => context?.close());
  afterAll(async () => {
    await browser?.close();
    await node?.runtime.stop();
  });

  const log = (tab: Page) => tab.getByRole('log', { name: 'Chat messages' });
  const open = async () => {
    const tab = await context.newPage();
    const refused: string[] = [];
    // CSP violations and scripts that failed show as console errors; the browser's own favicon
    // request is the page's business, not the widget's.
    tab.on('console', (message) => {
      if (message.type() === 'error' && !message.text().includes('404'))
        refused.push(message.text());
    });
    tab.on('response', (response) => {
      if (response.status() >= 400 && !response.url().endsWith('/favicon.ico')) {
        refused.push(`${response.status()} ${response.url()}`);
      }
    });
    await tab.goto(`${node.url}/widget-page`);
    return { tab, refused };
  };

  it('chats by keyboard: greeting, typed question, answer with buttons, a pressed button', async () => {
    const { tab, refused } = await open();

    const input = tab.getByLabel('Your message');
    await input.focus();
    await log(tab).getByText('Hello! Ask me about plans and add-ons.').waitFor();
    await input.fill('Is there a data add-on?');
    await input.press('Enter');
    await log(tab).getByText('You said: Is there a data add-on?').waitFor();
    await tab.getByRole('button', { name: 'Data Boost' }).click();
    await log(tab).getByText('You said: pressed offering-data-boost').waitFor();

    const transcript = await log(tab).textContent();
    expect(transcript).toContain('You: Is there a data add-on?');
    expect(transcript).toContain('You: Data Boost');
    expect(await input.inputValue()).toBe('');
    expect(refused).toEqual([]);
  });

  it('keeps the conversation across a reload and shares it with a second tab', async () => {
    const first = await open();
    const ack = await first.tab.evaluate(() =>
      (
        window as unknown as { chatWidget: { send(text: string): Promise<unknown> } }
      ).chatWidget.send('Does it work abroad?'),
    );
    await log(first.tab).getByText('You said: Does it work abroad?').waitFor();

    const second = await open();
    await log(second.tab).getByText('You said: Does it work abroad?').waitFor();
    await second.tab.getByLabel('Your message').fill('from the second tab');
    await second.tab.getByRole('button', { name: 'Send' }).click();
    await log(first.tab).getByText('from the second tab', { exact: true }).waitFor();
    await first.tab.reload();
    await log(first.tab).getByText('You said: from the second tab').waitFor();

    expect(ack).toMatchObject({ ok: true, messageId: expect.stringMatching(/^chm_/) });
    const visitorIds = await Promise.all(
      [first.tab, second.tab].map((tab) =>
        tab.evaluate(
          () => (window as unknown as { chatWidget: { visitorId: string } }).chatWidget.visitorId,
        ),
      ),
    );
    expect(visitorIds[0]).toMatch(/^vis_/);
    expect(visitorIds[1]).toBe(visitorIds[0]);
  });
});
