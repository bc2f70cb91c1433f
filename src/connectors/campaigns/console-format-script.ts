/**
 * The console's words, numbers, dates and money (en-GB), and its progress chart: an inline SVG
 * drawn from the running totals the stats answer, no library. Plain ES2020, served as part of
 * `/campaigns/console.js`; every value is written with textContent or SVG attributes, never HTML.
 */
export const consoleFormatScript = String.raw`
const statusLabels = {
  draft: 'Draft',
  scheduled: 'Scheduled',
  running: 'Sending',
  paused: 'Paused',
  completed: 'Finished',
  cancelled: 'Cancelled',
};
const dateTime = new Intl.DateTimeFormat('en-GB', {
  weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
});
const shortDate = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric' });
const clockTime = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const wholeNumber = new Intl.NumberFormat('en-GB');
const percent = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });

function formatDateTime(value) { return value ? dateTime.format(new Date(value)) : ''; }
function formatDate(value) { return value ? shortDate.format(new Date(value)) : ''; }
function formatCount(value) { return wholeNumber.format(value || 0); }
function formatRate(value) { return value === null || value === undefined ? '–' : percent.format(value); }
function formatMoney(minor, currency) {
  return new Intl.NumberFormat('en-GB', { style: 'currency', currency: currency || 'GBP' }).format((minor || 0) / 100);
}
function formatRevenue(revenue) {
  if (!revenue) return formatMoney(0, 'GBP');
  const parts = [];
  if (revenue.oneTime || !revenue.recurring) parts.push(formatMoney(revenue.oneTime, revenue.currency) + ' one-off');
  if (revenue.recurring) parts.push(formatMoney(revenue.recurring, revenue.currency) + ' a month');
  return parts.join(' + ');
}
function formatDuration(seconds) {
  if (seconds < 60) return 'under a minute';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return 'about ' + minutes + ' minute' + (minutes === 1 ? '' : 's');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return 'about ' + hours + ' hour' + (hours === 1 ? '' : 's') + (rest ? ' ' + rest + ' min' : '');
}
function plural(count, one, many) { return formatCount(count) + ' ' + (count === 1 ? one : many); }

const SVG = 'http://www.w3.org/2000/svg';
function svg(name, attributes, text) {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes || {})) element.setAttribute(key, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

const chartSeries = [
  ['sent', 'Sent', '#2f5fd0'],
  ['delivered', 'Delivered', '#1b8a4a'],
  ['failed', 'Failed', '#c23b3b'],
  ['clicked', 'Clicked', '#c77d00'],
  ['converted', 'Converted', '#7a3fb0'],
];

/** Running totals over time (the stats' series), one line per outcome. */
function drawChart(target, series) {
  target.replaceChildren();
  const width = 560;
  const height = 220;
  const left = 44, right = 10, top = 10, bottom = 28;
  target.setAttribute('viewBox', '0 0 ' + width + ' ' + height);
  target.setAttribute('role', 'img');
  if (!series || series.length === 0) {
    target.setAttribute('aria-label', 'No messages sent yet');
    target.append(svg('text', { x: width / 2, y: height / 2, 'text-anchor': 'middle', fill: '#667' }, 'The chart starts with the first message sent'));
    target.dataset.points = '0';
    return;
  }
  const start = new Date(series[0].at).getTime();
  const points = [{ at: start - 1000, values: Object.fromEntries(chartSeries.map(([key]) => [key, 0])) }]
    .concat(series.map((point) => ({ at: new Date(point.at).getTime(), values: point })));
  const totals = points[points.length - 1].values;
  const first = points[0].at;
  const last = Math.max(points[points.length - 1].at, first + 1000);
  const most = Math.max(1, ...chartSeries.map(([key]) => totals[key]));
  const x = (at) => left + ((at - first) / (last - first)) * (width - left - right);
  const y = (value) => top + (1 - value / most) * (height - top - bottom);
  const axis = '#b8bfca';
  target.append(svg('line', { x1: left, y1: y(0), x2: width - right, y2: y(0), stroke: axis }));
  target.append(svg('line', { x1: left, y1: top, x2: left, y2: y(0), stroke: axis }));
  for (const value of [0, Math.round(most / 2), most]) {
    target.append(svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#555' }, formatCount(value)));
    if (value) target.append(svg('line', { x1: left, y1: y(value), x2: width - right, y2: y(value), stroke: '#eceff3' }));
  }
  target.append(svg('text', { x: left, y: height - 8, 'font-size': 11, fill: '#555' }, clockTime.format(new Date(first))));
  target.append(svg('text', { x: width - right, y: height - 8, 'text-anchor': 'end', 'font-size': 11, fill: '#555' }, clockTime.format(new Date(last))));
  for (const [key, label, colour] of chartSeries) {
    const path = points.map((point, index) => (index ? 'L' : 'M') + x(point.at).toFixed(1) + ' ' + y(point.values[key]).toFixed(1)).join(' ');
    const line = svg('path', { d: path, fill: 'none', stroke: colour, 'stroke-width': 2, 'data-series': key });
    line.append(svg('title', {}, label + ': ' + formatCount(totals[key])));
    target.append(line);
  }
  target.dataset.points = String(points.length);
  target.dataset.sent = String(totals.sent);
  target.setAttribute('aria-label', chartSeries.map(([key, label]) => label + ' ' + formatCount(totals[key])).join(', '));
}

function drawLegend(target) {
  target.replaceChildren();
  for (const [, label, colour] of chartSeries) {
    const item = document.createElement('span');
    item.className = 'legend-item';
    const swatch = document.createElement('i');
    swatch.style.background = colour;
    item.append(swatch, document.createTextNode(label));
    target.append(item);
  }
}
`;
