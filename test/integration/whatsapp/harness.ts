import { eventually } from '../bot/bot-harness';
import type { AppNode as FullNode } from '../bot/bot-harness';

/** Any test node: the bot's, the assist harness's, a campaign node. */
type AppNode = Pick<FullNode, 'url' | 'runtime'>;

export interface WhatsappOutboxEntry {
  sid: string;
  to: string;
  from: string;
  body: string;
  status: string;
  error_code: number | null;
  content_sid?: string;
}

export interface ContentTypes {
  'twilio/quick-reply'?: { body: string; actions: Array<{ title: string; id: string }> };
  'twilio/list-picker'?: {
    body: string;
    button: string;
    items: Array<{ item: string; id: string; description?: string }>;
  };
  'twilio/text'?: { body: string };
}

/** She writes on WhatsApp (or taps a button) through the stand-in, which signs the webhook. */
export async function whatsappFrom(
  node: AppNode,
  from: string,
  body: string,
  button?: { payload: string; text?: string },
): Promise<string> {
  const response = await fetch(`${node.url}/dev/twilio/whatsapp/inbound`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      from,
      body,
      ...(button ? { buttonPayload: button.payload, buttonText: button.text ?? body } : {}),
    }),
  });
  if (response.status !== 201) {
    throw new Error(`inject failed: ${response.status} ${await response.text()}`);
  }
  const { messageSid, webhookStatus } = (await response.json()) as {
    messageSid: string;
    webhookStatus: number;
  };
  if (webhookStatus !== 200) throw new Error(`webhook answered ${webhookStatus}`);
  return messageSid;
}

/** What the stand-in's outbox holds for her WhatsApp, oldest first. */
export async function whatsappOutboxTo(
  node: AppNode,
  number: string,
): Promise<WhatsappOutboxEntry[]> {
  const response = await fetch(`${node.url}/dev/twilio/messages`);
  const { messages } = (await response.json()) as { messages: WhatsappOutboxEntry[] };
  return messages.filter((message) => message.to === `whatsapp:${number}`);
}

/** Writes on WhatsApp and waits for the bot's answer (the next message to her WhatsApp). */
export async function chatOnWhatsapp(
  node: AppNode,
  from: string,
  body: string,
  button?: { payload: string; text?: string },
): Promise<WhatsappOutboxEntry> {
  const before = (await whatsappOutboxTo(node, from)).length;
  await whatsappFrom(node, from, body, button);
  const after = await eventually(
    () => whatsappOutboxTo(node, from),
    (messages) => messages.length > before,
  );
  return after[before]!;
}

/** A rich message's buttons or list, from the stand-in's Content API. */
export async function contentOf(node: AppNode, sid: string): Promise<ContentTypes> {
  const { TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN } = node.runtime.config;
  const response = await fetch(`${node.url}/dev/twilio/content/v1/Content/${sid}`, {
    headers: {
      authorization: `Basic ${Buffer.from(`${TWILIO_ACCOUNT_SID}:${TWILIO_AUTH_TOKEN}`).toString('base64')}`,
    },
  });
  if (response.status !== 200) throw new Error(`content ${sid}: ${response.status}`);
  return ((await response.json()) as { types: ContentTypes }).types;
}

/**
 * Moves her last WhatsApp message back in time, on both sides of the wire: the service's record
 * (its window bookkeeping) and the stand-in's (which fails free-form sends with 63016).
 */
export async function closeWindow(node: AppNode, number: string, hoursAgo = 25): Promise<void> {
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  await node.runtime.mongo.connection
    .collection('whatsapp_messages')
    .updateMany({ number, direction: 'inbound' }, { $set: { createdAt: at } });
  const response = await fetch(`${node.url}/dev/twilio/whatsapp/window`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ number, hoursAgo }),
  });
  if (response.status !== 204) throw new Error(`window: ${response.status}`);
}
