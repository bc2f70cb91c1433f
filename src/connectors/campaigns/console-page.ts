import type { FastifyInstance } from 'fastify';
import { consoleScript } from './console-script';
import { documented } from '../../infra/http/api-docs/route-doc';
import { z } from 'zod';

const page = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Campaigns</title>
<style>
  [hidden] { display: none !important; }
  body { font: 15px/1.45 system-ui, sans-serif; margin: 0; color: #1d2430; background: #f6f7f9; }
  header { display: flex; justify-content: space-between; align-items: center; padding: .6rem 1.2rem; background: #1d2430; color: #fff; }
  header button { margin: 0 0 0 .6rem; }
  main { display: grid; grid-template-columns: minmax(20rem, 2fr) minmax(26rem, 3fr); gap: 1.2rem; padding: 1.2rem; align-items: start; }
  section { background: #fff; border: 1px solid #dde1e7; border-radius: 6px; padding: 1rem; margin-bottom: 1.2rem; }
  h2 { margin: 0 0 .6rem; font-size: 1.2rem; } h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
  .bar { display: flex; justify-content: space-between; align-items: center; gap: .6rem; flex-wrap: wrap; }
  label { display: block; margin-top: .6rem; font-weight: 600; }
  label.inline, label.choice { display: inline; font-weight: normal; margin: 0 .8rem 0 0; }
  input, select, textarea { box-sizing: border-box; font: inherit; padding: .35rem; }
  #create-form input:not([type=checkbox]), #create-form select, #create-form textarea { width: 100%; }
  #create-form .condition select, #create-form .condition input { width: auto; }
  #create-form input.number { width: 5.5rem; } #create-form input.text-values { width: 16rem; }
  #create-form .inline-fields input, #create-form .inline-fields select, #create-form .group-head select { width: auto; }
  #comparison-section { grid-column: 1 / -1; overflow-x: auto; }
  textarea { min-height: 5rem; }
  button { font: inherit; padding: .35rem .9rem; margin: .6rem .4rem 0 0; cursor: pointer; border: 1px solid #b8bfca; border-radius: 4px; background: #fff; }
  button.primary, #create-submit, #schedule, #cancel-yes { background: #2f5fd0; color: #fff; border-color: #2f5fd0; }
  #cancel-yes { background: #a32020; border-color: #a32020; }
  button.link, .remove-group { border: 0; background: none; color: #2f5fd0; padding: 0 .3rem; margin: 0 0 0 .6rem; }
  fieldset { border: 1px solid #e3e6eb; border-radius: 6px; margin: 1rem 0 0; padding: .4rem .9rem .9rem; }
  legend { font-weight: 700; padding: 0 .3rem; }
  table { width: 100%; border-collapse: collapse; }
  th { text-align: left; font-size: .85rem; color: #555; border-bottom: 1px solid #dde1e7; padding: .3rem; }
  td { padding: .35rem .3rem; border-bottom: 1px solid #eee; }
  #campaign-rows tr, #comparison-rows tr { cursor: pointer; }
  #campaign-rows tr:hover, #comparison-rows tr:hover { background: #f3f6fc; }
  #campaign-rows tr.selected { background: #e5ecfb; }
  .ok { color: #1b6e36; } .warn, .error { color: #a32020; }
  .hint { color: #555; font-size: .9rem; margin: .3rem 0; }
  .gap { color: #a35a00; font-size: .85rem; margin-left: .4rem; }
  #message-preview { white-space: pre-wrap; background: #eef3ff; padding: .5rem; border-radius: 4px; min-height: 1.5rem; }
  .group { border-left: 3px solid #2f5fd0; padding: .3rem 0 .3rem .7rem; margin-top: .5rem; }
  .group.nested { border-left-color: #c77d00; background: #fffaf1; }
  .group-head { font-weight: 600; }
  .condition { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; padding: .35rem 0; border-bottom: 1px dashed #e3e6eb; }
  .condition .remove { margin: 0 0 0 auto; padding: 0 .5rem; }
  .group-tools button { margin-top: .4rem; }
  .mode { display: inline-flex; gap: 0; margin-bottom: .3rem; }
  .mode button { margin: 0; border-radius: 0; } .mode button[aria-pressed=true] { background: #1d2430; color: #fff; }
  #audience-count { font-weight: 700; margin-top: .7rem; } #audience-count.stale { opacity: .55; }
  #audience-sample { margin: .2rem 0; padding-left: 1.2rem; color: #333; }
  .inline-fields { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; margin-top: .4rem; }
  .inline-fields label { display: inline; margin: 0; }
  .badge { display: inline-block; padding: .1rem .6rem; border-radius: 1rem; background: #e3e6eb; font-weight: 600; font-size: .9rem; }
  .status-running { background: #dcefe2; color: #1b6e36; } .status-scheduled { background: #e5ecfb; color: #24479e; }
  .status-paused { background: #fff0d6; color: #8a5200; } .status-cancelled { background: #f6dddd; color: #8a1f1f; }
  .status-completed { background: #e3e6eb; color: #1d2430; }
  td.status { background: none; }
  dl { display: grid; grid-template-columns: 9rem 1fr; gap: .3rem 1rem; } dt { color: #555; } dd { margin: 0; white-space: pre-wrap; }
  .note { background: #fff6e0; border: 1px solid #f0d79a; padding: .6rem .8rem; border-radius: 4px; }
  .progress-bar { height: .9rem; background: #e3e6eb; border-radius: .5rem; overflow: hidden; margin-top: .6rem; }
  #progress-fill { height: 100%; width: 0; background: #2f5fd0; transition: width .4s; }
  #kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(8.5rem, 1fr)); gap: .5rem; margin: .8rem 0; }
  .kpi { border: 1px solid #e3e6eb; border-radius: 4px; padding: .4rem .6rem; }
  .kpi strong { display: block; font-size: 1.15rem; } .kpi span { color: #555; font-size: .85rem; }
  #chart { width: 100%; height: auto; border: 1px solid #eceff3; border-radius: 4px; }
  .legend-item { margin-right: 1rem; font-size: .9rem; } .legend-item i { display: inline-block; width: .8rem; height: .8rem; margin-right: .3rem; border-radius: 2px; vertical-align: -1px; }
  figure { margin: 0; }
  #sign-in { max-width: 22rem; margin: 4rem auto; }
  #sign-in input { width: 100%; }
  @media (max-width: 900px) { main { grid-template-columns: 1fr; } }
</style>
</head>
<body>
<header><strong>Campaign console</strong><span id="account" hidden><span id="who"></span><button id="sign-out" type="button">Sign out</button></span></header>
<section id="sign-in" hidden>
  <h1>Sign in</h1>
  <form id="sign-in-form">
    <label for="username">Username</label><input id="username" autocomplete="username" required>
    <label for="password">Password</label><input id="password" type="password" autocomplete="current-password" required>
    <button type="submit" class="primary">Sign in</button>
    <p id="sign-in-error" class="error" role="alert"></p>
  </form>
</section>
<main id="workspace" hidden>
  <div>
    <section id="list-section">
      <div class="bar"><h2>Campaigns</h2><button id="new-campaign" type="button" class="primary">New campaign</button></div>
      <label class="inline"><input type="checkbox" id="show-archived"> Show archived</label>
      <table><thead><tr><th>Name</th><th>Status</th><th>Sent</th><th>Created</th></tr></thead><tbody id="campaign-rows"></tbody></table>
      <p id="list-empty" class="hint">No campaigns yet: start one with “New campaign”.</p>
      <p id="list-error" class="error" role="alert"></p>
    </section>
  </div>
  <div>
    <section id="editor" hidden>
      <h2 id="editor-title">New campaign</h2>
      <form id="create-form" novalidate>
        <fieldset><legend>Message</legend>
          <label for="name">Name</label><input id="name" required maxlength="120" placeholder="e.g. Summer data boost">
          <label for="offering">Offer</label><select id="offering" required></select>
          <label for="template">Message</label>
          <p class="hint">Write {firstName}, {offerName} and {link} where her first name, the offer and her personal link go.</p>
          <textarea id="template" required maxlength="1000">Hi {firstName}, {offerName} is here for you: {link} Reply STOP to opt out</textarea>
          <div id="segment-info" aria-live="polite"></div>
          <div id="message-preview" aria-label="Message preview"></div>
        </fieldset>
        <fieldset><legend>Audience</legend>
          <div class="mode" role="group" aria-label="How to write the audience">
            <button id="mode-builder" type="button" aria-pressed="true">Builder</button><button id="mode-advanced" type="button" aria-pressed="false">Advanced (query)</button>
          </div>
          <div id="builder"></div>
          <div id="advanced" hidden>
            <label for="audience">Query</label>
            <p class="hint">The same conditions as JSON: segment, plan, subscription, tenureMonths, consent, region, timezone, lastInteractionDaysAgo, campaignsReceived, campaignsClicked, joined by $and, $or, $nor.</p>
            <textarea id="audience" spellcheck="false">{}</textarea>
          </div>
          <div id="audience-count" aria-live="polite"></div>
          <p id="sample-title" class="hint" hidden>For example (numbers masked):</p>
          <ul id="audience-sample"></ul>
          <p id="audience-gaps" class="hint"></p>
          <p id="audience-error" class="error" role="alert"></p>
        </fieldset>
        <fieldset><legend>Sending</legend>
          <div class="inline-fields" id="channel-field" hidden><label for="channel">Send on</label><select id="channel"></select></div>
          <p id="channel-hint" class="hint" hidden>Customers who have not opted in to promotions there get it by text message, if they opted in to those.</p>
          <div class="inline-fields"><label for="rate">Send</label><input id="rate" type="number" min="0.1" max="1000" step="0.1" value="10"> messages a second</div>
          <p id="rate-hint" class="hint"></p>
          <div class="inline-fields"><label for="quiet-from">Only between</label><input id="quiet-from" type="time" value="08:00" required>
            <label for="quiet-until">and</label><input id="quiet-until" type="time" value="21:00" required></div>
          <div class="inline-fields"><label for="quiet-zone">in</label><select id="quiet-zone"></select></div>
          <p class="hint">Outside these hours messages wait until they open again.</p>
          <div class="inline-fields"><label for="max-segments">At most</label><input id="max-segments" type="number" min="1" max="10" value="2"> SMS segments a message</div>
        </fieldset>
        <button type="submit" id="create-submit">Create</button> <button type="button" id="editor-cancel">Cancel</button>
        <p id="create-error" class="error" role="alert"></p>
      </form>
      <datalist id="time-zones"></datalist>
    </section>
    <section id="detail" hidden>
      <div class="bar"><h2 id="detail-name"></h2><span id="detail-status" class="badge"></span></div>
      <dl id="detail-facts"></dl>
      <p id="finished-note" class="note" hidden></p>
      <div id="actions">
        <button id="edit" type="button">Edit</button>
        <span id="schedule-box"><label class="inline" for="start-at">Start</label><input id="start-at" type="datetime-local" aria-describedby="start-hint"> <button id="schedule" type="button">Schedule</button>
          <span id="start-hint" class="hint">your local time; leave it empty to send now</span></span>
        <button id="unschedule" type="button">Back to draft</button>
        <button id="pause" type="button">Pause</button>
        <button id="resume" type="button" class="primary">Resume</button>
        <button id="cancel" type="button">Cancel campaign</button>
        <button id="duplicate" type="button">Duplicate</button>
        <button id="archive" type="button">Archive</button>
      </div>
      <p id="cancel-confirm" class="note" hidden>Cancel for good? Nobody else will get it, and it cannot be restarted.
        <button id="cancel-yes" type="button">Yes, cancel it</button><button id="cancel-no" type="button">Keep it</button></p>
      <p id="detail-error" class="error" role="alert"></p>
      <p id="duplicate-hint" class="note" hidden>Duplicate makes a new draft with the same message, audience and sending settings, which you can change before you schedule it.</p>
      <div id="test-box">
        <h3>Send a test to your phone</h3>
        <form id="test-form" class="inline-fields">
          <label for="test-to">Your mobile number</label><input id="test-to" type="tel" placeholder="+44 7700 900123" required>
          <button type="submit" id="test-send">Send test</button>
        </form>
        <p id="test-note" class="hint"></p>
        <p id="test-result" aria-live="polite"></p>
      </div>
      <div id="progress" hidden>
        <h3>Progress</h3>
        <div class="progress-bar" id="progress-bar" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0" aria-labelledby="progress-text"><div id="progress-fill"></div></div>
        <p id="progress-text" aria-live="polite"></p>
        <div id="kpis"></div>
        <figure><svg id="chart" xmlns="http://www.w3.org/2000/svg"></svg><figcaption id="legend"></figcaption></figure>
      </div>
    </section>
  </div>
  <section id="comparison-section">
      <h2>Compare campaigns</h2>
      <table id="comparison-table"><thead><tr><th>Campaign</th><th>Status</th><th>Started</th><th>Sent</th><th>Delivery rate</th><th>Click-through</th><th>Conversion</th><th>Revenue</th></tr></thead><tbody id="comparison-rows"></tbody></table>
      <p id="comparison-empty" class="hint">Campaigns appear here once they have been scheduled.</p>
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
