import { z } from 'zod';
import { tmfRefExtras } from '../shared/tmf-ref';
import type { Interaction, InteractionRef, NewInteraction } from './interaction';
import { interactionDirections, interactionKinds } from './interaction';
import { interactionChannelSchema } from './interaction-input';
import { interactionRefTypes } from './models';

export const PARTY_INTERACTION_BASE_PATH = '/tmf-api/partyInteraction/v4/partyInteraction';
const CUSTOMER_BASE_PATH = '/tmf-api/customerManagement/v4/customer';

/** TMF683 v4 PartyInteraction, with the timeline's `kind`, `conversationId` and `details` as extensions. */
export interface TmfPartyInteraction extends Record<string, unknown> {
  id: string;
  href: string;
  '@type': 'PartyInteraction';
  description: string;
  direction: Interaction['direction'];
  status: 'completed';
  interactionDate: { startDateTime: string };
  channel: Array<{
    role: 'interactionChannel';
    channel: { id: string; name: string; '@referredType': 'Channel' };
  }>;
  relatedParty: Array<{
    id: string;
    href?: string;
    role: 'customer' | 'visitor';
    '@referredType': 'Customer' | 'Visitor';
  }>;
  interactionItem: Array<{ id: string; item: { id: string; '@referredType': string } }>;
  kind: Interaction['kind'];
  conversationId?: string;
  details?: Record<string, unknown>;
  externalId?: string;
}

/** The TMF resource each kind of reference points to. */
const referredTypes: Record<InteractionRef['type'], string> = {
  cart: 'ShoppingCart',
  quote: 'Quote',
  order: 'ProductOrder',
  offering: 'ProductOffering',
  campaign: 'Campaign',
  message: 'CommunicationMessage',
  handover: 'Handover',
  call: 'Call',
  customer: 'Customer',
};

export function partyInteractionHref(id: string): string {
  return `${PARTY_INTERACTION_BASE_PATH}/${encodeURIComponent(id)}`;
}

export function toTmfPartyInteraction(interaction: Interaction): TmfPartyInteraction {
  const party = interaction.party.customerId
    ? {
        id: interaction.party.customerId,
        href: `${CUSTOMER_BASE_PATH}/${encodeURIComponent(interaction.party.customerId)}`,
        role: 'customer' as const,
        '@referredType': 'Customer' as const,
      }
    : {
        id: interaction.party.visitorId as string,
        role: 'visitor' as const,
        '@referredType': 'Visitor' as const,
      };
  return {
    id: interaction.id,
    href: partyInteractionHref(interaction.id),
    '@type': 'PartyInteraction',
    description: interaction.summary,
    direction: interaction.direction,
    status: 'completed',
    interactionDate: { startDateTime: interaction.occurredAt.toISOString() },
    channel: [
      {
        role: 'interactionChannel',
        channel: { id: interaction.channel, name: interaction.channel, '@referredType': 'Channel' },
      },
    ],
    relatedParty: [party],
    interactionItem: interaction.ref
      ? [
          {
            id: '1',
            item: { id: interaction.ref.id, '@referredType': referredTypes[interaction.ref.type] },
          },
        ]
      : [],
    kind: interaction.kind,
    ...(interaction.conversationId ? { conversationId: interaction.conversationId } : {}),
    ...(interaction.details ? { details: interaction.details } : {}),
    ...(interaction.dedupeKey ? { externalId: interaction.dedupeKey } : {}),
  };
}

const refTypeByReferredType = Object.fromEntries(
  Object.entries(referredTypes).map(([type, referred]) => [referred, type]),
) as Record<string, InteractionRef['type']>;

export const tmfPartyInteractionCreateSchema = z.strictObject({
  description: z.string().trim().min(1).max(500),
  direction: z.enum(interactionDirections),
  kind: z.enum(interactionKinds).default('note'),
  status: z.literal('completed').optional(),
  interactionDate: z
    .strictObject({ startDateTime: z.coerce.date(), endDateTime: z.coerce.date().optional() })
    .optional(),
  channel: z
    .array(
      z.strictObject({
        role: z.string().optional(),
        channel: z.strictObject({
          ...tmfRefExtras,
          id: interactionChannelSchema.optional(),
          name: interactionChannelSchema,
          '@referredType': z.literal('Channel').optional(),
        }),
      }),
    )
    .length(1),
  relatedParty: z
    .array(
      z.strictObject({
        ...tmfRefExtras,
        id: z.string().min(1),
        role: z.enum(['customer', 'visitor']).optional(),
        '@referredType': z.enum(['Customer', 'Visitor', 'Individual']).optional(),
      }),
    )
    .length(1),
  interactionItem: z
    .array(
      z.strictObject({
        id: z.string().optional(),
        item: z.strictObject({
          ...tmfRefExtras,
          id: z.string().min(1),
          '@referredType': z.enum(Object.values(referredTypes) as [string, ...string[]]),
        }),
      }),
    )
    .max(1)
    .optional(),
  conversationId: z.string().min(1).max(200).optional(),
  details: z.record(z.string(), z.unknown()).optional(),
  /** The caller's own id for the interaction: posting it twice records one entry. */
  externalId: z.string().min(1).max(300).optional(),
  '@type': z.literal('PartyInteraction').optional(),
  '@baseType': z.string().optional(),
  '@schemaLocation': z.string().optional(),
});

/** A visitor is named by a `vis_` id or the `visitor` role; anyone else is a customer. */
export function fromTmfPartyInteractionCreate(body: unknown): NewInteraction {
  const tmf = tmfPartyInteractionCreateSchema.parse(body);
  const [related] = tmf.relatedParty;
  const [channel] = tmf.channel;
  const [item] = tmf.interactionItem ?? [];
  const party = related as NonNullable<typeof related>;
  const isVisitor =
    party.role === 'visitor' || party['@referredType'] === 'Visitor' || isVisitorId(party.id);
  return {
    party: isVisitor ? { visitorId: party.id } : { customerId: party.id },
    kind: tmf.kind,
    channel: (channel as NonNullable<typeof channel>).channel.name,
    direction: tmf.direction,
    summary: tmf.description,
    ...(tmf.conversationId ? { conversationId: tmf.conversationId } : {}),
    ...(item
      ? {
          ref: {
            type: refTypeByReferredType[item.item['@referredType']] ?? interactionRefTypes[0],
            id: item.item.id,
          },
        }
      : {}),
    ...(tmf.details ? { details: tmf.details } : {}),
    ...(tmf.externalId ? { dedupeKey: tmf.externalId } : {}),
    ...(tmf.interactionDate ? { occurredAt: tmf.interactionDate.startDateTime } : {}),
  };
}

/** Visitor ids are minted by the identity service with this prefix. */
export function isVisitorId(id: string): boolean {
  return id.startsWith('vis_');
}
