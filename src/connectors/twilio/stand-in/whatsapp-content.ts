import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { twilioError } from './twilio-error';
import type { TwilioErrorResponse } from './twilio-error';

/** A Content API resource as the stand-in holds it. */
export interface ContentResource {
  sid: string;
  friendlyName: string;
  language: string;
  types: Record<string, Record<string, unknown>>;
  /** Approved by WhatsApp as a template: the only content that may open a closed window. */
  approved: boolean;
  dateCreated: Date;
}

const action = z.object({ title: z.string().min(1).max(20), id: z.string().min(1).max(200) });
const listItem = z.object({
  item: z.string().min(1).max(24),
  id: z.string().min(1).max(200),
  description: z.string().max(72).optional(),
});

/** The content types the service creates, with WhatsApp's limits as the Content API checks them. */
const contentTypes = z
  .object({
    'twilio/text': z.object({ body: z.string().min(1).max(1600) }).optional(),
    'twilio/quick-reply': z
      .object({ body: z.string().min(1).max(1024), actions: z.array(action).min(1).max(3) })
      .optional(),
    'twilio/list-picker': z
      .object({
        body: z.string().min(1).max(1024),
        button: z.string().min(1).max(20),
        items: z.array(listItem).min(1).max(10),
      })
      .optional(),
  })
  .refine((types) => Object.values(types).some(Boolean), 'at least one content type');

export const createContentBody = z.object({
  friendly_name: z.string().min(1).max(64),
  language: z.string().min(2).max(10),
  variables: z.record(z.string(), z.string()).optional(),
  types: contentTypes,
});

export function newContentSid(): string {
  return `HX${randomBytes(16).toString('hex')}`;
}

export function parseContent(body: unknown): ContentResource | TwilioErrorResponse {
  const parsed = createContentBody.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return twilioError(400, 20001, `Invalid content: ${issue?.path.join('.')} ${issue?.message}`);
  }
  return {
    sid: newContentSid(),
    friendlyName: parsed.data.friendly_name,
    language: parsed.data.language,
    types: parsed.data.types as ContentResource['types'],
    approved: false,
    dateCreated: new Date(),
  };
}

/** What she sees of a content message: its body with the variables filled in. */
export function contentText(
  content: ContentResource,
  variables: Record<string, string> | undefined,
): string {
  // What she sees first is the rich form; `twilio/text` is only for phones that cannot draw it.
  const shown =
    content.types['twilio/quick-reply'] ??
    content.types['twilio/list-picker'] ??
    content.types['twilio/text'] ??
    {};
  const body = typeof shown.body === 'string' ? shown.body : '';
  return body.replace(/\{\{(\d+)\}\}/g, (_match, index: string) => variables?.[index] ?? '');
}

/** The Content API's resource representation, field for field. */
export function toContentResource(content: ContentResource, accountSid: string) {
  const url = `https://content.twilio.com/v1/Content/${content.sid}`;
  return {
    sid: content.sid,
    account_sid: accountSid,
    friendly_name: content.friendlyName,
    language: content.language,
    variables: {},
    types: content.types,
    date_created: content.dateCreated.toISOString(),
    date_updated: content.dateCreated.toISOString(),
    url,
    links: {
      approval_create: `${url}/ApprovalRequests/whatsapp`,
      approval_fetch: `${url}/ApprovalRequests`,
    },
  };
}
