/*
 * Self-care: the signed-in customer's cart at self-care prices, adding an offer, changing and
 * removing items, and checkout, through the TMF663/TMF622 APIs. Plain script, no framework; every
 * piece of text goes in with textContent, never as markup.
 */
/* global location, history, crypto */
(function () {
  'use strict';

  var SESSION_KEY = 'sa.customerSession';
  var CART_PATH = '/tmf-api/shoppingCart/v4/shoppingCart';
  var ORDER_PATH = '/tmf-api/productOrderingManagement/v4/productOrder';
  var root = document.getElementById('self-care');
  if (!root) return;

  var cartBox = document.getElementById('cart');
  var ordersBox = document.getElementById('orders');
  var addSection = document.getElementById('add-section');
  var addForm = document.getElementById('add-form');
  var statusLine = document.getElementById('self-care-status');
  var errorLine = document.getElementById('self-care-error');
  var signOutForm = document.getElementById('sign-out-form');
  var state = { cart: null, configurations: {}, checkoutKey: null };

  // ---- session ------------------------------------------------------------------------------

  function readSession() {
    try {
      var session = JSON.parse(localStorage.getItem(SESSION_KEY) || 'null');
      if (session && session.token && Date.parse(session.expiresAt) > Date.now()) return session;
    } catch {
      /* unreadable storage is no session */
    }
    return null;
  }

  function toSignIn() {
    localStorage.removeItem(SESSION_KEY);
    location.assign('/sign-in?next=' + encodeURIComponent(location.pathname + location.search));
  }

  // A link an agent texted carries the session in the fragment (see /self-care?t=): keep it, then
  // take it out of the address bar and the history.
  var handed = /^#session=([^&]+)&expiresAt=([^&]+)$/.exec(location.hash);
  if (handed) {
    localStorage.setItem(
      SESSION_KEY,
      JSON.stringify({
        token: decodeURIComponent(handed[1]),
        expiresAt: decodeURIComponent(handed[2]),
      }),
    );
    history.replaceState(null, '', location.pathname);
  }

  var session = readSession();
  if (!session) return toSignIn();

  signOutForm.addEventListener('submit', function () {
    // The form itself clears the HttpOnly cookie; the script's copy of the token goes here.
    localStorage.removeItem(SESSION_KEY);
  });

  // ---- helpers ------------------------------------------------------------------------------

  function el(tag, attributes, children) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === false || value === null || value === undefined) return;
      if (name === 'text') node.textContent = value;
      else if (name === 'hidden' || name === 'disabled' || name === 'checked') node[name] = true;
      else node.setAttribute(name, String(value));
    });
    (children || []).forEach(function (child) {
      if (child)
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
    });
    return node;
  }

  function say(message) {
    statusLine.textContent = message;
    errorLine.textContent = '';
  }

  function fail(message) {
    statusLine.textContent = '';
    errorLine.textContent = message;
  }

  function api(path, options) {
    options = options || {};
    var headers = {
      accept: 'application/json',
      authorization: 'Bearer ' + session.token,
      'x-channel': 'selfcare',
    };
    Object.keys(options.headers || {}).forEach(function (name) {
      headers[name] = options.headers[name];
    });
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, {
      method: options.method || 'GET',
      headers: headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      // Her cart and orders change from other channels: never answer from the browser's cache.
      cache: 'no-store',
    }).then(function (response) {
      if (response.status === 401) {
        toSignIn();
        throw new Error('signed out');
      }
      if (response.status === 204) return { status: 204, body: null };
      return response.json().then(function (body) {
        if (!response.ok) {
          var error = new Error((body && body.message) || 'Request failed');
          error.status = response.status;
          error.body = body;
          throw error;
        }
        return { status: response.status, body: body };
      });
    });
  }

  function money(value) {
    try {
      return new Intl.NumberFormat('en-GB', { style: 'currency', currency: value.unit }).format(
        value.value,
      );
    } catch {
      return value.value + ' ' + value.unit;
    }
  }

  /** `£4.00 a month`, `plus £10.00 one-off` from TMF price lists; zero lines are left out. */
  function priceText(prices) {
    var parts = [];
    (prices || []).forEach(function (entry) {
      var amount = entry.price && entry.price.taxIncludedAmount;
      if (!amount || amount.value === 0) return;
      parts.push(money(amount) + (entry.priceType === 'recurring' ? ' a month' : ' one-off'));
    });
    return parts.length > 0 ? parts.join(', plus ') : 'No charge';
  }

  function characteristicsOf(item) {
    var values = {};
    ((item.product && item.product.productCharacteristic) || []).forEach(function (entry) {
      values[entry.name] = entry.value;
    });
    return values;
  }

  function toCharacteristicList(values) {
    return Object.keys(values).map(function (name) {
      return { name: name, value: values[name] };
    });
  }

  /** A cart item as the PATCH body wants it (TMF663: the listed items replace the cart's). */
  function replacementItem(item, changes) {
    changes = changes || {};
    var product = {
      productCharacteristic: toCharacteristicList(
        changes.characteristics || characteristicsOf(item),
      ),
    };
    if (item.product && item.product.id) product.id = item.product.id;
    return {
      id: item.id,
      action: item.action,
      quantity: changes.quantity || item.quantity,
      productOffering: { id: item.productOffering.id },
      product: product,
    };
  }

  function configuration(offeringId) {
    if (!state.configurations[offeringId]) {
      state.configurations[offeringId] = api(
        '/api/self-care/offerings/' + encodeURIComponent(offeringId),
      ).then(function (result) {
        return result.body;
      });
    }
    return state.configurations[offeringId];
  }

  /** One labelled control per choice: radio buttons in a fieldset, the price beside each option. */
  function choiceControls(prefix, characteristics, current) {
    return characteristics.map(function (characteristic) {
      var legend = el('legend', { text: characteristic.label });
      var options = characteristic.options.map(function (option, index) {
        var id = prefix + '-' + characteristic.name + '-' + index;
        var selected =
          current && current[characteristic.name] !== undefined
            ? String(current[characteristic.name]) === option.value
            : option.isDefault;
        return el('div', { class: 'choice' }, [
          el('input', {
            type: 'radio',
            id: id,
            name: characteristic.name,
            value: option.value,
            checked: selected,
          }),
          el('label', {
            for: id,
            text: option.label + (option.price ? ' (' + option.price + ')' : ''),
          }),
        ]);
      });
      return el('fieldset', {}, [legend].concat(options));
    });
  }

  function chosenValues(form, characteristics) {
    var values = {};
    characteristics.forEach(function (characteristic) {
      var checked = form.querySelector('input[name="' + characteristic.name + '"]:checked');
      if (!checked) return;
      var number = Number(checked.value);
      values[characteristic.name] =
        checked.value.trim() !== '' && isFinite(number) ? number : checked.value;
    });
    return values;
  }

  // ---- cart ---------------------------------------------------------------------------------

  function loadCart() {
    cartBox.setAttribute('aria-busy', 'true');
    return api(CART_PATH)
      .then(function (result) {
        state.cart = result.body[0] || null;
        renderCart();
      })
      .catch(function (error) {
        cartBox.textContent = '';
        cartBox.appendChild(el('p', { text: 'We could not load your cart: ' + error.message }));
      })
      .then(function () {
        cartBox.setAttribute('aria-busy', 'false');
      });
  }

  /**
   * Sends the item list `plan()` makes from the cart she has; creates the cart first when she has
   * none. When the cart changed elsewhere meanwhile (her chat started one, another tab edited it),
   * her change is made again once on the latest cart instead of sending her back to repeat it.
   */
  function saveItems(plan, done, isRetry) {
    var cart = state.cart;
    // With no cart on the page, look again first: her chat or an agent may have started one.
    if (!cart && !isRetry) {
      return loadCart().then(function () {
        return saveItems(plan, done, true);
      });
    }
    var items = plan();
    var request = cart
      ? api(CART_PATH + '/' + encodeURIComponent(cart.id), {
          method: 'PATCH',
          headers: { 'if-match': '"' + cart.cartVersion + '"' },
          body: { cartItem: items },
        })
      : api(CART_PATH, { method: 'POST', body: { cartItem: items } });
    return request
      .then(function (result) {
        state.cart = result.body;
        state.checkoutKey = null;
        renderCart();
        say(done);
      })
      .catch(function (error) {
        if (error.status !== 409) return fail(error.message);
        return loadCart().then(function () {
          if (!isRetry && state.cart) return saveItems(plan, done, true);
          fail('Your cart changed in another window; here is the latest. Please try again.');
        });
      });
  }

  function otherItems(except) {
    return (state.cart ? state.cart.cartItem : [])
      .filter(function (item) {
        return item.id !== except;
      })
      .map(function (item) {
        return replacementItem(item);
      });
  }

  /** What people call a characteristic in a summary line, where the catalog's name is not it. */
  var SHORT_NAMES = { startDate: 'Starts' };
  /** Start values as people say them: "Starts: now", not "Starts: Immediately". */
  var START_WORDS = { immediately: 'now', 'next-billing-cycle': 'at your next bill' };

  /** `dataSize` → `Data size`, `next-billing-cycle` → `Next billing cycle`. */
  function humanise(identifier) {
    var words = String(identifier)
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/[-_]+/g, ' ')
      .trim()
      .toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  /**
   * `Data size: 10 GB`, `Starts: now`: short names and the options' own labels (with their units)
   * once the offering's choices are known; never the catalog's identifiers.
   */
  function describe(values, characteristics) {
    return Object.keys(values).map(function (name) {
      var known = (characteristics || []).find(function (entry) {
        return entry.name === name;
      });
      var raw = String(values[name]);
      var option =
        known &&
        known.options.find(function (candidate) {
          return candidate.value === raw;
        });
      var label = SHORT_NAMES[name] || humanise(name);
      var text = START_WORDS[raw] || (option ? option.label : humanise(raw));
      return label + ': ' + text;
    });
  }

  function itemEditor(item, details) {
    var name = item.productOffering.name;
    var prefix = 'item-' + item.id;
    var form = el('form', { class: 'item-editor', 'aria-label': 'Change ' + name });
    var quantityId = prefix + '-quantity';
    form.appendChild(
      el('div', { class: 'field' }, [
        el('label', { for: quantityId, text: 'Quantity' }),
        el('input', {
          id: quantityId,
          name: 'quantity',
          type: 'number',
          min: 1,
          max: 100,
          value: item.quantity,
          inputmode: 'numeric',
        }),
      ]),
    );
    var update = el('button', { type: 'submit', text: 'Update', 'aria-label': 'Update ' + name });
    var remove = el('button', {
      type: 'button',
      class: 'link-button',
      text: 'Remove',
      'aria-label': 'Remove ' + name,
    });
    remove.addEventListener('click', function () {
      saveItems(function () {
        return otherItems(item.id);
      }, name + ' removed from your cart.');
    });
    var actions = el('div', { class: 'item-actions' }, [update, remove]);
    form.appendChild(actions);
    var characteristics = [];
    configuration(item.productOffering.id)
      .then(function (config) {
        characteristics = config.characteristics;
        var values = characteristicsOf(item);
        details.textContent = describe(values, characteristics).join(' · ');
        choiceControls(prefix, characteristics, values).forEach(function (node) {
          form.insertBefore(node, actions);
        });
      })
      .catch(function () {
        /* the quantity can still be changed */
      });
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var quantity = Number(form.elements.quantity.value);
      if (!(quantity >= 1 && quantity <= 100)) return fail('The quantity must be 1 to 100.');
      var chosen = characteristics.length > 0 ? chosenValues(form, characteristics) : undefined;
      saveItems(function () {
        return state.cart.cartItem.map(function (other) {
          return other.id === item.id
            ? replacementItem(other, { quantity: quantity, characteristics: chosen })
            : replacementItem(other);
        });
      }, name + ' updated.');
    });
    return form;
  }

  function cartRow(item) {
    var details = el('p', {
      class: 'details',
      text: describe(characteristicsOf(item)).join(' · '),
    });
    var notes = (item.note || []).map(function (note) {
      return el('p', { class: 'error', text: note.text });
    });
    return el(
      'li',
      { class: 'cart-item' },
      [
        el('h3', { text: item.productOffering.name }),
        details,
        el('p', { class: 'price', text: priceText(item.itemTotalPrice) }),
      ]
        .concat(notes)
        .concat([itemEditor(item, details)]),
    );
  }

  function renderCart() {
    cartBox.textContent = '';
    var cart = state.cart;
    if (!cart || cart.cartItem.length === 0) {
      cartBox.appendChild(el('p', { text: 'Your cart is empty.' }));
      return;
    }
    cartBox.appendChild(el('ul', { class: 'cart-items' }, cart.cartItem.map(cartRow)));
    cartBox.appendChild(
      el('p', { class: 'cart-total' }, [
        el('strong', { text: 'Total: ' }),
        priceText(cart.cartTotalPrice),
      ]),
    );
    var checkout = el('button', { type: 'button', class: 'button-primary', text: 'Place order' });
    checkout.addEventListener('click', function () {
      reviewOrder(checkout);
    });
    cartBox.appendChild(checkout);
  }

  /** One look at what she is about to buy, at the price she will pay, before it is ordered. */
  function reviewOrder(checkout) {
    var cart = state.cart;
    if (!cart) return;
    checkout.hidden = true;
    var confirm = el('button', {
      type: 'button',
      class: 'button-primary',
      text: 'Confirm and place order',
    });
    var back = el('button', { type: 'button', text: 'Back to cart' });
    var review = el(
      'section',
      { class: 'review', tabindex: '-1', 'aria-label': 'Review your order' },
      [
        el('h3', { text: 'Review your order' }),
        el(
          'ul',
          { class: 'review-items' },
          cart.cartItem.map(function (item) {
            return el('li', {
              text: item.productOffering.name + ': ' + priceText(item.itemTotalPrice),
            });
          }),
        ),
        el('p', { class: 'review-total' }, [
          el('strong', { text: 'You pay: ' }),
          priceText(cart.cartTotalPrice),
        ]),
        el('p', { text: 'We will text you when it is active.' }),
        confirm,
        ' ',
        back,
      ],
    );
    confirm.addEventListener('click', function () {
      back.disabled = true;
      placeOrder(confirm);
    });
    back.addEventListener('click', function () {
      review.remove();
      checkout.hidden = false;
      checkout.focus();
    });
    cartBox.appendChild(review);
    review.focus();
  }

  // ---- adding an offer ------------------------------------------------------------------------

  function showAddForm(offeringId) {
    configuration(offeringId)
      .then(function (config) {
        addSection.hidden = false;
        addForm.textContent = '';
        addForm.appendChild(el('h3', { id: 'add-name', text: config.name }));
        if (config.description) addForm.appendChild(el('p', { text: config.description }));
        if (config.price) {
          addForm.appendChild(
            el('p', { class: 'price' }, [
              el('strong', { text: config.price.headline }),
              config.price.savings.length > 0 ? ' (' + config.price.savings.join(', ') + ')' : '',
            ]),
          );
          // What makes her price, the same words as the offer page ("Self-care 20% off, campaign price").
          var labels = (config.price.labels || []).join(', ');
          if (labels) {
            addForm.appendChild(
              el('p', {
                class: 'price-labels',
                text: labels.charAt(0).toUpperCase() + labels.slice(1),
              }),
            );
          }
        }
        config.caveats.forEach(function (caveat) {
          addForm.appendChild(el('p', { class: 'caveat', text: caveat }));
        });
        choiceControls('add', config.characteristics).forEach(function (node) {
          addForm.appendChild(node);
        });
        addForm.appendChild(
          el('button', {
            type: 'submit',
            class: 'button-primary',
            text: 'Add to cart',
            disabled: !config.offered,
          }),
        );
        addForm.onsubmit = function (event) {
          event.preventDefault();
          var item = {
            action: 'add',
            quantity: 1,
            productOffering: { id: config.id },
            product: {
              productCharacteristic: toCharacteristicList(
                chosenValues(addForm, config.characteristics),
              ),
            },
          };
          saveItems(function () {
            return otherItems().concat([item]);
          }, config.name + ' added to your cart.').then(function () {
            if (errorLine.textContent) return;
            addSection.hidden = true;
            history.replaceState(null, '', location.pathname);
          });
        };
      })
      .catch(function (error) {
        fail('We could not show that offer: ' + error.message);
      });
  }

  // ---- orders -------------------------------------------------------------------------------

  var stateWords = {
    acknowledged: 'received',
    inProgress: 'being activated',
    completed: 'active',
    failed: 'failed',
    cancelled: 'cancelled',
    pending: 'pending',
    held: 'on hold',
    rejected: 'rejected',
  };

  /** The number she can quote: the short reference, never the internal id. */
  function orderName(order) {
    return 'Order ' + (order.reference || '');
  }

  function orderLine(order) {
    return el('li', { class: 'order', 'data-order-id': order.id }, [
      el('strong', { text: orderName(order) }),
      ' ',
      el('span', {
        class: 'badge badge-' + order.state,
        text: stateWords[order.state] || order.state,
      }),
      el('span', {
        class: 'details',
        text:
          order.productOrderItem
            .map(function (item) {
              return item.productOffering.name;
            })
            .join(', ') +
          ' · ' +
          priceText(order.orderTotalPrice),
      }),
    ]);
  }

  function loadOrders() {
    return api(ORDER_PATH + '?sort=-orderDate&limit=5')
      .then(function (result) {
        ordersBox.textContent = '';
        if (result.body.length === 0) {
          ordersBox.appendChild(el('p', { text: 'No orders yet.' }));
          return;
        }
        ordersBox.appendChild(el('ul', { class: 'orders' }, result.body.map(orderLine)));
      })
      .catch(function (error) {
        ordersBox.textContent = '';
        ordersBox.appendChild(el('p', { text: 'We could not load your orders: ' + error.message }));
      });
  }

  /** Follows a new order until it is active or failed, for about a minute. */
  function followOrder(orderId, attemptsLeft, onState) {
    if (attemptsLeft <= 0) return;
    setTimeout(function () {
      api(ORDER_PATH + '/' + encodeURIComponent(orderId))
        .then(function (result) {
          var order = result.body;
          loadOrders();
          if (onState) onState(order);
          if (order.state === 'completed' || order.state === 'failed') {
            say(orderName(order) + ' is ' + (stateWords[order.state] || order.state) + '.');
            return;
          }
          followOrder(orderId, attemptsLeft - 1, onState);
        })
        .catch(function () {
          followOrder(orderId, attemptsLeft - 1, onState);
        });
    }, 2000);
  }

  function placeOrder(button) {
    var cart = state.cart;
    if (!cart) return;
    // One key per cart version: a double click or a retry after a lost answer orders once.
    state.checkoutKey =
      state.checkoutKey ||
      'selfcare-' + cart.id + '-' + cart.cartVersion + '-' + crypto.randomUUID();
    button.disabled = true;
    say('Placing your order…');
    api(ORDER_PATH, {
      method: 'POST',
      headers: {
        'idempotency-key': state.checkoutKey,
        'if-match': '"' + cart.cartVersion + '"',
      },
      body: { shoppingCart: { id: cart.id } },
    })
      .then(function (result) {
        var order = result.body;
        state.checkoutKey = null;
        var status = el('p', { class: 'confirmation-status' });
        // The card says what the order row says, and follows it until the order is active.
        var showState = function (current) {
          status.textContent =
            'Status: ' +
            (stateWords[current.state] || current.state) +
            '. Total ' +
            priceText(current.orderTotalPrice) +
            (current.state === 'completed' || current.state === 'failed'
              ? '.'
              : '. We will text you when it is active.');
        };
        showState(order);
        var confirmation = el(
          'div',
          { class: 'confirmation', tabindex: '-1', 'data-order-id': order.id },
          [el('h3', { text: 'Thank you: ' + orderName(order).toLowerCase() }), status],
        );
        say(orderName(order) + ' placed.');
        return loadCart().then(function () {
          cartBox.insertBefore(confirmation, cartBox.firstChild);
          confirmation.focus();
          loadOrders();
          followOrder(order.id, 30, showState);
        });
      })
      .catch(function (error) {
        button.disabled = false;
        if (error.status === 409) {
          fail('Your cart changed before the order went through; please check it and try again.');
          return loadCart();
        }
        fail(error.message);
      });
  }

  // ---- start --------------------------------------------------------------------------------

  loadCart();
  loadOrders();
  var addOffering = root.getAttribute('data-add-offering');
  if (addOffering) showAddForm(addOffering);
})();
