import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { startChatNode } from './harness';
import type { ChatNode } from './harness';

const page = `<!doctype html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Data Boost · Mobile portal</title>
<link rel="stylesheet" href="/assets/chat-widget.css">
<script src="/assets/chat-widget.js" defer></script></head>
<body><main><section class="chat" aria-labelledby="chat-heading"><h2 id="chat-heading">Chat with us</h2>
<div id="chat-widget" data-offer-id="po-data-boost"></div></section></main></body></html>`;

/** The widget, when the node refuses a message as busy: she is told, and it is sent again. */
describe('the chat widget when the service is busy', () => {
  let node: ChatNode;
  let browser: Browser;

  beforeAll(async () => {
    // One turn at a time and none waiting: while a turn runs, the next message is refused.
    node = await startChatNode({
      limits: { maxConcurrentTurns: 1, maxQueuedTurns: 0, maxEventLoopUtilisation: 1 },
      configureApp: (app) => {
        app.get('/widget-page', async (_request, reply) => reply.type('text/html').send(page));
      },
    });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-background-networking'],
      headless: true,
    });
  });
  afterAll(async () => {
    await browser?.close();
    await node?.runtime.stop();
  });

  it('shows that it is busy under her message, sends it again by itself, and the answer comes', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    await tab.goto(`${node.url}/widget-page`);
    const log = tab.getByRole('log', { name: 'Chat messages' });
    const input = tab.getByLabel('Your message');
    // The widget connects when she comes to it.
    await input.focus();
    await log.getByText('Hello! Ask me about plans and add-ons.').waitFor();

    await input.fill('think hard');
    await input.press('Enter');
    await input.fill('Is there a data add-on?');
    await input.press('Enter');
    await log.getByText(/Lots of people are chatting right now/).waitFor();
    // Still her message, waiting: not marked failed, no button to press.
    expect(await tab.locator('.cw-failed').count()).toBe(0);

    node.engine.release();
    await log.getByText('You said: think hard').waitFor();
    await log.getByText('You said: Is there a data add-on?').waitFor({ timeout: 15_000 });
    await log.getByText(/Lots of people are chatting right now/).waitFor({ state: 'detached' });
    const asked = node.engine.turns.filter((turn) => turn.text === 'Is there a data add-on?');
    expect(asked).toHaveLength(1);
    await context.close();
  });
});
