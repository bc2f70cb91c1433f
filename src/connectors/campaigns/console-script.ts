/**
 * The console's browser script, served as-is (plain ES2020, no framework, no build step). Every
 * value from the server is written with textContent, never as HTML.
 */
export const consoleScript = String.raw`
'use strict';
const $ = (id) => document.getElementById(id);
const state = { token: sessionStorage.getItem('campaignToken'), selected: null, poll: null };

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: Object.assign(
      { authorization: 'Bearer ' + state.token },
      body === undefined ? {} : { 'content-type': 'application/json' },
    ),
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json().catch(() => ({}));
  if (response.status === 401) signOut();
  if (!response.ok) throw new Error(data.message || response.statusText);
  return data;
}

function show(signedIn) {
  $('sign-in').hidden = signedIn;
  $('workspace').hidden = !signedIn;
}

function signOut() {
  sessionStorage.removeItem('campaignToken');
  state.token = null;
  show(false);
}

function report(element, error) {
  element.textContent = error ? String(error.message || error) : '';
}

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  report($('sign-in-error'));
  const response = await fetch('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: $('username').value, password: $('password').value }),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) return report($('sign-in-error'), data.message || 'Sign-in failed');
  if (!(data.user.roles || []).some((role) => role === 'campaign-manager' || role === 'admin')) {
    return report($('sign-in-error'), 'This account is not a campaign manager');
  }
  state.token = data.token;
  sessionStorage.setItem('campaignToken', data.token);
  $('who').textContent = data.user.displayName;
  await start();
});
$('sign-out').addEventListener('click', signOut);

async function loadOffers() {
  const response = await fetch('/api/offers?channel=selfcare');
  const data = await response.json();
  const select = $('offering');
  select.replaceChildren();
  for (const offer of [...data.offers, ...data.notOffered]) {
    const option = document.createElement('option');
    option.value = offer.id;
    option.textContent = offer.name;
    select.append(option);
  }
}

let checkTimer = null;
function scheduleMessageCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkMessage, 250);
}

async function checkMessage() {
  const template = $('template').value;
  if (!template.trim()) {
    $('segment-info').textContent = '';
    $('message-preview').textContent = '';
    return;
  }
  try {
    const check = await api('POST', '/api/campaigns/message-check', {
      template,
      offeringId: $('offering').value || undefined,
      maxSegments: Number($('max-segments').value) || 2,
    });
    $('message-preview').textContent = check.preview;
    $('segment-info').textContent =
      check.segments.segments + ' segment' + (check.segments.segments === 1 ? '' : 's') +
      ' (' + check.segments.encoding + ', ' + check.segments.units + ' units, ' +
      check.segments.remainingInSegment + ' left)' +
      (check.segments.nonGsmCharacters.length
        ? ' - not in GSM-7: ' + check.segments.nonGsmCharacters.join(' ')
        : '') +
      (check.fits ? '' : ' - over the limit of ' + check.maxSegments);
    $('segment-info').className = check.fits ? 'ok' : 'warn';
  } catch (error) {
    $('segment-info').className = 'warn';
    report($('segment-info'), error);
  }
}
$('template').addEventListener('input', scheduleMessageCheck);
$('offering').addEventListener('change', scheduleMessageCheck);
$('max-segments').addEventListener('input', scheduleMessageCheck);

function audienceValue() {
  const text = $('audience').value.trim();
  return text ? JSON.parse(text) : {};
}

$('preview-audience').addEventListener('click', async () => {
  report($('audience-error'));
  try {
    const preview = await api('POST', '/api/campaigns/audience-preview', {
      audience: audienceValue(),
    });
    $('audience-count').textContent =
      preview.count + ' customers, ' + preview.consenting + ' with SMS marketing consent';
    const list = $('audience-sample');
    list.replaceChildren();
    for (const customer of preview.sample) {
      const item = document.createElement('li');
      item.textContent =
        customer.firstName + ' ' + customer.mobile + (customer.consent ? '' : ' (no consent)');
      list.append(item);
    }
  } catch (error) {
    report($('audience-error'), error);
  }
});

$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  report($('create-error'));
  try {
    const created = await api('POST', '/api/campaigns', {
      name: $('name').value,
      offeringId: $('offering').value,
      template: $('template').value,
      audience: audienceValue(),
      ratePerSecond: Number($('rate').value) || 10,
      maxSegments: Number($('max-segments').value) || 2,
    });
    await loadCampaigns();
    select(created.id);
  } catch (error) {
    report($('create-error'), error);
  }
});

async function loadCampaigns() {
  const campaigns = await api('GET', '/api/campaigns');
  const body = $('campaign-rows');
  body.replaceChildren();
  for (const campaign of campaigns) {
    const row = document.createElement('tr');
    row.dataset.id = campaign.id;
    for (const value of [campaign.name, campaign.status, campaign.counters.sent + ' / ' + campaign.counters.targeted]) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    row.addEventListener('click', () => select(campaign.id));
    body.append(row);
  }
}

async function select(id) {
  state.selected = id;
  $('detail').hidden = false;
  clearInterval(state.poll);
  await refresh();
  state.poll = setInterval(() => refresh().catch(() => {}), 1000);
}

const statFields = [
  ['targeted', (s) => s.targeted],
  ['sent', (s) => s.sent],
  ['delivered', (s) => s.delivered],
  ['failed', (s) => s.failed],
  ['deferred', (s) => s.deferred],
  ['skipped', (s) => s.skipped['no-consent'] + s.skipped['invalid-number'] + s.skipped['not-found']],
  ['no-consent', (s) => s.skipped['no-consent']],
  ['clicked', (s) => s.clicked],
  ['converted', (s) => s.converted],
  ['revenue', (s) => s.revenue ? (s.revenue.oneTime / 100).toFixed(2) + ' + ' + (s.revenue.recurring / 100).toFixed(2) + '/mo ' + s.revenue.currency : '-'],
];

async function refresh() {
  if (!state.selected) return;
  const [campaign, stats] = await Promise.all([
    api('GET', '/api/campaigns/' + state.selected),
    api('GET', '/api/campaigns/' + state.selected + '/stats'),
  ]);
  $('detail-name').textContent = campaign.name;
  $('detail-status').textContent = campaign.status;
  $('detail-message').textContent = campaign.template;
  const grid = $('stats');
  grid.replaceChildren();
  for (const [name, pick] of statFields) {
    const term = document.createElement('dt');
    term.textContent = name;
    const value = document.createElement('dd');
    value.dataset.stat = name;
    value.textContent = String(pick(stats));
    grid.append(term, value);
  }
  const status = campaign.status;
  $('schedule').disabled = !['draft', 'completed'].includes(status);
  $('pause').disabled = !['scheduled', 'running'].includes(status);
  $('resume').disabled = status !== 'paused';
  $('cancel').disabled = ['completed', 'cancelled'].includes(status);
}

for (const action of ['schedule', 'pause', 'resume', 'cancel']) {
  $(action).addEventListener('click', async () => {
    report($('detail-error'));
    try {
      const body = {};
      if (action === 'schedule' && $('start-at').value) body.startAt = new Date($('start-at').value).toISOString();
      await api('POST', '/api/campaigns/' + state.selected + '/' + action, action === 'schedule' ? body : undefined);
      await refresh();
      await loadCampaigns();
    } catch (error) {
      report($('detail-error'), error);
    }
  });
}

async function start() {
  show(true);
  await loadOffers();
  await loadCampaigns();
}

if (state.token) start().catch(() => signOut());
else show(false);
`;
