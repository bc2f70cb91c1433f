import type { FastifyInstance } from 'fastify';
import { consoleScript } from './console-script';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

const page = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Campaigns</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
  header { display: flex; justify-content: space-between; align-items: center; padding: .6rem 1.2rem; background: #1d2430; color: #fff; }
  main { display: grid; grid-template-columns: minmax(22rem, 1fr) minmax(22rem, 1fr); gap: 1.2rem; padding: 1.2rem; }
  section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 1rem; }
  label { display: block; margin-top: .6rem; font-weight: 600; }
  input, select, textarea { width: 100%; box-sizing: border-box; font: inherit; padding: .35rem; }
  textarea { min-height: 5rem; }
  button { font: inherit; padding: .35rem .9rem; margin: .6rem .4rem 0 0; cursor: pointer; }
  table { width: 100%; border-collapse: collapse; } td { padding: .3rem; border-bottom: 1px solid #eee; cursor: pointer; }
  .ok { color: #1b6e36; } .warn, .error { color: #a32020; }
  #message-preview { white-space: pre-wrap; background: #eef3ff; padding: .5rem; border-radius: 4px; min-height: 1.5rem; }
  dl { display: grid; grid-template-columns: auto 1fr; gap: .2rem 1rem; } dt { color: #555; } dd { margin: 0; font-weight: 600; }
  #sign-in { max-width: 22rem; margin: 4rem auto; }
</style>
</head>
<body>
<header><strong>Campaign console</strong><span><span id="who"></span> <button id="sign-out" type="button">Sign out</button></span></header>
<section id="sign-in" hidden>
  <h1>Sign in</h1>
  <form id="sign-in-form">
    <label for="username">Username</label><input id="username" autocomplete="username" required>
    <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" required>
    <button type="submit">Sign in</button>
    <p id="sign-in-error" class="error" role="alert"></p>
  </form>
</section>
<main id="workspace" hidden>
  <section>
    <h2>New campaign</h2>
    <form id="create-form">
      <label for="name">Name</label><input id="name" required maxlength="120">
      <label for="offering">Offer</label><select id="offering" required></select>
      <label for="template">Message ({firstName}, {offerName}, {link})</label>
      <textarea id="template" required maxlength="1000">Hi {firstName}, {offerName} is here for you: {link} Reply STOP to opt out</textarea>
      <div id="segment-info" aria-live="polite"></div>
      <div id="message-preview" aria-label="Message preview"></div>
      <label for="audience">Audience (MongoDB query over customers)</label>
      <textarea id="audience">{"segment": "consumer"}</textarea>
      <button id="preview-audience" type="button">Preview audience</button>
      <div id="audience-count" aria-live="polite"></div><ul id="audience-sample"></ul>
      <p id="audience-error" class="error" role="alert"></p>
      <label for="rate">Messages per second</label><input id="rate" type="number" min="0.1" step="0.1" value="10">
      <label for="max-segments">Most segments per message</label><input id="max-segments" type="number" min="1" max="10" value="2">
      <button type="submit">Create</button>
      <p id="create-error" class="error" role="alert"></p>
    </form>
  </section>
  <section>
    <h2>Campaigns</h2>
    <table><tbody id="campaign-rows"></tbody></table>
    <div id="detail" hidden>
      <h3 id="detail-name"></h3>
      <p>Status: <strong id="detail-status"></strong></p>
      <p id="detail-message"></p>
      <label for="start-at">Start at (empty: now)</label><input id="start-at" type="datetime-local">
      <button id="schedule" type="button">Schedule</button>
      <button id="pause" type="button">Pause</button>
      <button id="resume" type="button">Resume</button>
      <button id="cancel" type="button">Cancel</button>
      <p id="detail-error" class="error" role="alert"></p>
      <dl id="stats" aria-live="polite"></dl>
    </div>
  </section>
</main>
<script src="/campaigns/console.js"></script>
</body>
</html>`;

/** `/campaigns`: the campaign console (plain HTML and JS, served by the service). */
export function registerConsolePage(app: FastifyInstance): void {
  app.get(
    '/campaigns',
    documented({
      summary: 'The campaign console page',
      tags: ['Campaigns'],
      responses: { 200: { description: 'An HTML page', contentType: 'text/html' } },
    }),
    async (_request, reply) =>
      reply
        .type('text/html; charset=utf-8')
        .header('content-security-policy', "default-src 'self'; style-src 'self' 'unsafe-inline'")
        .header('x-frame-options', 'DENY')
        .send(page),
  );
  app.get(
    '/campaigns/console.js',
    documented({
      summary: 'The campaign console script',
      tags: ['Campaigns'],
      responses: {
        200: { description: 'JavaScript', contentType: 'text/javascript', schema: z.string() },
      },
    }),
    async (_request, reply) => reply.type('text/javascript; charset=utf-8').send(consoleScript),
  );
}
