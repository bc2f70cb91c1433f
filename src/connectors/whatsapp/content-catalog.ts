import { createHash } from 'node:crypto';
import { z } from 'zod';
import { TwilioApiError } from '../twilio/twilio-api-error';
import { CONTENT_SID_PATTERN } from './content-sid';
import type { InteractiveContent } from './render-whatsapp';
import type { WhatsappContentModel } from './whatsapp-message-model';

export interface ContentApiOptions {
  /** `https://content.twilio.com`, or the stand-in's address. */
  baseUrl: () => string;
  accountSid: string;
  authToken: string;
  timeoutMs?: number;
}

const created = z.object({ sid: z.string().regex(CONTENT_SID_PATTERN) });

/** The Content API's definition of one rich message: its buttons or list, and a plain fallback. */
export function contentDefinition(content: InteractiveContent): Record<string, unknown> {
  const types =
    content.kind === 'quick-reply'
      ? {
          'twilio/quick-reply': {
            body: content.body,
            actions: content.buttons.map((button) => ({ title: button.title, id: button.id })),
          },
        }
      : {
          'twilio/list-picker': {
            body: content.body,
            button: content.button,
            items: content.items.map((item) => ({
              item: item.item,
              id: item.id,
              ...(item.description ? { description: item.description } : {}),
            })),
          },
        };
  return { language: 'en', types: { ...types, 'twilio/text': { body: content.fallback } } };
}

/**
 * Rich WhatsApp messages are Content API resources sent by their `HX` sid. The same buttons are
 * created once: by the hash of their definition, in memory and in MongoDB (shared by every node).
 */
export class ContentCatalog {
  private readonly known = new Map<string, string>();
  private readonly authorization: string;

  constructor(
    private readonly model: WhatsappContentModel,
    private readonly options: ContentApiOptions,
  ) {
    const credentials = `${options.accountSid}:${options.authToken}`;
    this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  }

  async sidFor(content: InteractiveContent): Promise<string> {
    const definition = contentDefinition(content);
    const hash = createHash('sha256').update(JSON.stringify(definition)).digest('hex');
    const cached = this.known.get(hash);
    if (cached) return cached;
    const stored = await this.model.findById(hash).lean<{ sid: string }>();
    if (stored) {
      this.known.set(hash, stored.sid);
      return stored.sid;
    }
    const sid = await this.create({ friendly_name: `bot_${hash.slice(0, 16)}`, ...definition });
    // Two nodes creating the same content at once each get a sid; either works, one is kept.
    await this.model.updateOne({ _id: hash }, { $setOnInsert: { sid } }, { upsert: true });
    this.known.set(hash, sid);
    return sid;
  }

  private async create(definition: Record<string, unknown>): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${this.options.baseUrl()}/v1/Content`, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          'content-type': 'application/json',
          accept: 'application/json',
          connection: 'close',
        },
        body: JSON.stringify(definition),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
      });
    } catch (error) {
      throw new TwilioApiError('The Content API could not be reached', undefined, undefined, {
        cause: error,
      });
    }
    const payload: unknown = await response.json().catch(() => undefined);
    const parsed = created.safeParse(payload);
    if (!response.ok || !parsed.success) {
      const code = (payload as { code?: unknown } | undefined)?.code;
      throw new TwilioApiError(
        `The Content API refused the content (HTTP ${response.status})`,
        response.status,
        typeof code === 'number' ? code : undefined,
      );
    }
    return parsed.data.sid;
  }
}
