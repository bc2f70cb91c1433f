/* The agent console: plain browser JavaScript, no framework. Every server value is written with
   textContent, never as HTML. State is the server's: on (re)connect the server sends everything. */
/* global sessionStorage, io, Notification */
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
    search: '',
    /** Customer messages she has not seen yet, per handover. */
    unread: new Map(),
    canned: [],
    cannedShown: [],
    cannedAt: 0,
    discountItem: null,
    floor: null,
    colleagues: [],
    typingTimer: null,
    typingSent: false,
    customerTyping: new Map(),
  };

  // The operator's locale and zone, from the page: every agent reads the same dates and money.
  const LOCALE = document.documentElement.lang || 'en-GB';
  const TIME_ZONE = document.documentElement.dataset.timeZone || undefined;
  const dateFormat = new Intl.DateTimeFormat(LOCALE, {
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    ...(TIME_ZONE ? { timeZone: TIME_ZONE } : {}),
  });
  const STATUS_LABELS = {
    waiting: 'Waiting',
    assigned: 'Offered to you',
    transferred: 'Transferred to you',
    accepted: 'Accepted',
    released: 'Back with the assistant',
    closed: 'Wrapped up',
    cancelled: 'Cancelled',
  };
  const CHANNEL_LABELS = {
    sms: 'SMS',
    webchat: 'Web chat',
    voice: 'Voice',
    selfcare: 'Self-care',
    agent: 'Agent',
    system: 'System',
  };
  /** The same statuses as a supervisor reads them: about the agent, not about "you". */
  const FLOOR_LABELS = {
    waiting: 'Waiting',
    assigned: 'Offered',
    transferred: 'Transferred',
    accepted: 'In conversation',
  };
  const PRESENCE_LABELS = { available: 'Available', busy: 'Busy', away: 'Away' };
  const QUEUE_LABELS = { sales: 'Sales', voice: 'Calls' };
  /** Who wrote a chat line, and what any other entry is, as an agent says it. */
  const AUTHOR_LABELS = {
    customer: 'Customer',
    bot: 'Assistant',
    agent: 'Agent',
    system: 'Notice',
  };
  const KIND_LABELS = {
    message: 'Message',
    call: 'Call',
    'link-click': 'Link opened',
    'offer-view': 'Offer viewed',
    'cart-change': 'Cart',
    quote: 'Quote',
    order: 'Order',
    handover: 'Handover',
    'campaign-send': 'Campaign',
    'identity-link': 'Signed in',
    note: 'Note',
  };
  const queueName = (queue) => QUEUE_LABELS[queue] || words(queue);
  const ORDER_LABELS = {
    acknowledged: 'Received',
    inProgress: 'Being set up',
    completed: 'Active',
    failed: 'Failed',
    cancelled: 'Cancelled',
  };
  const QUOTE_LABELS = {
    inProgress: 'Draft',
    approved: 'Ready',
    accepted: 'Accepted',
    cancelled: 'Cancelled',
    rejected: 'Declined',
  };
  const CONSENT_LABELS = { 'opted-in': 'Yes', 'opted-out': 'No', unknown: 'Not asked' };
  /** `small-business` reads "Small business". */
  const words = (code) => {
    const text = String(code || '')
      .replace(/[-_]+/g, ' ')
      .replace(/([a-z])([A-Z])/g, '$1 $2');
    return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
  };
  const PRIORITY_LABELS = { urgent: 'Urgent', high: 'High', normal: 'Normal' };
  const label = (labels, value) => labels[value] || value;

  function money(value) {
    if (!value || typeof value.amount !== 'number') return '';
    try {
      return new Intl.NumberFormat(LOCALE, {
        style: 'currency',
        currency: value.currency,
      }).format(value.amount / 100);
    } catch {
      return (value.amount / 100).toFixed(2) + ' ' + value.currency;
    }
  }

  /** "£5.00/month + £20.00 one-off": each charge only when there is one. */
  function charges(split) {
    if (!split) return '';
    const parts = [];
    if (split.recurring && split.recurring.amount) parts.push(money(split.recurring) + '/month');
    if (split.oneTime && split.oneTime.amount) parts.push(money(split.oneTime) + ' one-off');
    return parts.length ? parts.join(' + ') : 'No charge';
  }

  function elapsed(iso) {
    const seconds = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    const minutes = Math.floor(seconds / 60);
    if (minutes >= 60) return Math.floor(minutes / 60) + 'h ' + (minutes % 60) + 'm';
    return minutes + ':' + String(seconds % 60).padStart(2, '0');
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

  let statusTimer = null;
  function status(message, isError) {
    const node = $('status');
    node.textContent = message || '';
    node.classList.toggle('error', !!isError);
    // A passing note clears itself; an error stays until the next action.
    clearTimeout(statusTimer);
    if (message && !isError && message !== 'Working…')
      statusTimer = setTimeout(() => {
        node.textContent = '';
      }, 5000);
  }

  function time(iso) {
    return dateFormat.format(new Date(iso));
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
      // Asked on her click: browsers only let a user gesture ask for notifications.
      if ('Notification' in window && Notification.permission === 'default') {
        Notification.requestPermission().catch(() => undefined);
      }
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
    if (window.LiveCallPanel) window.LiveCallPanel.attach(socket);
    socket.on('connect', () => {
      show(true);
      $('connection').textContent = 'Connected';
      loadCanned();
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
      $('floor').hidden = !session.supervisor;
      renderPresence(session.presence);
      if (session.supervisor) refreshFloor();
      else refreshColleagues();
    });
    socket.on('presence', renderPresence);
    socket.on('queue', ({ waiting }) => {
      state.waiting = new Map(waiting.map((handover) => [handover.id, handover]));
      renderLists();
    });
    socket.on('conversations', ({ items }) => {
      state.panels = new Map(items.map((panel) => [panel.handover.id, panel]));
      for (const id of [...state.unread.keys()]) if (!state.panels.has(id)) state.unread.delete(id);
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
      if (isNew) {
        const line =
          'New conversation: ' +
          panel.handover.title +
          ' (' +
          label(CHANNEL_LABELS, panel.handover.channel) +
          ')';
        status(line);
        if (state.selected !== panel.handover.id) bump(panel.handover.id);
        notify('New conversation', panel.handover.title + ' wants a person', true);
      }
      renderLists();
      if (state.selected === panel.handover.id) renderPanel();
    });
    socket.on('handover:updated', (handover) => {
      const mine = state.session && handover.assignedAgentId === state.session.agent.id;
      const held = ['assigned', 'transferred', 'accepted'].includes(handover.status);
      const wasWaiting = state.waiting.has(handover.id);
      if (handover.status === 'waiting') state.waiting.set(handover.id, handover);
      else state.waiting.delete(handover.id);
      if (handover.status === 'waiting' && !wasWaiting)
        notify('Waiting for a person', handover.title, true);
      const panel = state.panels.get(handover.id);
      if (panel && (!mine || !held)) drop(handover.id);
      else if (panel && handover.version >= panel.handover.version) panel.handover = handover;
      if (state.session && state.session.supervisor) refreshFloor();
      renderLists();
      renderPanel();
    });
    socket.on('agent:presence', () => {
      if (state.session && state.session.supervisor) refreshFloor();
    });
    socket.on('panel:patch', applyPatch);
    socket.on('customer:typing', ({ partyKey, on }) => {
      state.customerTyping.set(partyKey, on);
      renderTyping();
    });
  }

  /** A conversation she no longer holds leaves the list, and its panel with it. */
  function drop(handoverId) {
    state.panels.delete(handoverId);
    state.unread.delete(handoverId);
    if (state.selected === handoverId) state.selected = firstConversation();
    renderTitle();
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

  /* ---------- attention: unread counts, the tab title, notifications ---------- */

  function bump(handoverId) {
    state.unread.set(handoverId, (state.unread.get(handoverId) || 0) + 1);
    renderTitle();
  }

  function renderTitle() {
    let total = 0;
    for (const count of state.unread.values()) total += count;
    document.title = (total ? '(' + total + ') ' : '') + 'Agent console';
  }

  /** A browser notification; a message only when she is not looking, a new conversation always. */
  function notify(title, body, always) {
    if (!always && !document.hidden && document.hasFocus()) return;
    if (!('Notification' in window) || Notification.permission !== 'granted') return;
    try {
      const note = new Notification(title, { body, tag: 'agent-console' });
      note.onclick = () => window.focus();
    } catch {
      /* Some browsers only notify from a service worker; the title badge still shows. */
    }
  }

  /* ---------- presence ---------- */

  function renderPresence(presence) {
    if (state.session) state.session.presence = presence;
    $('presence').value = presence.status;
    renderLoad();
  }

  /** What she holds now, counted from her list (the server's count can lag a routing step). */
  function renderLoad() {
    const max = state.session ? state.session.presence.maxConcurrent : 0;
    const held = state.panels.size;
    $('load').textContent = held + ' of ' + max + (max === 1 ? ' conversation' : ' conversations');
  }

  $('presence').addEventListener('change', async () => {
    const result = await act('presence:set', { status: $('presence').value }, 'Presence updated');
    if (result) renderPresence(result.presence);
  });

  /* ---------- lists ---------- */

  function timerOf(handover) {
    // Read after the status beside it: "Accepted for 2:10", "Waiting for 0:45", "Offered to you, waited 0:16".
    if (handover.status === 'accepted' && handover.acceptedAt)
      return { className: 'timer handle', since: handover.acceptedAt, prefix: 'for ' };
    if (handover.status === 'waiting')
      return { className: 'timer wait', since: handover.createdAt, prefix: 'for ' };
    return { className: 'timer wait', since: handover.createdAt, prefix: 'waited ' };
  }

  function listItem(handover, selected, extra) {
    const unread = state.unread.get(handover.id) || 0;
    const timer = timerOf(handover);
    const item = el('li', { className: selected ? 'selected' : '' }, [
      el(
        'button',
        {
          type: 'button',
          className: 'item',
          'aria-current': selected ? 'true' : false,
          'data-handover': handover.id,
          onclick: () => select(handover.id),
        },
        [
          el('span', { className: 'title', text: handover.title }, [
            unread
              ? el('span', {
                  className: 'unread',
                  text: String(unread),
                  'aria-label': unread + ' unread',
                })
              : null,
          ]),
          handover.priority !== 'normal'
            ? el('span', {
                className: 'badge ' + handover.priority,
                text: label(PRIORITY_LABELS, handover.priority),
              })
            : null,
          el('span', { className: 'badge', text: label(CHANNEL_LABELS, handover.channel) }),
          el('span', {
            className: 'muted small',
            text: label(STATUS_LABELS, handover.status),
          }),
          el('span', {
            className: 'muted small ' + timer.className,
            'data-since': timer.since,
            'data-prefix': timer.prefix,
            text: timer.prefix + elapsed(timer.since),
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
    if (state.panels.size === 0)
      mine.append(el('li', { className: 'muted small', text: 'None right now.' }));
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
    if (state.waiting.size === 0)
      queue.append(el('li', { className: 'muted small', text: 'Nobody is waiting.' }));
    $('queue-count').textContent = String(state.waiting.size);
    renderLoad();
    renderTitle();
  }

  // Timers tick in place, without redrawing the lists.
  setInterval(() => {
    for (const node of document.querySelectorAll('[data-since]'))
      node.textContent = node.dataset.prefix + elapsed(node.dataset.since);
  }, 1000);

  async function select(handoverId) {
    if (!state.panels.has(handoverId)) {
      const result = await act('panel:get', { handoverId }, '');
      if (!result) return;
      state.panels.set(handoverId, result.panel);
    }
    state.selected = handoverId;
    state.unread.delete(handoverId);
    state.search = '';
    $('timeline-search').value = '';
    closeDiscount();
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
    state.unread.delete(handoverId);
    renderLists();
    renderPanel();
  }

  /* ---------- the panel ---------- */

  function current() {
    return state.selected ? state.panels.get(state.selected) : undefined;
  }

  function firstName(panel) {
    const name = panel && panel.customer ? panel.customer.name : '';
    return name.split(/\s+/)[0] || 'there';
  }

  function renderPanel() {
    const panel = current();
    if (window.LiveCallPanel) window.LiveCallPanel.show(panel);
    $('empty').hidden = !!panel;
    $('conversation').hidden = !panel;
    if (!panel) return;
    const handover = panel.handover;
    const offered = ['assigned', 'transferred'].includes(handover.status);
    $('customer-name').textContent = panel.customer ? panel.customer.name : 'Visitor';
    $('handover-status').textContent = label(STATUS_LABELS, handover.status);
    $('handover-channel').textContent =
      label(CHANNEL_LABELS, handover.channel) + ' · ' + queueName(handover.queue) + ' queue';
    $('accept').hidden = !offered;
    $('decline').hidden = !offered;
    $('summary').textContent = panel.summary;
    renderCustomer(panel.customer);
    renderTimeline(panel.timeline.items);
    renderTyping();
    renderCart(panel.cart, panel.quote);
    renderOffers(panel.offers);
    renderOrders(panel.orders);
    renderTransferAgents();
  }

  function renderTyping() {
    const panel = current();
    $('customer-typing').hidden = !(panel && state.customerTyping.get(panel.handover.partyKey));
  }

  function renderCustomer(customer) {
    const facts = $('customer-facts');
    const subscriptions = $('subscriptions');
    if (!customer) {
      facts.replaceChildren(
        el('div', { className: 'fact' }, [
          el('dt', { text: 'Who' }),
          el('dd', { text: 'Not identified yet' }),
        ]),
      );
      subscriptions.replaceChildren();
      return;
    }
    const pairs = [
      ['Segment', words(customer.segment)],
      ['Mobile', customer.mobile || '—'],
      ['Email', customer.email || '—'],
      ['Marketing SMS', CONSENT_LABELS[customer.smsMarketing] || words(customer.smsMarketing)],
      ['Customer since', new Date(customer.customerSince).getFullYear()],
    ];
    // One box per fact, so a long value wraps inside its own box instead of running into the next.
    facts.replaceChildren(
      ...pairs.map(([name, value]) =>
        el('div', { className: 'fact' }, [
          el('dt', { text: name }),
          el('dd', { text: String(value) }),
        ]),
      ),
    );
    subscriptions.replaceChildren(
      ...customer.subscriptions.map((subscription) =>
        el('li', {
          className: 'chip' + (subscription.isPlan ? ' plan' : ''),
          text:
            subscription.name +
            (subscription.status === 'active' ? '' : ' (' + words(subscription.status) + ')'),
        }),
      ),
    );
  }

  function renderTimeline(items) {
    const list = $('timeline');
    const needle = state.search.toLocaleLowerCase(LOCALE);
    const shown = items.filter(
      (entry) =>
        (!state.filter || entry.channel === state.filter) &&
        (!needle || (entry.text || entry.summary || '').toLocaleLowerCase(LOCALE).includes(needle)),
    );
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
                label(CHANNEL_LABELS, entry.channel) +
                ' · ' +
                (entry.author
                  ? label(AUTHOR_LABELS, entry.author)
                  : label(KIND_LABELS, entry.kind)),
            }),
            el('span', { className: 'text', text: entry.text || entry.summary }),
          ]),
        ),
    );
    if (shown.length === 0 && needle)
      list.append(
        el('li', { className: 'muted', text: 'Nothing matches “' + state.search + '”.' }),
      );
    list.scrollTop = list.scrollHeight;
  }

  function renderCart(cart, quote) {
    const body = $('cart').querySelector('tbody');
    const lines = cart ? cart.price.lines : [];
    $('cart-empty').hidden = lines.length > 0;
    $('cart').hidden = lines.length === 0;
    $('send-quote').disabled = lines.length === 0;
    $('place-order').disabled = lines.length === 0;
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
          el('td', {
            text: line.line.recurring.amount ? money(line.line.recurring) + '/month' : '—',
          }),
          el('td', { text: line.line.oneTime.amount ? money(line.line.oneTime) : '—' }),
          el('td', { className: 'actions' }, [
            el('button', {
              type: 'button',
              text: 'Discount',
              'aria-label': 'Discount ' + line.offeringName,
              onclick: () => openDiscount(line),
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
    $('cart-total').textContent = cart && lines.length ? charges(cart.price.totals) : '';
    $('quote').textContent = quote
      ? 'Latest quote (' +
        label(QUOTE_LABELS, quote.state) +
        (quote.expired ? ', expired' : ', valid until ' + time(quote.validUntil)) +
        '): ' +
        charges(quote.totals)
      : '';
  }

  function renderOffers(offers) {
    $('offers').replaceChildren(
      ...offers.map((offer) =>
        el('li', { className: 'offer' }, [
          el('div', { className: 'row' }, [
            el('strong', { text: offer.name }),
            el('span', { className: 'spacer' }),
            el('span', { text: charges(offer.price) }),
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
        el('li', {}, [
          el('strong', {
            text:
              (order.items || [])
                .map((item) => (item.quantity > 1 ? item.quantity + ' × ' : '') + item.name)
                .join(', ') || 'Order',
          }),
          el('span', {
            className: 'muted small block',
            text:
              (order.reference ? 'Order ' + order.reference + ' · ' : '') +
              time(order.orderDate) +
              ' · ' +
              label(ORDER_LABELS, order.state) +
              ' · ' +
              charges(order.totals) +
              ' · ' +
              label(CHANNEL_LABELS, order.channel),
          }),
        ]),
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
          if (patch.entry.direction === 'inbound') {
            state.customerTyping.set(panel.handover.partyKey, false);
            const away = panel.handover.id !== state.selected || document.hidden;
            if (away) bump(panel.handover.id);
            notify(panel.handover.title, patch.entry.text || patch.entry.summary, away);
            renderLists();
          }
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

  // Coming back to the tab reads the open conversation.
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && state.selected && state.unread.has(state.selected)) {
      state.unread.delete(state.selected);
      renderLists();
    }
  });

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

  /* The discount is entered inline under the cart, for the line she chose. */
  function openDiscount(line) {
    state.discountItem = line.itemId;
    $('discount-item').textContent = line.offeringName;
    $('discount-value').value = '';
    $('discount-form').hidden = false;
    $('discount-value').focus();
  }

  function closeDiscount() {
    state.discountItem = null;
    $('discount-form').hidden = true;
  }

  $('discount-cancel').addEventListener('click', closeDiscount);
  $('discount-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const itemId = state.discountItem;
    const entered = Number($('discount-value').value);
    if (!itemId || !(entered > 0)) return status('Enter a discount above zero', true);
    const kind = $('discount-kind').value;
    // An amount is entered in pounds (or the cart's major unit); the server counts minor units.
    const value = kind === 'amount' ? Math.round(entered * 100) : entered;
    withPanel(async (panel) => {
      const result = await act(
        'cart:discount',
        {
          handoverId: panel.handover.id,
          itemId,
          kind,
          value,
          appliesTo: $('discount-applies').value,
        },
        'Discount applied',
      );
      if (result) {
        closeDiscount();
        replaceCart(result);
      }
    });
  });

  $('accept').addEventListener('click', () => withPanel((panel) => accept(panel.handover.id)));
  $('decline').addEventListener('click', () =>
    withPanel(async (panel) => {
      if (await act('handover:decline', { handoverId: panel.handover.id }, 'Declined'))
        ended(panel.handover.id);
    }),
  );
  $('release').addEventListener('click', () =>
    withPanel(async (panel) => {
      if (await act('handover:release', { handoverId: panel.handover.id }, 'Given back to the bot'))
        ended(panel.handover.id);
    }),
  );
  $('send-link').addEventListener('click', () =>
    withPanel((panel) => act('link:send', { handoverId: panel.handover.id }, 'Link sent by SMS')),
  );
  $('send-quote').addEventListener('click', () =>
    withPanel(async (panel) => {
      const result = await act('quote:send', { handoverId: panel.handover.id }, 'Quote texted');
      if (result) {
        panel.quote = result.quote;
        renderPanel();
      }
    }),
  );
  $('place-order').addEventListener('click', () =>
    withPanel(async (panel) => {
      if (!$('consent').checked)
        return status('Tick that the customer agreed before placing the order', true);
      const result = await act(
        'order:place',
        { handoverId: panel.handover.id, consent: true },
        'Order placed',
      );
      if (result) $('consent').checked = false;
    }),
  );

  /** She let go of it: the list and the panel move on at once, not on the next update. */
  function ended(handoverId) {
    drop(handoverId);
    renderLists();
    renderPanel();
  }

  $('transfer-agent').addEventListener('focus', () => {
    if (!(state.session && state.session.supervisor)) refreshColleagues();
  });
  $('transfer-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const toAgentId = $('transfer-agent').value.trim();
    const toQueue = $('transfer-queue').value.trim();
    withPanel(async (panel) => {
      const result = await act(
        'handover:transfer',
        Object.assign(
          { handoverId: panel.handover.id },
          toAgentId ? { toAgentId } : { toQueue: toQueue || 'sales' },
        ),
        'Transferred',
      );
      if (result) ended(panel.handover.id);
    });
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
      if (result) {
        $('close-note').value = '';
        ended(panel.handover.id);
      }
    });
  });

  /* ---------- the composer: typing, saved replies ---------- */

  function sendTyping(on) {
    const panel = current();
    if (!panel || !state.socket || state.typingSent === on) return;
    state.typingSent = on;
    state.socket.emit('typing:set', { handoverId: panel.handover.id, on });
  }

  $('chat-input').addEventListener('input', () => {
    const text = $('chat-input').value;
    sendTyping(text.length > 0);
    clearTimeout(state.typingTimer);
    state.typingTimer = setTimeout(() => sendTyping(false), 4000);
    renderCanned(text);
  });

  $('chat-form').addEventListener('submit', (event) => {
    event.preventDefault();
    if (!$('canned').hidden && state.cannedShown.length) {
      useCanned(state.cannedShown[state.cannedAt]);
      return;
    }
    const text = $('chat-input').value.trim();
    if (!text) return;
    withPanel(async (panel) => {
      const result = await act('message:send', { handoverId: panel.handover.id, text }, 'Sent');
      if (result) {
        $('chat-input').value = '';
        sendTyping(false);
        if (!panel.timeline.items.some((entry) => entry.id === result.entry.id))
          panel.timeline.items.unshift(result.entry);
        renderPanel();
      }
    });
  });

  const CANNED_URL = '/api/assist/canned-replies';

  async function cannedCall(method, path, body) {
    const response = await fetch(path, {
      method,
      headers: Object.assign(
        { authorization: 'Bearer ' + state.token },
        body ? { 'content-type': 'application/json' } : {},
      ),
      body: body ? JSON.stringify(body) : undefined,
    });
    if (response.status === 204) return {};
    const data = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(data.message || 'The saved replies could not be changed');
    return data;
  }

  async function loadCanned() {
    try {
      state.canned = (await cannedCall('GET', CANNED_URL)).items || [];
    } catch {
      state.canned = [];
    }
    renderCannedAdmin();
  }

  /* Supervisors keep the saved replies from the floor: add and delete. */
  function renderCannedAdmin() {
    const list = $('canned-admin');
    list.replaceChildren(
      ...state.canned.map((reply) =>
        el('li', { className: 'row' }, [
          el('strong', { text: '/' + reply.shortcut }),
          el('span', { className: 'grow muted small', text: reply.title }),
          el('button', {
            type: 'button',
            text: 'Delete',
            'aria-label': 'Delete /' + reply.shortcut,
            onclick: async () => {
              try {
                await cannedCall('DELETE', reply.href || CANNED_URL + '/' + reply.id);
                status('Saved reply deleted');
              } catch (error) {
                status(error.message, true);
              }
              loadCanned();
            },
          }),
        ]),
      ),
    );
    if (state.canned.length === 0)
      list.append(el('li', { className: 'muted small', text: 'No saved replies yet.' }));
  }

  $('canned-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await cannedCall('POST', CANNED_URL, {
        shortcut: $('canned-shortcut').value.trim(),
        title: $('canned-title').value.trim(),
        text: $('canned-text').value.trim(),
      });
      $('canned-form').reset();
      status('Saved reply added');
    } catch (error) {
      status(error.message, true);
    }
    loadCanned();
  });

  function fill(text) {
    return text.replace(/\{firstName\}/g, firstName(current()));
  }

  function renderCanned(text) {
    const list = $('canned');
    if (!text.startsWith('/')) {
      list.hidden = true;
      state.cannedShown = [];
      return;
    }
    const needle = text.slice(1).toLocaleLowerCase(LOCALE);
    state.cannedShown = state.canned.filter(
      (reply) =>
        reply.shortcut.toLocaleLowerCase(LOCALE).includes(needle) ||
        reply.title.toLocaleLowerCase(LOCALE).includes(needle),
    );
    state.cannedAt = Math.min(state.cannedAt, Math.max(0, state.cannedShown.length - 1));
    list.replaceChildren(
      ...state.cannedShown.map((reply, index) =>
        el(
          'li',
          {
            role: 'option',
            className: index === state.cannedAt ? 'active' : '',
            'aria-selected': index === state.cannedAt ? 'true' : 'false',
            onmousedown: (event) => {
              event.preventDefault();
              useCanned(reply);
            },
          },
          [
            el('strong', { text: '/' + reply.shortcut }),
            el('span', { className: 'muted small', text: ' ' + fill(reply.text) }),
          ],
        ),
      ),
    );
    if (state.cannedShown.length === 0)
      list.append(el('li', { className: 'muted small', text: 'No saved reply matches.' }));
    list.hidden = false;
  }

  function useCanned(reply) {
    if (!reply) return;
    $('chat-input').value = fill(reply.text);
    $('canned').hidden = true;
    state.cannedShown = [];
    state.cannedAt = 0;
    $('chat-input').focus();
  }

  $('chat-input').addEventListener('keydown', (event) => {
    if ($('canned').hidden || !state.cannedShown.length) return;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      state.cannedAt =
        (state.cannedAt + step + state.cannedShown.length) % state.cannedShown.length;
      renderCanned($('chat-input').value);
    } else if (event.key === 'Escape') {
      $('canned').hidden = true;
    }
  });

  $('timeline-filter').addEventListener('change', () => {
    state.filter = $('timeline-filter').value;
    renderPanel();
  });
  $('timeline-search').addEventListener('input', () => {
    state.search = $('timeline-search').value.trim();
    withPanel((panel) => renderTimeline(panel.timeline.items));
  });

  /* ---------- the supervisor's floor ---------- */

  let floorPending = null;
  function refreshFloor() {
    if (floorPending) return;
    // Bursts of updates (a routing sweep) redraw once.
    floorPending = setTimeout(async () => {
      floorPending = null;
      try {
        const result = await request('floor:get', {});
        state.floor = result.floor;
        renderFloor();
        renderTransferAgents();
      } catch (error) {
        status(error.message, true);
      }
    }, 150);
  }

  function renderFloor() {
    const floor = state.floor;
    if (!floor) return;
    $('floor-queues').replaceChildren(
      ...floor.queues.map((queue) =>
        el('li', {}, [
          el('strong', { text: queueName(queue.queue) }),
          el('span', {
            className: 'muted small',
            text:
              ' · ' +
              queue.waiting +
              ' waiting · ' +
              queue.available +
              ' available' +
              (queue.oldestSince ? ' · longest ' : ''),
          }),
          queue.oldestSince
            ? el('span', {
                className: 'muted small',
                'data-since': queue.oldestSince,
                'data-prefix': '',
                text: elapsed(queue.oldestSince),
              })
            : null,
        ]),
      ),
    );
    if (floor.queues.length === 0)
      $('floor-queues').append(el('li', { className: 'muted small', text: 'No queues in use.' }));
    $('floor-agents').replaceChildren(
      ...floor.agents.map((agent) =>
        el('li', { className: 'agent ' + agent.status }, [
          el('strong', { text: agent.displayName }),
          el('span', {
            className: 'muted small',
            text:
              ' · ' +
              label(PRESENCE_LABELS, agent.status) +
              ' · ' +
              agent.load +
              ' of ' +
              agent.maxConcurrent,
          }),
        ]),
      ),
    );
    if (floor.agents.length === 0)
      $('floor-agents').append(el('li', { className: 'muted small', text: 'Nobody signed in.' }));
    const agents = floor.agents.filter((agent) => agent.status !== 'offline');
    $('floor-open').replaceChildren(
      ...floor.open.map((handover) => {
        const holder = floor.agents.find((agent) => agent.agentId === handover.assignedAgentId);
        const choose = el(
          'select',
          { 'aria-label': 'Reassign ' + handover.title },
          [
            el('option', { value: '', text: holder ? holder.displayName : 'Choose an agent' }),
          ].concat(
            agents
              .filter((agent) => agent.agentId !== handover.assignedAgentId)
              .map((agent) => el('option', { value: agent.agentId, text: agent.displayName })),
          ),
        );
        return el('li', { className: 'floor-item' }, [
          el('span', { className: 'title', text: handover.title }),
          el('span', {
            className: 'muted small',
            text:
              label(FLOOR_LABELS, handover.status) +
              (holder ? ' · ' + holder.displayName : '') +
              ' · ' +
              queueName(handover.queue) +
              ' · ' +
              label(CHANNEL_LABELS, handover.channel),
          }),
          el('span', {
            className: 'muted small timer',
            'data-since': handover.createdAt,
            'data-prefix': 'Open for ',
            text: 'Open for ' + elapsed(handover.createdAt),
          }),
          // Held or still waiting: the supervisor hands it to someone with room.
          el('span', { className: 'row' }, [
            choose,
            el('button', {
              type: 'button',
              text: 'Reassign',
              'aria-label': 'Reassign ' + handover.title,
              onclick: async () => {
                if (!choose.value) return status('Choose who takes it', true);
                await act(
                  'handover:reassign',
                  { handoverId: handover.id, toAgentId: choose.value },
                  'Reassigned',
                );
                refreshFloor();
              },
            }),
          ]),
        ]);
      }),
    );
    if (floor.open.length === 0)
      $('floor-open').append(
        el('li', { className: 'muted small', text: 'No open conversations.' }),
      );
  }

  async function refreshColleagues() {
    try {
      const result = await request('colleagues:get', {});
      state.colleagues = result.agents;
      renderTransferAgents();
    } catch {
      state.colleagues = [];
    }
  }

  /** The queues she can hand a conversation to, by name: hers, the floor's, and the usual two. */
  function renderTransferQueues() {
    const select = $('transfer-queue');
    const keep = select.value || 'sales';
    const queues = new Set(['sales', 'voice']);
    if (state.session) for (const queue of state.session.agent.queues) queues.add(queue);
    if (state.floor) for (const entry of state.floor.queues) queues.add(entry.queue);
    select.replaceChildren(
      ...[...queues].map((queue) => el('option', { value: queue, text: queueName(queue) })),
    );
    select.value = queues.has(keep) ? keep : 'sales';
  }

  /** Colleagues she can hand a conversation to, with room for it now. */
  function renderTransferAgents() {
    renderTransferQueues();
    const select = $('transfer-agent');
    const agents = state.floor ? state.floor.agents : state.colleagues || [];
    const me = state.session ? state.session.agent.id : '';
    const keep = select.value;
    const open = agents.filter(
      (agent) =>
        agent.agentId !== me && agent.status === 'available' && agent.load < agent.maxConcurrent,
    );
    select.replaceChildren(
      el('option', { value: '', text: '—' }),
      ...open.map((agent) =>
        el('option', {
          value: agent.agentId,
          text: agent.displayName + ' (' + agent.load + ' of ' + agent.maxConcurrent + ')',
        }),
      ),
    );
    select.value = open.some((agent) => agent.agentId === keep) ? keep : '';
  }

  /* ---------- keyboard ---------- */

  document.addEventListener('keydown', (event) => {
    const typing = ['INPUT', 'TEXTAREA', 'SELECT'].includes(
      document.activeElement && document.activeElement.tagName,
    );
    if (event.key === '/' && !typing && current()) {
      // "/" anywhere opens the saved replies in the composer.
      event.preventDefault();
      $('chat-input').focus();
      $('chat-input').value = '/';
      renderCanned('/');
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
    } else if (event.key === 'c') {
      event.preventDefault();
      $('chat-input').focus();
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
