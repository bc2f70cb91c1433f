/* Web chat widget: plain script, no framework, no build step. Fills #chat-widget on any page. */
/* global io, crypto */
(function () {
  'use strict';

  var root = document.getElementById('chat-widget');
  if (!root || root.getAttribute('data-ready') === 'true') return;
  root.setAttribute('data-ready', 'true');

  var VISITOR_TOKEN_KEY = 'sa.chat.visitorToken';
  var VISITOR_ID_KEY = 'sa.chat.visitorId';
  // Written by the sign-in page: { token, customerId, expiresAt }.
  var CUSTOMER_SESSION_KEY = 'sa.customerSession';
  var SOCKET_CLIENT = '/assets/socket.io.min.js';
  var ACK_TIMEOUT_MS = 10000;
  /** How many times a message refused as busy is sent again before she is asked to. */
  var BUSY_RETRIES = 6;
  var MAX_LENGTH = 2000;

  var campaignToken = root.getAttribute('data-campaign-token') || '';
  var socket = null;
  var connecting = null;
  var skipCustomerToken = false;
  var renderedIds = {};
  var pendingByClientId = {};

  // ---- storage (private browsing can refuse it: the chat then lasts as long as the page) ----

  var memory = {};
  function load(key) {
    try {
      return localStorage.getItem(key);
    } catch {
      return memory[key] || null;
    }
  }
  function store(key, value) {
    memory[key] = value;
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch {
      /* kept in memory */
    }
  }

  function customerToken() {
    if (skipCustomerToken) return '';
    try {
      var session = JSON.parse(load(CUSTOMER_SESSION_KEY) || 'null');
      if (!session || typeof session.token !== 'string') return '';
      if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) return '';
      return session.token;
    } catch {
      return '';
    }
  }

  function newClientId() {
    if (window.crypto && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map
      .call(bytes, function (byte) {
        return ('0' + byte.toString(16)).slice(-2);
      })
      .join('');
  }

  // ---- markup ----

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  function hiddenLabel(text) {
    return element('span', 'cw-visually-hidden', text);
  }

  var log = element('ol', 'cw-log');
  log.setAttribute('role', 'log');
  log.setAttribute('aria-live', 'polite');
  log.setAttribute('aria-label', 'Chat messages');
  log.tabIndex = 0;

  var typing = element('p', 'cw-typing', 'The assistant is typing…');
  typing.setAttribute('role', 'status');
  typing.hidden = true;

  var status = element('p', 'cw-status');
  status.setAttribute('role', 'status');

  // Her cart as it is now, whichever way it last changed (chat, self-care, SMS, an agent).
  var cartBox = element('section', 'cw-cart');
  cartBox.setAttribute('aria-live', 'polite');
  cartBox.setAttribute('aria-label', 'Your cart');
  cartBox.hidden = true;
  var cartVersion = -1;

  var form = element('form', 'cw-form');
  var inputId = 'cw-input-' + Math.random().toString(36).slice(2, 8);
  var label = element('label', 'cw-label', 'Your message');
  label.htmlFor = inputId;
  var input = element('textarea', 'cw-input');
  input.id = inputId;
  input.rows = 2;
  input.maxLength = MAX_LENGTH;
  input.setAttribute('autocomplete', 'off');
  input.setAttribute('aria-describedby', inputId + '-hint');
  var hint = element('span', 'cw-hint', 'Enter sends, Shift+Enter starts a new line.');
  hint.id = inputId + '-hint';
  var sendButton = element('button', 'cw-send', 'Send');
  sendButton.type = 'submit';
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(hint);
  form.appendChild(sendButton);

  var panel = element('div', 'cw');
  panel.appendChild(cartBox);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(status);
  panel.appendChild(form);
  root.appendChild(panel);

  function say(text) {
    status.textContent = text || '';
  }

  // ---- her cart ----

  function money(value) {
    try {
      return new Intl.NumberFormat('en-GB', { style: 'currency', currency: value.currency }).format(
        value.amount / 100,
      );
    } catch {
      return (value.amount / 100).toFixed(2) + ' ' + value.currency;
    }
  }

  function showCart(update) {
    if (!update || !update.items || update.version < cartVersion) return;
    cartVersion = update.version;
    cartBox.textContent = '';
    if (update.items.length === 0) {
      cartBox.appendChild(element('p', 'cw-cart-line', 'Your cart is empty.'));
      cartBox.hidden = false;
      return;
    }
    cartBox.appendChild(element('h2', 'cw-cart-title', 'Your cart'));
    var list = element('ul', 'cw-cart-items');
    update.items.forEach(function (item) {
      list.appendChild(
        element('li', null, (item.quantity > 1 ? item.quantity + ' × ' : '') + item.name),
      );
    });
    cartBox.appendChild(list);
    var parts = [];
    if (update.totals && update.totals.recurring.amount)
      parts.push(money(update.totals.recurring) + ' a month');
    if (update.totals && update.totals.oneTime.amount)
      parts.push(money(update.totals.oneTime) + ' one-off');
    if (parts.length) cartBox.appendChild(element('p', 'cw-cart-total', parts.join(' + ')));
    cartBox.hidden = false;
  }

  // ---- rendering a message ----

  function authorLabel(message) {
    if (message.direction === 'in') return 'You';
    if (message.author === 'agent') return message.authorName || 'Agent';
    if (message.author === 'system') return 'Notice';
    return 'Assistant';
  }

  function safeUrl(url) {
    return /^(https?:\/\/|\/(?!\/))/i.test(url) ? url : '';
  }

  function buttonRow(buttons) {
    var row = element('div', 'cw-buttons');
    buttons.forEach(function (button) {
      var node = element('button', 'cw-button', button.label);
      node.type = 'button';
      node.setAttribute('data-value', button.value);
      row.appendChild(node);
    });
    return row;
  }

  function card(view) {
    var node = element('article', 'cw-card');
    node.setAttribute('role', 'listitem');
    if (view.badge) node.appendChild(element('p', 'cw-badge', view.badge));
    node.appendChild(element('h3', 'cw-card-title', view.title));
    if (view.subtitle) node.appendChild(element('p', 'cw-card-subtitle', view.subtitle));
    (view.priceLines || []).forEach(function (line) {
      node.appendChild(element('p', 'cw-price', line));
    });
    if (view.wasPriceLines && view.wasPriceLines.length) {
      var was = element('p', 'cw-was');
      was.appendChild(hiddenLabel('Was '));
      was.appendChild(element('s', '', view.wasPriceLines.join(', ')));
      node.appendChild(was);
    }
    if (view.details && view.details.length) {
      var details = element('ul', 'cw-details');
      view.details.forEach(function (detail) {
        details.appendChild(element('li', '', detail));
      });
      node.appendChild(details);
    }
    if (view.buttons && view.buttons.length) node.appendChild(buttonRow(view.buttons));
    return node;
  }

  function bubble(webMessage) {
    var node = element('div', 'cw-bubble');
    if (webMessage.cards && webMessage.cards.length) {
      var cards = element('div', 'cw-cards');
      cards.setAttribute('role', 'list');
      webMessage.cards.forEach(function (view) {
        cards.appendChild(card(view));
      });
      node.appendChild(cards);
    } else {
      node.appendChild(element('p', 'cw-text', webMessage.text));
    }
    if (webMessage.link && safeUrl(webMessage.link.url)) {
      var link = element('a', 'cw-link', webMessage.link.label);
      link.href = safeUrl(webMessage.link.url);
      link.rel = 'noopener';
      node.appendChild(link);
    }
    if (webMessage.buttons && webMessage.buttons.length) {
      node.appendChild(buttonRow(webMessage.buttons));
    }
    return node;
  }

  function messageItem(message) {
    var item = element('li', 'cw-message cw-' + message.direction + ' cw-by-' + message.author);
    if (message.id) item.setAttribute('data-id', message.id);
    if (message.clientId) item.setAttribute('data-client-id', message.clientId);
    item.appendChild(hiddenLabel(authorLabel(message) + ': '));
    if (message.author === 'agent') {
      item.appendChild(element('p', 'cw-author', message.authorName || 'Agent'));
    }
    if (message.direction === 'in') {
      item.appendChild(element('p', 'cw-text', message.text || message.label || message.value));
    } else if (message.rendering) {
      message.rendering.messages.forEach(function (webMessage) {
        item.appendChild(bubble(webMessage));
      });
    }
    return item;
  }

  function show(message) {
    if (message.id && renderedIds[message.id]) return;
    var pending = message.clientId && pendingByClientId[message.clientId];
    if (pending) {
      settle(pending, message.id);
      return;
    }
    if (message.id) renderedIds[message.id] = true;
    log.appendChild(messageItem(message));
    log.scrollTop = log.scrollHeight;
  }

  function settle(pending, messageId) {
    delete pendingByClientId[pending.clientId];
    renderedIds[messageId] = true;
    pending.item.setAttribute('data-id', messageId);
    pending.item.classList.remove('cw-pending', 'cw-failed');
    var problem = pending.item.querySelector('.cw-problem');
    if (problem) problem.remove();
  }

  function showHistory(history) {
    log.setAttribute('aria-busy', 'true');
    var keep = Object.keys(pendingByClientId).map(function (clientId) {
      return pendingByClientId[clientId].item;
    });
    log.textContent = '';
    renderedIds = {};
    history.messages.forEach(function (message) {
      // A message this tab sent and the server has: the recorded copy replaces the pending one.
      if (message.clientId) delete pendingByClientId[message.clientId];
      renderedIds[message.id] = true;
      log.appendChild(messageItem(message));
    });
    keep.forEach(function (item) {
      if (item.getAttribute('data-client-id') in pendingByClientId) log.appendChild(item);
    });
    log.setAttribute('aria-busy', 'false');
    log.scrollTop = log.scrollHeight;
  }

  // ---- connection ----

  function loadSocketClient() {
    if (typeof io === 'function') return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement('script');
      script.src = SOCKET_CLIENT;
      script.onload = function () {
        resolve();
      };
      script.onerror = function () {
        reject(new Error('the chat client could not be loaded'));
      };
      document.head.appendChild(script);
    });
  }

  function newVisitor() {
    return fetch('/api/chat/visitors', { method: 'POST', credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) throw new Error('no visitor token (' + response.status + ')');
        return response.json();
      })
      .then(function (visitor) {
        store(VISITOR_TOKEN_KEY, visitor.visitorToken);
        store(VISITOR_ID_KEY, visitor.visitorId);
        return visitor.visitorToken;
      });
  }

  function ensureVisitor() {
    var token = load(VISITOR_TOKEN_KEY);
    return token ? Promise.resolve(token) : newVisitor();
  }

  function handshakeAuth(callback) {
    var auth = {};
    var visitorToken = load(VISITOR_TOKEN_KEY);
    var customer = customerToken();
    if (visitorToken) auth.visitorToken = visitorToken;
    if (customer) auth.customerToken = customer;
    if (campaignToken) auth.campaignToken = campaignToken;
    callback(auth);
  }

  function onConnectError(error) {
    var code = error && error.data && error.data.code;
    if (code === 'VISITOR_TOKEN_INVALID') {
      // Expired or from another deployment: start afresh as a new visitor.
      store(VISITOR_TOKEN_KEY, null);
      store(VISITOR_ID_KEY, null);
      newVisitor().then(
        function () {
          socket.connect();
        },
        function () {
          say('The chat is unavailable right now. Please try again later.');
        },
      );
      return;
    }
    if (code === 'CUSTOMER_TOKEN_INVALID') {
      skipCustomerToken = true;
      socket.connect();
      return;
    }
    say('Reconnecting to the chat…');
  }

  function connect() {
    if (connecting) return connecting;
    say('Connecting to the chat…');
    connecting = Promise.all([loadSocketClient(), ensureVisitor()]).then(function () {
      socket = io('/chat', { auth: handshakeAuth, transports: ['websocket', 'polling'] });
      socket.on('connect', function () {
        say('');
      });
      socket.on('disconnect', function () {
        say('Connection lost. Reconnecting…');
        typing.hidden = true;
      });
      socket.on('connect_error', onConnectError);
      socket.on('history', showHistory);
      socket.on('message', function (message) {
        if (message.direction === 'out') typing.hidden = true;
        show(message);
      });
      socket.on('typing', function (state) {
        typing.textContent =
          state && state.name ? state.name + ' is typing…' : 'The assistant is typing…';
        typing.hidden = !state.on;
      });
      socket.on('cart:updated', showCart);
      socket.on('session', function (session) {
        root.setAttribute('data-session', session.kind);
      });
      return socket;
    });
    connecting.catch(function () {
      connecting = null;
      say('The chat is unavailable right now. Please try again later.');
    });
    return connecting;
  }

  // ---- sending ----

  function markFailed(pending, text) {
    pending.item.classList.remove('cw-pending');
    pending.item.classList.add('cw-failed');
    var problem = pending.item.querySelector('.cw-problem');
    if (!problem) {
      problem = element('p', 'cw-problem');
      pending.item.appendChild(problem);
    }
    problem.textContent = text + ' ';
    var retry = element('button', 'cw-retry', 'Send again');
    retry.type = 'button';
    retry.addEventListener('click', function () {
      problem.remove();
      pending.item.classList.add('cw-pending');
      transmit(pending);
    });
    problem.appendChild(retry);
  }

  /** Shows, under a message still pending, why it is not sent yet (it stays pending). */
  function markWaiting(pending, text) {
    var problem = pending.item.querySelector('.cw-problem');
    if (!problem) {
      problem = element('p', 'cw-problem');
      pending.item.appendChild(problem);
    }
    problem.textContent = text;
  }

  function clearWaiting(pending) {
    var problem = pending.item.querySelector('.cw-problem');
    if (problem) problem.remove();
  }

  function transmit(pending) {
    return connect().then(function (connected) {
      return new Promise(function (resolve) {
        connected
          .timeout(ACK_TIMEOUT_MS)
          .emit('message:send', pending.payload, function (timeout, ack) {
            if (timeout) {
              markFailed(pending, 'Not sent yet.');
              resolve({ ok: false, error: { code: 'TIMEOUT', message: 'No answer in time' } });
              return;
            }
            // Busy: nothing was stored. Send the same message again (same clientId) a moment
            // later, a little later each time, and only give up after a while.
            if (!ack.ok && ack.error.code === 'BUSY' && (pending.busyTries || 0) < BUSY_RETRIES) {
              pending.busyTries = (pending.busyTries || 0) + 1;
              markWaiting(pending, ack.error.message);
              var base = ack.error.retryAfterMs || 1000;
              var wait = base * pending.busyTries * (0.75 + Math.random() * 0.5);
              setTimeout(function () {
                resolve(transmit(pending));
              }, wait);
              return;
            }
            if (ack.ok) {
              pending.busyTries = 0;
              clearWaiting(pending);
              settle(pending, ack.messageId);
            } else {
              markFailed(pending, ack.error.message);
              if (ack.error.code === 'RATE_LIMITED') say(ack.error.message);
            }
            resolve(ack);
          });
      });
    });
  }

  /** Sends typed text or a pressed button; resolves with the server's acknowledgement. */
  function send(payload) {
    var clientId = newClientId();
    var message = {
      direction: 'in',
      author: 'customer',
      clientId: clientId,
      text: payload.text,
      value: payload.value,
      label: payload.label,
    };
    var item = messageItem(message);
    item.classList.add('cw-pending');
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
    var pending = { clientId: clientId, item: item, payload: { clientId: clientId } };
    if (payload.text) pending.payload.text = payload.text;
    if (payload.value) pending.payload.value = payload.value;
    if (payload.value && payload.label) pending.payload.label = payload.label;
    pendingByClientId[clientId] = pending;
    return transmit(pending).catch(function () {
      markFailed(pending, 'The chat is unavailable.');
      return { ok: false, error: { code: 'UNAVAILABLE', message: 'The chat is unavailable' } };
    });
  }

  function sendTyped() {
    var text = input.value.trim();
    if (!text) return;
    input.value = '';
    send({ text: text });
    input.focus();
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    tellTyping(false);
    sendTyped();
  });

  input.addEventListener('keydown', function (event) {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      tellTyping(false);
      sendTyped();
    }
  });

  // The agent sees "typing…" while she writes; one signal when she starts, one when she stops.
  var typingSent = false;
  var typingTimer = null;
  function tellTyping(on) {
    clearTimeout(typingTimer);
    if (on)
      typingTimer = setTimeout(function () {
        tellTyping(false);
      }, 4000);
    if (typingSent === on || !socket || !socket.connected) return;
    typingSent = on;
    socket.emit('typing:set', { on: on });
  }
  input.addEventListener('input', function () {
    tellTyping(input.value.length > 0);
  });

  log.addEventListener('click', function (event) {
    var target = event.target;
    if (!(target instanceof window.HTMLElement)) return;
    var button = target.closest('.cw-button');
    if (!button) return;
    send({ value: button.getAttribute('data-value'), label: button.textContent });
    input.focus();
  });

  // A returning visitor, a signed-in customer or a campaign link connects at once (her history,
  // her link); anyone else only when she turns to the chat, so a page view costs no visitor.
  root.addEventListener('focusin', function () {
    connect();
  });
  if (load(VISITOR_TOKEN_KEY) || customerToken() || campaignToken) connect();

  window.chatWidget = {
    /** Sends `text` as if typed; resolves with the acknowledgement ({ ok, messageId } or error). */
    send: function (text) {
      return send({ text: String(text) });
    },
    /** Presses a button's value, as the widget's own buttons do. */
    press: function (value, label) {
      return send({ value: String(value), label: label ? String(label) : undefined });
    },
    get visitorId() {
      return load(VISITOR_ID_KEY) || '';
    },
    get connected() {
      return Boolean(socket && socket.connected);
    },
  };
})();
