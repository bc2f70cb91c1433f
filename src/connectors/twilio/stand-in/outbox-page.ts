import { escapeHtml } from './html';
import type { InboundDelivery } from './inbound-sms-injector';

export interface OutboxPageData {
  outbox: Array<Record<string, unknown>>;
  inbound: readonly InboundDelivery[];
  ownNumber: string;
  basePath: string;
}

function row(cells: unknown[]): string {
  return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
}

/** A WhatsApp message's buttons or list items under its text, each with the id a tap sends. */
function bodyWithOptions(message: Record<string, unknown>): string {
  const options = Array.isArray(message.content_options)
    ? (message.content_options as Array<{ title: string; id: string; description?: string }>)
    : [];
  const lines = options.map(
    (option) =>
      `[${option.title}]${option.description ? ` ${option.description}` : ''}  (tap sends ${option.id})`,
  );
  return [String(message.body ?? ''), ...lines].join('\n');
}

/** The development page: what the service sent, what was "texted" to it, and a phone to text from. */
export function renderOutboxPage(data: OutboxPageData): string {
  const sent = [...data.outbox]
    .reverse()
    .map((message) =>
      row([
        message.date_created,
        message.to,
        message.from,
        message.status,
        bodyWithOptions(message),
        message.sid,
      ]),
    )
    .join('');
  const received = [...data.inbound]
    .reverse()
    .map((message) =>
      row([
        message.at.toISOString(),
        message.from,
        message.to,
        message.webhookStatus,
        message.body,
      ]),
    )
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Twilio stand-in</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; }
table { border-collapse: collapse; width: 100%; margin-bottom: 2rem; }
td, th { border: 1px solid #ccc; padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
td:nth-child(5) { white-space: pre-wrap; }
label { display: block; margin: 0.5rem 0; }
</style>
</head>
<body>
<h1>Twilio stand-in</h1>
<h2>Text the service</h2>
<form method="post" action="${escapeHtml(data.basePath)}/inbound">
<label>From <input name="from" required placeholder="+447700900123"></label>
<label>To <input name="to" value="${escapeHtml(data.ownNumber)}"></label>
<label>Message <textarea name="body" rows="3" cols="50"></textarea></label>
<button type="submit">Send SMS</button>
</form>
<h2>Write on WhatsApp</h2>
<form method="post" action="${escapeHtml(data.basePath)}/whatsapp/inbound">
<label>From <input name="from" required placeholder="+447700900123"></label>
<label>Message <textarea name="body" rows="3" cols="50" required></textarea></label>
<label>Tapped button or list item (its id, optional) <input name="buttonPayload" placeholder="offer:po-data-boost"></label>
<button type="submit">Send WhatsApp</button>
</form>
<h2>Outbox (sent by the service)</h2>
<table>
<tr><th>Created</th><th>To</th><th>From</th><th>Status</th><th>Body</th><th>Sid</th></tr>
${sent || '<tr><td colspan="6">Nothing sent yet</td></tr>'}
</table>
<h2>Written to the service (SMS and WhatsApp)</h2>
<table>
<tr><th>At</th><th>From</th><th>To</th><th>Webhook status</th><th>Body</th></tr>
${received || '<tr><td colspan="5">Nothing received yet</td></tr>'}
</table>
</body>
</html>`;
}
