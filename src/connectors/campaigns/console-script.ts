import { consoleBuilderScript } from './console-builder-script';
import { consoleFormatScript } from './console-format-script';

/**
 * The console's browser script, served as-is (plain ES2020, no framework, no build step): the
 * format and chart helpers, the audience builder, then the page itself. Every value from the
 * server is written with textContent, never as HTML.
 */
const mainScript = String.raw`
const $ = (id) => document.getElementById(id);
const state = {
  token: sessionStorage.getItem('campaignToken'),
  who: sessionStorage.getItem('campaignWho') || '',
  selected: null,
  poll: null,
  polls: 0,
  offers: [],
  campaigns: [],
  settings: {},
  editing: null,
  audienceMode: 'builder',
  lastPreview: null,
  previewSeq: 0,
  lastStatus: null,
  cancelArmed: false,
};

class ApiError extends Error {
  constructor(status, body) {
    super(body.message || 'Something went wrong (' + status + ')');
    this.status = status;
    this.code = body.code;
    this.details = body.details;
  }
}

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
  if (!response.ok) throw new ApiError(response.status, data);
  return data;
}

function show(signedIn) {
  $('sign-in').hidden = signedIn;
  $('workspace').hidden = !signedIn;
  $('account').hidden = !signedIn;
}

function signOut() {
  sessionStorage.removeItem('campaignToken');
  sessionStorage.removeItem('campaignWho');
  state.token = null;
  state.selected = null;
  clearInterval(state.poll);
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
  state.who = data.user.displayName;
  sessionStorage.setItem('campaignToken', data.token);
  sessionStorage.setItem('campaignWho', state.who);
  $('password').value = '';
  await start();
});
$('sign-out').addEventListener('click', signOut);

// ---- lookups ----

const offerName = (id) => (state.offers.find((offer) => offer.id === id) || {}).name;
const campaignName = (id) => (state.campaigns.find((item) => item.id === id) || {}).name;

async function loadOffers() {
  const response = await fetch('/api/offers?channel=selfcare');
  const data = await response.json();
  state.offers = [...data.offers, ...data.notOffered].map((offer) => ({ id: offer.id, name: offer.name }));
  const select = $('offering');
  select.replaceChildren();
  for (const offer of state.offers) select.append(new Option(offer.name, offer.id));
}

function fillTimeZones() {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : ['Europe/London'];
  const ordered = ['Europe/London', ...zones.filter((zone) => zone !== 'Europe/London')];
  const select = $('quiet-zone');
  select.replaceChildren(new Option('each recipient’s own time zone', ''));
  const list = $('time-zones');
  list.replaceChildren();
  for (const zone of ordered) {
    select.append(new Option(zone.replace(/_/g, ' '), zone));
    list.append(new Option(zone));
  }
}

// ---- the message ----

let checkTimer = null;
function scheduleMessageCheck() {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkMessage, 250);
}

let checkSeq = 0;
async function checkMessage() {
  const seq = ++checkSeq;
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
    if (seq !== checkSeq) return;
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
    if (seq !== checkSeq) return;
    $('segment-info').className = 'warn';
    report($('segment-info'), error);
  }
}
$('template').addEventListener('input', scheduleMessageCheck);
$('offering').addEventListener('change', scheduleMessageCheck);
$('max-segments').addEventListener('input', scheduleMessageCheck);

// ---- the audience ----

const builder = createAudienceBuilder($('builder'), {
  offers: () => state.offers,
  campaigns: () => state.campaigns.filter((item) => item.status !== 'draft' && item.id !== state.editing),
  onChange: () => schedulePreview(),
});

// Enter in a builder field finishes that field; it does not create the campaign.
$('builder').addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && event.target instanceof HTMLInputElement) event.preventDefault();
});

let previewTimer = null;
function schedulePreview() {
  clearTimeout(previewTimer);
  $('audience-count').classList.add('stale');
  previewTimer = setTimeout(() => previewAudience().catch(() => {}), 350);
}

function advancedQuery() {
  const text = $('audience').value.trim();
  if (!text) return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new Error('The query is not valid JSON yet');
  }
}

async function previewAudience() {
  const seq = ++state.previewSeq;
  report($('audience-error'));
  let body;
  try {
    body = state.audienceMode === 'builder'
      ? { builder: completeBuilder(builder.get()), sampleSize: 5 }
      : { audience: advancedQuery(), sampleSize: 5 };
  } catch (error) {
    $('audience-count').textContent = '';
    $('audience-sample').replaceChildren();
    $('sample-title').hidden = true;
    report($('audience-error'), error);
    return;
  }
  try {
    const preview = await api('POST', '/api/campaigns/audience-preview', body);
    if (seq !== state.previewSeq) return;
    state.lastPreview = preview;
    showPreview(preview);
  } catch (error) {
    if (seq !== state.previewSeq) return;
    state.lastPreview = null;
    $('audience-count').textContent = '';
    $('audience-sample').replaceChildren();
    $('sample-title').hidden = true;
    report($('audience-error'), String(error.message).replace(/^audience: /, ''));
  }
}

function showPreview(preview) {
  const count = $('audience-count');
  count.classList.remove('stale');
  count.dataset.count = String(preview.count);
  count.textContent = plural(preview.count, 'customer matches', 'customers match') + ' · ' +
    formatCount(preview.consenting) + ' can receive marketing SMS';
  const list = $('audience-sample');
  list.replaceChildren();
  if (preview.sample.length) {
    $('sample-title').hidden = false;
    for (const customer of preview.sample) {
      const item = document.createElement('li');
      item.textContent = customer.firstName + ' · ' + customer.mobile + (customer.consent ? '' : ' · no marketing consent');
      list.append(item);
    }
  } else {
    $('sample-title').hidden = true;
  }
  const gaps = state.audienceMode === 'builder' ? builderGaps(builder.get()) : [];
  $('audience-gaps').textContent = gaps.length ? 'Not counted until finished: ' + gaps.join('; ') : '';
  updateRateHint();
}

async function setAudienceMode(mode) {
  report($('audience-error'));
  if (mode === state.audienceMode) return;
  if (mode === 'advanced') {
    const query = state.lastPreview && state.lastPreview.audience;
    $('audience').value = JSON.stringify(query || {}, null, 2);
  } else {
    let query;
    try {
      query = advancedQuery();
    } catch (error) {
      return report($('audience-error'), error);
    }
    try {
      const preview = await api('POST', '/api/campaigns/audience-preview', { audience: query, sampleSize: 5 });
      if (!preview.builder) {
        return report($('audience-error'), 'The builder cannot show this query; keep editing it here, or clear it to start again in the builder.');
      }
      builder.set(preview.builder);
      state.lastPreview = preview;
    } catch (error) {
      return report($('audience-error'), error);
    }
  }
  state.audienceMode = mode;
  $('builder').hidden = mode !== 'builder';
  $('advanced').hidden = mode !== 'advanced';
  $('mode-builder').setAttribute('aria-pressed', String(mode === 'builder'));
  $('mode-advanced').setAttribute('aria-pressed', String(mode === 'advanced'));
  schedulePreview();
}
$('mode-builder').addEventListener('click', () => setAudienceMode('builder'));
$('mode-advanced').addEventListener('click', () => setAudienceMode('advanced'));
$('audience').addEventListener('input', schedulePreview);

// ---- sending ----

function updateRateHint() {
  const rate = Number($('rate').value);
  const limit = state.settings.senderRatePerSecond;
  const parts = [];
  if (limit) parts.push('The SMS sender sends at most ' + formatCount(limit) + ' a second' + (rate > limit ? ': above that, messages wait for it.' : '.'));
  const count = state.lastPreview ? state.lastPreview.consenting : 0;
  if (rate > 0 && count) {
    parts.push('At ' + formatCount(rate) + ' a second, ' + plural(count, 'message takes', 'messages take') + ' ' + formatDuration(count / Math.min(rate, limit || rate)) + ' (quiet hours can add to it).');
  }
  $('rate-hint').textContent = parts.join(' ');
  $('rate-hint').className = limit && rate > limit ? 'hint warn' : 'hint';
}
$('rate').addEventListener('input', updateRateHint);

// ---- the editor ----

function openEditor(campaign) {
  state.editing = campaign ? campaign.id : null;
  state.selected = null;
  clearInterval(state.poll);
  markSelectedRow();
  $('detail').hidden = true;
  $('editor').hidden = false;
  $('editor-title').textContent = campaign ? 'Edit “' + campaign.name + '”' : 'New campaign';
  $('create-submit').textContent = campaign ? 'Save changes' : 'Create';
  $('editor-cancel').hidden = !campaign && state.campaigns.length === 0;
  report($('create-error'));
  report($('audience-error'));
  const defaults = state.settings.defaultQuietHours || { allowedFrom: '08:00', allowedUntil: '21:00' };
  $('name').value = campaign ? campaign.name : '';
  if (campaign) $('offering').value = campaign.offeringId;
  else if (state.offers[0]) $('offering').value = state.offers[0].id;
  $('template').value = campaign ? campaign.template : $('template').defaultValue;
  $('channel').value = (campaign && campaign.channel) || 'sms';
  $('rate').value = String(campaign ? campaign.ratePerSecond : 10);
  $('max-segments').value = String(campaign ? campaign.maxSegments : 2);
  const quiet = campaign ? campaign.quietHours : defaults;
  $('quiet-from').value = quiet.allowedFrom;
  $('quiet-until').value = quiet.allowedUntil;
  $('quiet-zone').value = quiet.timeZone || '';
  state.lastPreview = null;
  if (campaign && !campaign.audienceBuilder) {
    builder.set({ match: 'all', rules: [] });
    state.audienceMode = 'advanced';
    $('audience').value = JSON.stringify(campaign.audience, null, 2);
  } else {
    builder.set(campaign ? campaign.audienceBuilder : { match: 'all', rules: [] });
    state.audienceMode = 'builder';
    $('audience').value = '{}';
  }
  $('builder').hidden = state.audienceMode !== 'builder';
  $('advanced').hidden = state.audienceMode !== 'advanced';
  $('mode-builder').setAttribute('aria-pressed', String(state.audienceMode === 'builder'));
  $('mode-advanced').setAttribute('aria-pressed', String(state.audienceMode === 'advanced'));
  scheduleMessageCheck();
  schedulePreview();
  updateRateHint();
}
$('new-campaign').addEventListener('click', () => openEditor(null));
$('editor-cancel').addEventListener('click', () => {
  const id = state.editing;
  $('editor').hidden = true;
  if (id) select(id);
  else if (state.campaigns[0]) select(state.campaigns[0].id);
  else openEditor(null);
});

function formValue() {
  if (!$('name').value.trim()) throw new Error('Give the campaign a name');
  if (!$('template').value.trim()) throw new Error('Write the message');
  if (!$('quiet-from').value || !$('quiet-until').value) throw new Error('Give the hours messages may be sent between');
  const rate = Number($('rate').value);
  if (!(rate > 0 && rate <= 1000)) throw new Error('Send between 0.1 and 1,000 messages a second');
  const segments = Number($('max-segments').value);
  if (!(Number.isInteger(segments) && segments >= 1 && segments <= 10)) {
    throw new Error('Allow from 1 to 10 SMS segments a message');
  }
  const body = {
    name: $('name').value,
    offeringId: $('offering').value,
    template: $('template').value,
    channel: $('channel').value || 'sms',
    ratePerSecond: Number($('rate').value) || 10,
    maxSegments: Number($('max-segments').value) || 2,
    quietHours: Object.assign(
      { allowedFrom: $('quiet-from').value, allowedUntil: $('quiet-until').value },
      $('quiet-zone').value ? { timeZone: $('quiet-zone').value } : {},
    ),
  };
  if (state.audienceMode === 'builder') {
    const gaps = builderGaps(builder.get());
    if (gaps.length) throw new Error('Finish or remove these conditions: ' + gaps.join('; '));
    body.audienceBuilder = builder.get();
  } else {
    body.audience = advancedQuery();
  }
  return body;
}

$('create-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  report($('create-error'));
  try {
    const body = formValue();
    const saved = state.editing
      ? await api('PATCH', '/api/campaigns/' + state.editing, body)
      : await api('POST', '/api/campaigns', body);
    state.editing = null;
    $('create-form').reset();
    builder.set({ match: 'all', rules: [] });
    state.lastPreview = null;
    $('audience-count').textContent = '';
    $('audience-sample').replaceChildren();
    $('sample-title').hidden = true;
    $('segment-info').textContent = '';
    $('message-preview').textContent = '';
    await loadCampaigns();
    await select(saved.id);
  } catch (error) {
    report($('create-error'), error);
  }
});

// ---- the list and the comparison ----

async function loadCampaigns() {
  const archived = $('show-archived').checked;
  state.campaigns = await api('GET', '/api/campaigns' + (archived ? '?archived=true' : ''));
  renderList();
}
$('show-archived').addEventListener('change', () => loadCampaigns().catch((error) => report($('list-error'), error)));

function renderList(stats) {
  const body = $('campaign-rows');
  body.replaceChildren();
  $('list-empty').hidden = state.campaigns.length > 0;
  for (const campaign of state.campaigns) {
    // The selected campaign's row reads from the same figures as its page.
    const figures = stats && campaign.id === state.selected ? stats : { status: campaign.status, sent: campaign.counters.sent, targeted: campaign.counters.targeted };
    const row = document.createElement('tr');
    row.dataset.id = campaign.id;
    row.dataset.status = figures.status;
    row.tabIndex = 0;
    const cells = [
      campaign.name,
      statusLabels[figures.status],
      figures.targeted || figures.sent ? formatCount(figures.sent) + ' of ' + formatCount(figures.targeted) : '–',
      formatDate(campaign.createdAt),
    ];
    for (const value of cells) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    row.children[1].className = 'status status-' + figures.status;
    row.addEventListener('click', () => select(campaign.id));
    row.addEventListener('keydown', (event) => { if (event.key === 'Enter') select(campaign.id); });
    body.append(row);
  }
  markSelectedRow();
}

function markSelectedRow() {
  for (const row of $('campaign-rows').children) row.classList.toggle('selected', row.dataset.id === state.selected);
}

async function loadComparison() {
  state.comparison = await api('GET', '/api/campaigns/comparison');
  renderComparison();
}

function renderComparison(stats) {
  const rows = (state.comparison || []).map((item) =>
    // The selected campaign's row reads from the same figures as its page.
    stats && item.id === state.selected
      ? Object.assign({}, item, { status: stats.status, sent: stats.sent, rates: stats.rates, revenue: stats.revenue })
      : item,
  );
  const body = $('comparison-rows');
  body.replaceChildren();
  $('comparison-empty').hidden = rows.length > 0;
  $('comparison-table').hidden = rows.length === 0;
  for (const item of rows) {
    const row = document.createElement('tr');
    row.dataset.id = item.id;
    const cells = [
      item.name,
      statusLabels[item.status],
      formatDate(item.startedAt),
      formatCount(item.sent),
      formatRate(item.rates.delivery),
      formatRate(item.rates.clickThrough),
      formatRate(item.rates.conversion),
      formatRevenue(item.revenue),
    ];
    for (const value of cells) {
      const cell = document.createElement('td');
      cell.textContent = value;
      row.append(cell);
    }
    row.addEventListener('click', () => select(item.id));
    body.append(row);
  }
}

// ---- one campaign ----

async function select(id) {
  state.selected = id;
  state.cancelArmed = false;
  state.lastStatus = null;
  $('editor').hidden = true;
  $('detail').hidden = false;
  report($('detail-error'));
  $('duplicate-hint').hidden = true;
  $('test-result').textContent = '';
  markSelectedRow();
  clearInterval(state.poll);
  await refresh();
  state.poll = setInterval(() => refresh().catch(() => {}), 1500);
}

const kpis = [
  ['targeted', 'Recipients', (s) => formatCount(s.targeted)],
  ['sent', 'Sent', (s) => formatCount(s.sent)],
  ['delivered', 'Delivered', (s) => formatCount(s.delivered)],
  ['failed', 'Failed', (s) => formatCount(s.failed)],
  ['skipped', 'Not sent', (s) => formatCount(s.skipped['no-consent'] + s.skipped['invalid-number'] + s.skipped['not-found'])],
  ['clicked', 'Clicked', (s) => formatCount(s.clicked)],
  ['converted', 'Bought', (s) => formatCount(s.converted)],
  ['revenue', 'Revenue', (s) => formatRevenue(s.revenue)],
  ['delivery-rate', 'Delivery rate', (s) => formatRate(s.rates.delivery)],
  ['click-rate', 'Click-through', (s) => formatRate(s.rates.clickThrough)],
  ['conversion-rate', 'Conversion (of clicks)', (s) => formatRate(s.rates.conversion)],
];

function fact(term, value) {
  const dt = document.createElement('dt');
  dt.textContent = term;
  const dd = document.createElement('dd');
  dd.textContent = value;
  return [dt, dd];
}

function quietHoursText(quiet) {
  return quiet.allowedFrom + ' to ' + quiet.allowedUntil + ', ' + (quiet.timeZone ? quiet.timeZone.replace(/_/g, ' ') + ' time' : 'in each recipient’s own time zone');
}

async function refresh() {
  const id = state.selected;
  if (!id) return;
  // One walk of the recipients per refresh: the stats carry the chart's series.
  const [campaign, stats] = await Promise.all([
    api('GET', '/api/campaigns/' + id),
    api('GET', '/api/campaigns/' + id + '/stats'),
  ]);
  if (id !== state.selected) return;
  state.polls += 1;
  const listed = state.campaigns.find((item) => item.id === id);
  if (listed) Object.assign(listed, campaign);
  else if (!campaign.archivedAt || $('show-archived').checked) await loadCampaigns();
  renderList(stats);
  const status = stats.status;
  $('detail-name').textContent = campaign.name;
  $('detail-status').textContent = statusLabels[status] + (campaign.archivedAt ? ' · archived' : '');
  $('detail-status').dataset.status = status;
  $('detail-status').className = 'badge status-' + status;
  $('detail-facts').replaceChildren(
    ...fact('Offer', campaign.offeringName + (campaign.promotion ? ' (' + campaign.promotion.name + ')' : '')),
    ...fact('Message', campaign.template),
    ...fact('Audience', describeAudience(campaign.audienceBuilder, { offer: offerName, campaign: campaignName })),
    ...(campaign.channel && campaign.channel !== 'sms' ? fact('Sent on', channelName(campaign.channel) + ' where she opted in to it, else by text message') : []),
    ...fact('Sending rate', formatCount(campaign.ratePerSecond) + ' a second' + (state.settings.senderRatePerSecond ? ' (the SMS sender allows ' + formatCount(state.settings.senderRatePerSecond) + ')' : '')),
    ...fact('Quiet hours', 'Sends only from ' + quietHoursText(campaign.quietHours)),
    ...(campaign.schedule ? fact(status === 'scheduled' ? 'Starts' : 'Started', formatDateTime(campaign.schedule.startAt)) : []),
    ...(campaign.completedAt ? fact('Finished', formatDateTime(campaign.completedAt)) : []),
    ...fact('Created', formatDateTime(campaign.createdAt)),
  );
  const final = status === 'completed' || status === 'cancelled';
  const visible = {
    edit: status === 'draft' && !campaign.archivedAt,
    'schedule-box': status === 'draft' && !campaign.archivedAt,
    unschedule: status === 'scheduled' && !stats.targeted && !campaign.dispatchFinishedAt,
    pause: status === 'scheduled' || status === 'running',
    resume: status === 'paused',
    cancel: ['draft', 'scheduled', 'running', 'paused'].includes(status) && !campaign.archivedAt,
    duplicate: true,
    archive: ['draft', 'completed', 'cancelled'].includes(status) && !campaign.archivedAt,
    'test-box': !final && !campaign.archivedAt,
  };
  for (const [key, shown] of Object.entries(visible)) $(key).hidden = !shown;
  $('cancel-confirm').hidden = !(state.cancelArmed && visible.cancel);
  $('finished-note').hidden = !final;
  $('finished-note').textContent = status === 'completed'
    ? 'This campaign has finished and is not sent again (its audience would get it twice). To send it again, duplicate it.'
    : status === 'cancelled' ? 'This campaign was cancelled and is not sent again. To send it after all, duplicate it.' : '';
  $('test-note').textContent = 'Test messages go to your phone only, start with [Test], and are not counted in the figures. ' +
    formatCount(Math.max(0, (state.settings.maxTestSends || 10) - campaign.testSends)) + ' left for this campaign.';
  renderProgress(campaign, stats);
  if (state.lastStatus !== status || state.polls % 20 === 0) {
    loadComparison().then(() => renderComparison(stats)).catch(() => {});
  } else {
    renderComparison(stats);
  }
  state.lastStatus = status;
}

function renderProgress(campaign, stats) {
  const started = stats.status !== 'draft' || stats.sent > 0;
  $('progress').hidden = !started;
  if (!started) return;
  const skipped = stats.skipped['no-consent'] + stats.skipped['invalid-number'] + stats.skipped['not-found'];
  const done = stats.sent + skipped;
  const total = stats.targeted;
  const share = total ? Math.min(1, done / total) : stats.status === 'completed' ? 1 : 0;
  $('progress-fill').style.width = (share * 100).toFixed(1) + '%';
  $('progress-bar').setAttribute('aria-valuenow', String(Math.round(share * 100)));
  let text;
  if (stats.status === 'scheduled') text = 'Starts ' + formatDateTime(campaign.schedule && campaign.schedule.startAt);
  else if (stats.status === 'running' && !campaign.dispatchFinishedAt) text = 'Finding recipients… ' + formatCount(done) + ' of ' + formatCount(total) + ' so far';
  else {
    text = formatCount(stats.sent) + ' of ' + formatCount(total) + ' sent';
    if (skipped) text += ', ' + formatCount(skipped) + ' not sent';
    if (stats.status === 'running' && !stats.deferred && stats.estimatedSecondsLeft !== undefined) text += ' · ' + formatDuration(stats.estimatedSecondsLeft) + ' left';
    if (stats.status === 'paused') text += ' · paused';
  }
  if (stats.deferred && (stats.status === 'running' || stats.status === 'paused')) {
    text += ' · ' + formatCount(stats.deferred) + ' wait for sending hours to open (' + campaign.quietHours.allowedFrom + ', ' +
      (campaign.quietHours.timeZone ? campaign.quietHours.timeZone.replace(/_/g, ' ') + ' time' : 'each recipient’s own time') + ')';
  }
  $('progress-text').textContent = text;
  const grid = $('kpis');
  grid.replaceChildren();
  for (const [key, label, pick] of kpis) {
    const card = document.createElement('div');
    card.className = 'kpi';
    const value = document.createElement('strong');
    value.dataset.stat = key;
    value.textContent = pick(stats);
    const name = document.createElement('span');
    name.textContent = label;
    card.append(value, name);
    grid.append(card);
  }
  drawChart($('chart'), stats.series);
}

async function act(action, body) {
  report($('detail-error'));
  $('duplicate-hint').hidden = true;
  try {
    const result = await api('POST', '/api/campaigns/' + state.selected + '/' + action, body);
    if (action === 'duplicate') {
      await loadCampaigns();
      await select(result.id);
      openEditor(state.campaigns.find((item) => item.id === result.id) || result);
      return;
    }
    if (action === 'archive') {
      await loadCampaigns();
      state.selected = null;
      clearInterval(state.poll);
      $('detail').hidden = true;
      if (state.campaigns[0]) await select(state.campaigns[0].id);
      else openEditor(null);
      return;
    }
    await refresh();
    await loadCampaigns();
    renderList();
  } catch (error) {
    if (error.code === 'ILLEGAL_TRANSITION' && error.details && error.details.instead === 'duplicate') {
      $('duplicate-hint').hidden = false;
      $('detail-error').textContent = 'This campaign has already been sent and cannot be sent again. Duplicate it to send a copy.';
      $('duplicate').focus();
    } else {
      report($('detail-error'), error);
    }
    await refresh().catch(() => {});
  }
}

$('schedule').addEventListener('click', () => {
  const body = {};
  if ($('start-at').value) body.startAt = new Date($('start-at').value).toISOString();
  return act('schedule', body);
});
$('pause').addEventListener('click', () => act('pause'));
$('unschedule').addEventListener('click', () => act('unschedule'));
$('resume').addEventListener('click', () => act('resume'));
$('cancel').addEventListener('click', () => {
  state.cancelArmed = true;
  $('cancel-confirm').hidden = false;
});
$('cancel-yes').addEventListener('click', () => { state.cancelArmed = false; $('cancel-confirm').hidden = true; return act('cancel'); });
$('cancel-no').addEventListener('click', () => { state.cancelArmed = false; $('cancel-confirm').hidden = true; });
$('duplicate').addEventListener('click', () => act('duplicate', {}));
$('archive').addEventListener('click', () => act('archive'));
$('edit').addEventListener('click', () => {
  const campaign = state.campaigns.find((item) => item.id === state.selected);
  if (campaign) openEditor(campaign);
});

$('test-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  report($('test-result'));
  $('test-result').className = '';
  try {
    const sent = await api('POST', '/api/campaigns/' + state.selected + '/test-send', {
      to: $('test-to').value,
      ...(state.who ? { firstName: state.who.split(' ')[0] } : {}),
    });
    localStorage.setItem('campaignTestNumber', $('test-to').value);
    $('test-result').className = 'ok';
    $('test-result').textContent = 'Sent to ' + sent.to + ': “' + sent.body + '”';
    await refresh();
  } catch (error) {
    $('test-result').className = 'error';
    report($('test-result'), error);
  }
});

/** The channels a campaign can prefer on this deployment; hidden when SMS is the only one. */
function fillChannels(channels) {
  $('channel').replaceChildren(
    ...channels.map((channel) => {
      const option = document.createElement('option');
      option.value = channel.id;
      option.textContent = channel.name.charAt(0).toUpperCase() + channel.name.slice(1);
      return option;
    }),
  );
  $('channel-field').hidden = channels.length < 2;
  $('channel-hint').hidden = channels.length < 2;
}

function channelName(id) {
  const found = (state.settings.channels || []).find((channel) => channel.id === id);
  return found ? found.name : id;
}

async function start() {
  show(true);
  $('who').textContent = state.who;
  $('test-to').value = localStorage.getItem('campaignTestNumber') || '';
  fillTimeZones();
  state.settings = await api('GET', '/api/campaigns/settings');
  fillChannels(state.settings.channels || []);
  await loadOffers();
  await loadCampaigns();
  loadComparison().catch(() => {});
  openEditor(null);
}

drawLegend($('legend'));
if (state.token) start().catch(() => signOut());
else show(false);
`;

export const consoleScript = `'use strict';\n${consoleFormatScript}\n${consoleBuilderScript}\n${mainScript}`;
