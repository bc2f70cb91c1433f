/* Customer sign-in by SMS code: plain script, no framework, no build step. */
/* global location */
(function () {
  'use strict';

  var SESSION_KEY = 'sa.customerSession';
  var root = document.getElementById('sign-in');
  if (!root) return;

  var phoneForm = document.getElementById('phone-form');
  var codeForm = document.getElementById('code-form');
  var phoneInput = document.getElementById('phone');
  var codeInput = document.getElementById('code');
  var statusLine = document.getElementById('sign-in-status');
  var errorLine = document.getElementById('sign-in-error');
  var restart = document.getElementById('restart');
  var pending = { phone: '', visitorId: '' };

  /** Only a path on this site: the server checked it too, this is the belt to its braces. */
  function nextPath() {
    var next = root.getAttribute('data-next') || '/self-care';
    return /^\/(?![/\\])/.test(next) ? next : '/self-care';
  }

  /** The chat widget's visitor in this browser, so her chat and cart follow her once signed in. */
  function chatVisitorId() {
    try {
      var widget = window.chatWidget;
      var fromWidget = widget && typeof widget.visitorId === 'string' ? widget.visitorId : '';
      var stored = fromWidget || localStorage.getItem('sa.chat.visitorId') || '';
      return /^vis_[A-Za-z0-9_-]+$/.test(stored) ? stored : '';
    } catch {
      return '';
    }
  }

  function say(message) {
    statusLine.textContent = message;
    errorLine.textContent = '';
  }

  function fail(message, field) {
    statusLine.textContent = '';
    errorLine.textContent = message;
    if (field) {
      field.setAttribute('aria-invalid', 'true');
      field.focus();
    }
  }

  function busy(form, on) {
    var button = form.querySelector('button[type="submit"]');
    if (button) button.disabled = on;
    form.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (payload) {
          return { ok: response.ok, status: response.status, body: payload };
        });
    });
  }

  /** What went wrong, in words: the API's TMF630 message, with the wait for rate limits. */
  function problem(result) {
    var body = result.body || {};
    var details = body.details || {};
    if (result.status === 429 && details.retryAfterSeconds) {
      return 'Please wait ' + details.retryAfterSeconds + ' seconds and try again.';
    }
    if (result.status === 422 && typeof details.attemptsLeft === 'number') {
      return 'That code is not right. ' + details.attemptsLeft + ' attempt(s) left.';
    }
    return body.message || 'Something went wrong. Please try again.';
  }

  function showCodeStep() {
    phoneForm.hidden = true;
    codeForm.hidden = false;
    codeInput.value = '';
    codeInput.focus();
  }

  function showPhoneStep() {
    codeForm.hidden = true;
    phoneForm.hidden = false;
    phoneInput.focus();
  }

  phoneForm.addEventListener('submit', function (event) {
    event.preventDefault();
    phoneInput.removeAttribute('aria-invalid');
    var phone = phoneInput.value.trim();
    if (!phone) return fail('Enter your mobile number.', phoneInput);
    var body = { phone: phone };
    var visitorId = chatVisitorId();
    if (visitorId) body.visitorId = visitorId;
    busy(phoneForm, true);
    say('Sending your code…');
    post('/api/auth/customer/code', body)
      .then(function (result) {
        if (!result.ok) return fail(problem(result), phoneInput);
        pending = { phone: phone, visitorId: result.body.visitorId };
        // The same words whether or not the number is ours: the API does not say either.
        say('If ' + phone + ' is on an account with us, a code is on its way.');
        showCodeStep();
      })
      .catch(function () {
        fail('We could not reach the service. Check your connection and try again.');
      })
      .then(function () {
        busy(phoneForm, false);
      });
  });

  codeForm.addEventListener('submit', function (event) {
    event.preventDefault();
    codeInput.removeAttribute('aria-invalid');
    var code = codeInput.value.replace(/\s+/g, '');
    if (!/^\d{6}$/.test(code)) return fail('Enter the 6 digits of the code.', codeInput);
    busy(codeForm, true);
    say('Checking your code…');
    post('/api/auth/customer/verify', {
      phone: pending.phone,
      code: code,
      visitorId: pending.visitorId,
    })
      .then(function (result) {
        if (!result.ok) return fail(problem(result), codeInput);
        var session = {
          token: result.body.token,
          customerId: result.body.customerId,
          expiresAt: result.body.expiresAt,
        };
        localStorage.setItem(SESSION_KEY, JSON.stringify(session));
        say('Signed in. Taking you on…');
        location.assign(nextPath());
      })
      .catch(function () {
        fail('We could not reach the service. Check your connection and try again.');
      })
      .then(function () {
        busy(codeForm, false);
      });
  });

  restart.addEventListener('click', function () {
    say('');
    showPhoneStep();
  });
})();
