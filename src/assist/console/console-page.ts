export interface ConsoleLocale {
  /** BCP 47 tag the operator works in: dates and money are written in it. */
  locale: string;
  /** IANA zone the operator's times are shown in. */
  timeZone: string;
}

const OPERATOR_LOCALE: ConsoleLocale = { locale: 'en-GB', timeZone: 'Europe/London' };

/**
 * The agent console's one page: static markup the script fills in. Nothing here depends on the
 * request, so it is built once and served with an ETag.
 */
export function agentConsolePage(operator: ConsoleLocale = OPERATOR_LOCALE): string {
  return `<!doctype html>
<html lang="${operator.locale}" data-time-zone="${operator.timeZone}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Agent console</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/agent/assets/agent-console.css">
<link rel="stylesheet" href="/agent/assets/live-call-panel.css">
<script src="/agent/assets/socket.io.min.js" defer></script>
<script src="/agent/assets/live-call-panel.js" defer></script>
<script src="/agent/assets/agent-console.js" defer></script>
</head>
<body>
<a class="skip" href="#panel">Skip to the conversation</a>
<section id="sign-in" aria-labelledby="sign-in-title">
  <form id="sign-in-form" class="card narrow">
    <h1 id="sign-in-title">Agent console</h1>
    <label>Username <input id="username" name="username" autocomplete="username" required></label>
    <label>Password <input id="password" name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit">Sign in</button>
    <p id="sign-in-error" class="error" role="alert"></p>
  </form>
</section>
<div id="workspace" hidden>
  <header class="bar">
    <strong id="agent-name"></strong>
    <label>Presence
      <select id="presence" aria-keyshortcuts="Alt+P">
        <option value="available">Available</option>
        <option value="busy">Busy</option>
        <option value="away">Away</option>
      </select>
    </label>
    <span id="load" aria-live="polite"></span>
    <span id="connection" class="muted" aria-live="polite"></span>
    <span class="spacer"></span>
    <span class="muted keys">Keys: <kbd>Alt+J</kbd>/<kbd>Alt+K</kbd> next/previous · <kbd>Alt+A</kbd> accept · <kbd>Alt+C</kbd> chat · <kbd>/</kbd> saved replies</span>
    <button id="sign-out" type="button">Sign out</button>
  </header>
  <div class="columns">
    <nav aria-label="Conversations" class="lists">
      <h2>My conversations <span id="mine-count" class="count"></span></h2>
      <ul id="mine" class="list"></ul>
      <h2>Waiting <span id="queue-count" class="count"></span></h2>
      <ul id="queue" class="list"></ul>
    </nav>
    <main id="panel" tabindex="-1">
      <details id="floor" class="card floor" open hidden>
        <summary><h2 id="floor-title">The floor</h2></summary>
        <div class="floor-grid">
          <section aria-label="Queues"><h3>Queues</h3><ul id="floor-queues" class="list compact"></ul></section>
          <section aria-label="Agents"><h3>Agents</h3><ul id="floor-agents" class="list compact"></ul></section>
          <section aria-label="Open conversations"><h3>Open conversations</h3><ul id="floor-open" class="list"></ul></section>
          <section aria-labelledby="canned-admin-title">
            <h3 id="canned-admin-title">Saved replies</h3>
            <ul id="canned-admin" class="list compact"></ul>
            <form id="canned-form" class="stack-form">
              <label>Shortcut <input id="canned-shortcut" required maxlength="32" size="10"></label>
              <label>Title <input id="canned-title" required maxlength="80"></label>
              <label>Text <textarea id="canned-text" required maxlength="1600" rows="2" placeholder="Hello {firstName}, …"></textarea></label>
              <button type="submit">Save reply</button>
            </form>
          </section>
        </div>
      </details>
      <p id="empty" class="muted">Select a conversation, or wait for one to be routed to you.</p>
      <div id="conversation" hidden>
        <section class="card" aria-labelledby="customer-name">
          <div class="row">
            <h2 id="customer-name"></h2>
            <span id="handover-status" class="badge"></span>
            <span id="handover-channel" class="badge"></span>
            <span class="spacer"></span>
            <button id="accept" type="button" aria-keyshortcuts="Alt+A">Accept</button>
            <button id="decline" type="button">Decline</button>
          </div>
          <dl id="customer-facts" class="facts"></dl>
          <p id="summary" class="summary"></p>
          <ul id="subscriptions" class="chips" aria-label="Subscriptions"></ul>
        </section>
        <div class="grid">
          <section class="card chat" aria-labelledby="chat-title">
            <div class="row">
              <h3 id="chat-title">Timeline</h3>
              <span class="spacer"></span>
              <label>Search <input id="timeline-search" type="search" size="12" autocomplete="off"></label>
              <label>Channel
                <select id="timeline-filter">
                  <option value="">All</option>
                  <option value="sms">SMS</option>
                  <option value="webchat">Web chat</option>
                  <option value="voice">Voice</option>
                  <option value="selfcare">Self-care</option>
                  <option value="agent">Agent</option>
                  <option value="system">System</option>
                </select>
              </label>
            </div>
            <ol id="timeline" class="timeline" aria-live="polite"></ol>
            <p id="customer-typing" class="muted small" role="status" hidden>The customer is typing…</p>
            <form id="chat-form" class="composer">
              <ul id="canned" class="canned" role="listbox" aria-label="Saved replies" hidden></ul>
              <div class="row">
                <label class="grow">Message to the customer <input id="chat-input" maxlength="1600" autocomplete="off" placeholder="Type / for a saved reply" aria-keyshortcuts="Alt+C"></label>
                <button type="submit">Send</button>
              </div>
            </form>
          </section>
          <section class="stack">
            <section class="card" aria-labelledby="cart-title">
              <div class="row"><h3 id="cart-title">Cart (agent prices)</h3><span class="spacer"></span><span id="cart-total" class="total"></span></div>
              <div class="table-scroll"><table id="cart"><thead><tr><th>Item</th><th>Qty</th><th>Monthly</th><th>One-off</th><th><span class="visually-hidden">Actions</span></th></tr></thead><tbody></tbody></table></div>
              <form id="discount-form" class="row inline-form" hidden>
                <span id="discount-item" class="grow"></span>
                <label>Discount <select id="discount-kind"><option value="percent">% off</option><option value="amount">amount off</option></select></label>
                <label>Value <input id="discount-value" type="number" min="0.01" step="0.01" size="6" required></label>
                <label>On <select id="discount-applies"><option value="recurring">monthly</option><option value="oneTime">one-off</option><option value="all">both</option></select></label>
                <button type="submit">Apply discount</button>
                <button id="discount-cancel" type="button">Cancel</button>
              </form>
              <p id="cart-empty" class="muted">The cart is empty.</p>
              <p id="quote" class="muted"></p>
              <div class="row">
                <button id="send-link" type="button">Text a self-care link</button>
                <button id="send-quote" type="button">Create and text a quote</button>
              </div>
              <div class="row">
                <label><input id="consent" type="checkbox"> Customer agreed</label>
                <button id="place-order" type="button">Place order</button>
              </div>
            </section>
            <section class="card" aria-labelledby="offers-title">
              <h3 id="offers-title">Next best offers</h3>
              <ol id="offers" class="offers"></ol>
            </section>
            <section class="card" aria-labelledby="orders-title">
              <h3 id="orders-title">Orders</h3>
              <ul id="orders" class="list compact"></ul>
            </section>
            <section class="card" aria-labelledby="wrap-title">
              <h3 id="wrap-title">Hand on or wrap up</h3>
              <form id="transfer-form" class="row">
                <label>Transfer to queue <select id="transfer-queue"><option value="sales">Sales</option></select></label>
                <label>or agent <select id="transfer-agent"><option value="">—</option></select></label>
                <button type="submit">Transfer</button>
              </form>
              <div class="row"><button id="release" type="button">Give back to the bot</button></div>
              <form id="close-form" class="row">
                <label>Disposition
                  <select id="disposition">
                    <option value="sale">Sale</option>
                    <option value="quote-sent">Quote sent</option>
                    <option value="link-sent">Link sent</option>
                    <option value="callback">Callback</option>
                    <option value="not-interested">Not interested</option>
                    <option value="resolved">Resolved</option>
                    <option value="no-answer">No answer</option>
                    <option value="other">Other</option>
                  </select>
                </label>
                <label class="grow">Note <input id="close-note" maxlength="2000" required></label>
                <button type="submit">Wrap up</button>
              </form>
            </section>
          </section>
        </div>
      </div>
      <p id="status" class="status" role="status" aria-live="polite"></p>
    </main>
  </div>
</div>
</body>
</html>
`;
}
