/* The agent console: plain browser JavaScript, no framework. Every server value is written with
   textContent, never as HTML. State is the server's: on (re)connect the server sends everything. */
/* global sessionStorage, io */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const state = {
    token: sessionStorage.getItem('assistToken'),
    socket: null,
    session: null,
    waiting: new Map(),
    panels: new Map(),
    selected: null,
    filter: '',
  };

  function money(value) {
    if (!value || typeof value.amount !== 'number') return '';
    try {
      return new Intl.NumberFormat(undefined, {
        style: 'currency',
        currency: value.currency,
      }).format(value.amount / 100);
    } catch {
      return (value.amount / 100).toFixed(2) + ' ' + value.currency;
    }
  }

  function el(tag, attributes, children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attributes || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'text') node.textContent = value;
      else if (key === 'className') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    for (const child of children || []) if (child) node.append(child);
    return node;
  }

  function status(message, isError) {
    const node = $('status');
    node.textContent = message || '';
    node.classList.toggle('error', !!isError);
  }

  function time(iso) {
    const date = new Date(iso);
    return date.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' });
  }

  /* ---------- sign-in ---------- */

  $('sign-in-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('sign-in-error').textContent = '';
    try {
      const response = await fetch('/api/auth/sign-in', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: $('username').value, password: $('password').value }),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.message || 'Sign-in failed');
      state.token = data.token;
      sessionStorage.setItem('assistToken', data.token);
      $('password').value = '';
      connect();
    } catch (error) {
      $('sign-in-error').textContent = error.message;
    }
  });

  $('sign-out').addEventListener('click', () => {
    sessionStorage.removeItem('assistToken');
    state.token = null;
    if (state.socket) state.socket.close();
    state.socket = null;
    show(false);
  });

  function show(signedIn) {
    $('sign-in').hidden = signedIn;
    $('workspace').hidden = !signedIn;
    if (!signedIn) $('username').focus();
  }

  /* ---------- the socket ---------- */

  function connect() {
    if (state.socket) state.socket.close();
    const socket = io('/assist', { auth: { token: state.token }, transports: ['websocket'] });
    state.socket = socket;
    socket.on('connect', () => {
      show(true);
      $('connection').textContent = 'Connected';
    });
    socket.on('disconnect', () => {
      $('connection').textContent = 'Reconnecting…';
    });
    socket.on('connect_error', (error) => {
      const code = error && error.data && error.data.code;
      if (code) {
        sessionStorage.removeItem('assistToken');
        socket.close();
        show(false);
        $('sign-in-error').textContent = error.message;
      } else {
        $('connection').textContent = 'Cannot reach the server; retrying…';
      }
    });
    socket.on('session', (session) => {
      state.session = session;
      $('agent-name').textContent =
        session.agent.displayName + (session.supervisor ? ' (supervisor)' : '');
      renderPresence(session.presence);
    });
    socket.on('presence', renderPresence);
    socket.on('queue', ({ waiting }) => {
      state.waiting = new Map(waiting.map((handover) => [handover.id, handover]));
      renderLists();
    });
    socket.on('conversations', ({ items }) => {
      state.panels = new Map(items.map((panel) => [panel.handover.id, panel]));
      if (state.selected && !state.panels.has(state.selected)) state.selected = null;
      if (!state.selected && items[0]) state.selected = items[0].handover.id;
      renderLists();
      renderPanel();
    });
    socket.on('conversation', (panel) => {
      const isNew = !state.panels.has(panel.handover.id);
      state.panels.set(panel.handover.id, panel);
      state.waiting.delete(panel.handover.id);
      if (!state.selected) state.selected = panel.handover.id;
      if (isNew)
        status('New conversation: ' + panel.handover.title + ' (' + panel.handover.channel + ')');
      renderLists();
      if (state.selected === panel.handover.id) renderPanel();
    });
    socket.on('handover:updated', (handover) => {
      const mine = state.session && handover.assignedAgentId === state.session.agent.id;
      const held = ['assigned', 'transferred', 'accepted'].includes(handover.status);
      if (handover.status === 'waiting') state.waiting.set(handover.id, handover);
      else state.waiting.delete(handover.id);
      const panel = state.panels.get(handover.id);
      if (panel && (!mine || !held)) {
        state.panels.delete(handover.id);
        if (state.selected === handover.id) state.selected = firstConversation();
      } else if (panel && handover.version >= panel.handover.version) {
        panel.handover = handover;
      }
      renderLists();
      renderPanel();
    });
    socket.on('panel:patch', applyPatch);
  }

  function firstConversation() {
    const first = state.panels.keys().next();
    return first.done ? null : first.value;
  }

  function request(event, payload) {
    return new Promise((resolve, reject) => {
      if (!state.socket) return reject(new Error('Not connected'));
      state.socket.timeout(15000).emit(event, payload, (error, result) => {
        if (error) return reject(new Error('The server did not answer in time'));
        if (!result.ok) return reject(new Error(result.error.message));
        resolve(result);
      });
    });
  }

  async function act(event, payload, done) {
    status('Working…');
    try {
      const result = await request(event, payload);
      status(done || 'Done');
      return result;
    } catch (error) {
      status(error.message, true);
      return undefined;
    }
  }

  /* ---------- presence ---------- */

  function renderPresence(presence) {
    $('presence').value = presence.status;
    $('load').textContent = presence.load + ' of ' + presence.maxConcurrent + ' conversations';
  }

  $('presence').addEventListener('change', async () => {
    const result = await act('presence:set', { status: $('presence').value }, 'Presence updated');
    if (result) renderPresence(result.presence);
  });

  /* ---------- lists ---------- */

  function listItem(handover, selected, extra) {
    const item = el('li', { className: selected ? 'selected' : '' }, [
      el(
        'button',
        {
          type: 'button',
          className: 'item',
          'aria-current': selected ? 'true' : false,
          onclick: () => select(handover.id),
        },
        [
          el('span', { className: 'title', text: handover.title }),
          el('span', { className: 'badge ' + handover.priority, text: handover.priority }),
          el('span', { className: 'badge', text: handover.channel }),
          el('span', {
            className: 'muted small',
            text: handover.status + ' · ' + time(handover.createdAt),
          }),
        ],
      ),
      extra,
    ]);
    return item;
  }

  function renderLists() {
    const mine = $('mine');
    mine.replaceChildren(
      ...[...state.panels.values()].map((panel) =>
        listItem(panel.handover, panel.handover.id === state.selected),
      ),
    );
    $('mine-count').textContent = String(state.panels.size);
    const queue = $('queue');
    queue.replaceChildren(
      ...[...state.waiting.values()].map((handover) =>
        listItem(
          handover,
          false,
          el('button', {
            type: 'button',
            className: 'accept-waiting',
            text: 'Accept',
            'aria-label': 'Accept ' + handover.title,
            onclick: () => accept(handover.id),
          }),
        ),
      ),
    );
    $('queue-count').textContent = String(state.waiting.size);
  }

  async function select(handoverId) {
    if (!state.panels.has(handoverId)) {
      const result = await act('panel:get', { handoverId }, '');
      if (!result) return;
      state.panels.set(handoverId, result.panel);
    }
    state.selected = handoverId;
    renderLists();
    renderPanel();
    $('panel').focus();
  }

  async function accept(handoverId) {
    const result = await act('handover:accept', { handoverId }, 'Accepted');
    if (!result) return;
    state.panels.set(handoverId, result.panel);
    state.waiting.delete(handoverId);
    state.selected = handoverId;
    renderLists();
    renderPanel();
  }

  /* ---------- the panel ---------- */

  function current() {
    return state.selected ? state.panels.get(state.selected) : undefined;
  }

  function renderPanel() {
    const panel = current();
    $('empty').hidden = !!panel;
    $('conversation').hidden = !panel;
    if (!panel) return;
    const handover = panel.handover;
    const offered = ['assigned', 'transferred'].includes(handover.status);
    $('customer-name').textContent = panel.customer ? panel.customer.name : 'Visitor';
    $('handover-status').textContent = handover.status;
    $('handover-channel').textContent = handover.channel + ' · ' + handover.queue;
    $('accept').hidden = !offered;
    $('decline').hidden = !offered;
    $('summary').textContent = panel.summary;
    renderCustomer(panel.customer);
    renderTimeline(panel.timeline.items);
    renderCart(panel.cart, panel.quote);
    renderOffers(panel.offers);
    renderOrders(panel.orders);
  }

  function renderCustomer(customer) {
    const facts = $('customer-facts');
    const subscriptions = $('subscriptions');
    if (!customer) {
      facts.replaceChildren(el('dt', { text: 'Who' }), el('dd', { text: 'Not identified yet' }));
      subscriptions.replaceChildren();
      return;
    }
    const pairs = [
      ['Segment', customer.segment],
      ['Mobile', customer.mobile || '—'],
      ['Email', customer.email || '—'],
      ['Marketing SMS', customer.smsMarketing],
      ['Customer since', new Date(customer.customerSince).getFullYear()],
    ];
    facts.replaceChildren(
      ...pairs.flatMap(([label, value]) => [
        el('dt', { text: label }),
        el('dd', { text: String(value) }),
      ]),
    );
    subscriptions.replaceChildren(
      ...customer.subscriptions.map((subscription) =>
        el('li', {
          className: 'chip' + (subscription.isPlan ? ' plan' : ''),
          text:
            subscription.name +
            (subscription.status === 'active' ? '' : ' (' + subscription.status + ')'),
        }),
      ),
    );
  }

  function renderTimeline(items) {
    const list = $('timeline');
    const shown = items.filter((entry) => !state.filter || entry.channel === state.filter);
    // Oldest first reads like a transcript; the server sends newest first.
    list.replaceChildren(
      ...shown
        .slice()
        .reverse()
        .map((entry) =>
          el('li', { className: 'entry ' + entry.kind + ' ' + (entry.author || entry.direction) }, [
            el('span', {
              className: 'meta',
              text:
                time(entry.occurredAt) +
                ' · ' +
                entry.channel +
                ' · ' +
                (entry.author || entry.kind),
            }),
            el('span', { className: 'text', text: entry.text || entry.summary }),
          ]),
        ),
    );
    list.scrollTop = list.scrollHeight;
  }

  function renderCart(cart, quote) {
    const body = $('cart').querySelector('tbody');
    const lines = cart ? cart.price.lines : [];
    $('cart-empty').hidden = lines.length > 0;
    $('cart').hidden = lines.length === 0;
    body.replaceChildren(
      ...lines.map((line) =>
        el('tr', {}, [
          el('td', {}, [
            el('span', { text: line.offeringName }),
            line.agentDiscounts.length || line.promotions.length
              ? el('span', {
                  className: 'muted small block',
                  text: line.promotions
                    .concat(line.agentDiscounts)
                    .map((adjustment) => adjustment.name)
                    .join(', '),
                })
              : null,
          ]),
          el('td', { text: String(line.quantity) }),
          el('td', { text: money(line.line.recurring) }),
          el('td', { text: money(line.line.oneTime) }),
          el('td', {}, [
            el('button', {
              type: 'button',
              text: 'Discount',
              onclick: () => discount(line.itemId),
            }),
            el('button', {
              type: 'button',
              text: 'Remove',
              'aria-label': 'Remove ' + line.offeringName,
              onclick: () => removeItem(line.itemId),
            }),
          ]),
        ]),
      ),
    );
    $('cart-total').textContent = cart
      ? money(cart.price.totals.recurring) +
        '/month · ' +
        money(cart.price.totals.oneTime) +
        ' once'
      : '';
    $('quote').textContent = quote
      ? 'Latest quote ' +
        quote.state +
        (quote.expired ? ' (expired)' : '') +
        ': ' +
        money(quote.totals.recurring) +
        '/month'
      : '';
  }

  function renderOffers(offers) {
    $('offers').replaceChildren(
      ...offers.map((offer) =>
        el('li', { className: 'offer' }, [
          el('div', { className: 'row' }, [
            el('strong', { text: offer.name }),
            el('span', { className: 'spacer' }),
            el('span', {
              text:
                money(offer.price.recurring) +
                '/month' +
                (offer.price.oneTime.amount ? ' + ' + money(offer.price.oneTime) : ''),
            }),
          ]),
          el('p', { className: 'muted small', text: offer.why.concat(offer.reasons).join(' · ') }),
          el('div', { className: 'row' }, [
            el('button', {
              type: 'button',
              text: 'Add to cart',
              'aria-label': 'Add ' + offer.name + ' to the cart',
              onclick: () => acceptOffer(offer),
            }),
            el('button', {
              type: 'button',
              text: 'Dismiss',
              'aria-label': 'Dismiss ' + offer.name,
              onclick: () => dismissOffer(offer),
            }),
          ]),
        ]),
      ),
    );
    if (offers.length === 0)
      $('offers').append(el('li', { className: 'muted', text: 'Nothing more to suggest.' }));
  }

  function renderOrders(orders) {
    $('orders').replaceChildren(
      ...orders.map((order) =>
        el('li', {
          text:
            time(order.orderDate) +
            ' · ' +
            order.state +
            ' · ' +
            money(order.totals.recurring) +
            '/month (' +
            order.channel +
            ')',
        }),
      ),
    );
    if (orders.length === 0)
      $('orders').append(el('li', { className: 'muted', text: 'No orders yet.' }));
  }

  function applyPatch(patch) {
    for (const panel of state.panels.values()) {
      if (panel.handover.partyKey !== patch.partyKey) continue;
      if (patch.section === 'timeline') {
        if (!panel.timeline.items.some((entry) => entry.id === patch.entry.id)) {
          panel.timeline.items.unshift(patch.entry);
        }
      } else if (patch.section === 'cart') {
        if (!panel.cart || patch.cart.version >= panel.cart.version) {
          panel.cart = patch.cart;
          panel.offers = patch.offers;
        }
      } else if (patch.section === 'customer') panel.customer = patch.customer;
      else if (patch.section === 'orders') panel.orders = patch.orders;
      else if (patch.section === 'offers') panel.offers = patch.offers;
      else if (patch.section === 'quote') panel.quote = patch.quote;
      if (panel.handover.id === state.selected) renderPanel();
    }
  }

  /* ---------- actions ---------- */

  function withPanel(run) {
    const panel = current();
    if (panel) return run(panel);
    return undefined;
  }

  function replaceCart(result) {
    if (!result) return;
    withPanel((panel) => {
      if (!panel.cart || result.cart.version >= panel.cart.version) panel.cart = result.cart;
      renderPanel();
    });
  }

  async function acceptOffer(offer) {
    await withPanel(async (panel) =>
      replaceCart(
        await act(
          'offer:accept',
          { handoverId: panel.handover.id, offeringId: offer.offeringId },
          offer.name + ' added',
        ),
      ),
    );
  }

  async function dismissOffer(offer) {
    await withPanel(async (panel) => {
      const result = await act(
        'offer:dismiss',
        { handoverId: panel.handover.id, offeringId: offer.offeringId },
        'Dismissed',
      );
      if (result) {
        panel.offers = result.offers;
        renderPanel();
      }
    });
  }

  async function removeItem(itemId) {
    await withPanel(async (panel) =>
      replaceCart(await act('cart:remove', { handoverId: panel.handover.id, itemId }, 'Removed')),
    );
  }

  async function discount(itemId) {
    const answer = window.prompt('Discount in percent off the monthly price');
    const value = Number(answer);
    if (!answer || !(value > 0)) return;
    await withPanel(async (panel) =>
      replaceCart(
        await act(
          'cart:discount',
          { handoverId: panel.handover.id, itemId, kind: 'percent', value },
          'Discount applied',
        ),
      ),
    );
  }

  $('accept').addEventListener('click', () => withPanel((panel) => accept(panel.handover.id)));
  $('decline').addEventListener('click', () =>
    withPanel((panel) => act('handover:decline', { handoverId: panel.handover.id }, 'Declined')),
  );
  $('release').addEventListener('click', () =>
    withPanel((panel) =>
      act('handover:release', { handoverId: panel.handover.id }, 'Given back to the bot'),
    ),
  );
  $('send-link').addEventListener('click', () =>
    withPanel((panel) => act('link:send', { handoverId: panel.handover.id }, 'Link sent by SMS')),
  );
  $('place-order').addEventListener('click', () =>
    withPanel(async (panel) => {
      if (!$('consent').checked)
        return status('Tick that she agreed before placing the order', true);
      const result = await act(
        'order:place',
        { handoverId: panel.handover.id, consent: true },
        'Order placed',
      );
      if (result) $('consent').checked = false;
    }),
  );
  $('transfer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const toAgentId = $('transfer-agent').value.trim();
    const toQueue = $('transfer-queue').value.trim();
    withPanel((panel) =>
      act(
        'handover:transfer',
        Object.assign(
          { handoverId: panel.handover.id },
          toAgentId ? { toAgentId } : { toQueue: toQueue || 'sales' },
        ),
        'Transferred',
      ),
    );
  });
  $('close-form').addEventListener('submit', (event) => {
    event.preventDefault();
    withPanel(async (panel) => {
      const result = await act(
        'handover:close',
        {
          handoverId: panel.handover.id,
          disposition: $('disposition').value,
          note: $('close-note').value,
        },
        'Wrapped up',
      );
      if (result) $('close-note').value = '';
    });
  });
  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const text = $('chat-input').value.trim();
    if (!text) return;
    withPanel(async (panel) => {
      const result = await act('message:send', { handoverId: panel.handover.id, text }, 'Sent');
      if (result) {
        $('chat-input').value = '';
        if (!panel.timeline.items.some((entry) => entry.id === result.entry.id))
          panel.timeline.items.unshift(result.entry);
        renderPanel();
      }
    });
  });
  $('timeline-filter').addEventListener('change', () => {
    state.filter = $('timeline-filter').value;
    renderPanel();
  });

  /* ---------- keyboard ---------- */

  document.addEventListener('keydown', (event) => {
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(
      document.activeElement && document.activeElement.tagName,
    );
    if (event.key === '/' && !typing) {
      event.preventDefault();
      $('chat-input').focus();
      return;
    }
    if (!event.altKey) return;
    const ids = [...state.panels.keys()];
    const at = ids.indexOf(state.selected);
    if (event.key === 'j' && ids.length) {
      event.preventDefault();
      select(ids[(at + 1) % ids.length]);
    } else if (event.key === 'k' && ids.length) {
      event.preventDefault();
      select(ids[(at - 1 + ids.length) % ids.length]);
    } else if (event.key === 'a') {
      event.preventDefault();
      const panel = current();
      if (panel && ['assigned', 'transferred'].includes(panel.handover.status))
        accept(panel.handover.id);
      else {
        const first = state.waiting.keys().next();
        if (!first.done) accept(first.value);
      }
    } else if (event.key === 'p') {
      event.preventDefault();
      $('presence').focus();
    }
  });

  if (state.token) connect();
  else show(false);
})();
