import type { FastifyInstance } from 'fastify';
import type { CustomerService } from '../../domain/customers/customer-service';
import type { IdentityService } from '../../domain/customers/identity-service';
import type { Interaction } from '../../domain/interactions/interaction';
import type { InteractionService } from '../../domain/interactions/interaction-service';
import {
  PARTY_INTERACTION_BASE_PATH,
  fromTmfPartyInteractionCreate,
  isVisitorId,
  partyInteractionHref,
  toTmfPartyInteraction,
} from '../../domain/interactions/tmf-party-interaction';
import { AppError } from '../../domain/shared/errors';
import type { PartyRef } from '../../domain/shared/party';
import { assertAuthenticated, assertRole, hasRole } from '../../domain/shared/principal';
import type { Principal, Role } from '../../domain/shared/principal';
import { parseFields, parseListQuery } from './list-query';
import { selectFields, sendList } from './resource';
import { documented } from '../../infra/http/api-docs/route-doc';
import {
  idParamsSchema,
  fieldsQuerySchema,
  tmfListQuerySchema,
  tmfResourceSchema,
} from './route-docs';
import { z } from 'zod';
import { tmfPartyInteractionCreateSchema } from '../../domain/interactions/tmf-party-interaction';

export interface PartyInteractionRouteServices {
  interactions: InteractionService;
  customers: CustomerService;
  identities: IdentityService;
}

const interactionWriters: readonly Role[] = ['agent', 'system'];
const interactionReaders: readonly Role[] = ['agent', 'supervisor', 'system'];

const interactionTags = ['TMF683 Party Interaction'];
const interactionSchema = tmfResourceSchema('PartyInteraction');
const interactionListQuery = z.object({
  ...(tmfListQuerySchema({}) as z.ZodObject).shape,
  cursor: z
    .string()
    .optional()
    .meta({ description: 'The opaque cursor of the next page (the Link header)' }),
  customerId: z.string().optional(),
  visitorId: z.string().optional(),
});

/**
 * TMF683 Party Interaction v4: list (newest first; `relatedParty.id`, `channel`, `kind` filters;
 * `offset` or the faster opaque `cursor` from the previous page's `X-Next-Cursor`), get, create.
 * Staff read everything; a customer reads only her own interactions.
 */
export function registerPartyInteractionRoutes(
  app: FastifyInstance,
  services: PartyInteractionRouteServices,
): void {
  const { interactions } = services;

  app.get(
    PARTY_INTERACTION_BASE_PATH,
    documented({
      summary: "List a party's interactions (her timeline)",
      tags: interactionTags,
      security: ['bearer'],
      roles: interactionReaders,
      description: 'A customer may list only her own.',
      query: interactionListQuery,
      responses: {
        200: { description: 'A page, newest first', schema: z.array(interactionSchema) },
      },
    }),
    async (request, reply) => {
      const principal = request.principal;
      assertAuthenticated(principal);
      const { cursor, ...rest } = request.query as Record<string, unknown>;
      if (rest.sort !== undefined) {
        throw new AppError(
          'VALIDATION_FAILED',
          'Party interactions are always listed newest first',
        );
      }
      if (cursor !== undefined && typeof cursor !== 'string') {
        throw new AppError('VALIDATION_FAILED', 'cursor must be given once');
      }
      const query = parseListQuery(
        rest,
        { 'relatedParty.id': 'string', channel: 'string', kind: 'string' },
        { limit: 50 },
      );
      const partyIds = inValues(query.filter['relatedParty.id']);
      if (partyIds && partyIds.length !== 1) {
        throw new AppError('VALIDATION_FAILED', 'relatedParty.id takes one party at a time');
      }
      const party = readableParty(principal, partyIds?.[0]);
      const page = await interactions.search({
        ...(party ? { party } : {}),
        ...(query.filter.channel ? { channel: inValues(query.filter.channel) ?? [] } : {}),
        ...(query.filter.kind ? { kind: inValues(query.filter.kind) ?? [] } : {}),
        ...(cursor ? { before: cursor } : {}),
        offset: query.offset,
        limit: query.limit,
      });
      if (page.nextCursor) {
        const next = new URLSearchParams({ ...stringQuery(rest), cursor: page.nextCursor });
        next.delete('offset');
        reply
          .header('X-Next-Cursor', page.nextCursor)
          .header('Link', `<${PARTY_INTERACTION_BASE_PATH}?${next.toString()}>; rel="next"`);
      }
      const items = page.items.map((item) =>
        selectFields(toTmfPartyInteraction(item), query.fields),
      );
      return sendList(reply, items, page.total);
    },
  );

  app.get<{ Params: { id: string } }>(
    `${PARTY_INTERACTION_BASE_PATH}/:id`,
    documented({
      summary: 'Get an interaction',
      tags: interactionTags,
      security: ['bearer'],
      params: idParamsSchema,
      query: fieldsQuerySchema,
      responses: {
        200: { description: 'The interaction', schema: interactionSchema },
        404: 'No such interaction',
      },
    }),
    async (request) => {
      const principal = request.principal;
      assertAuthenticated(principal);
      const interaction = await interactions.get(request.params.id);
      assertMayRead(principal, interaction);
      return selectFields(toTmfPartyInteraction(interaction), parseFields(request.query));
    },
  );

  app.post(
    PARTY_INTERACTION_BASE_PATH,
    documented({
      summary: 'Record an interaction',
      tags: interactionTags,
      security: ['bearer'],
      roles: interactionWriters,
      body: tmfPartyInteractionCreateSchema,
      responses: { 201: { description: 'Recorded', schema: interactionSchema } },
    }),
    async (request, reply) => {
      assertRole(request.principal, interactionWriters);
      const entry = fromTmfPartyInteractionCreate(request.body);
      await assertPartyExists(services, entry.party);
      const { interaction, created } = await interactions.recordOnce(entry);
      // A repeated externalId answers with the entry already recorded, not a second one.
      return reply
        .status(created ? 201 : 200)
        .header('Location', partyInteractionHref(interaction.id))
        .send(toTmfPartyInteraction(interaction));
    },
  );
}

function isStaff(principal: Principal): boolean {
  return hasRole(principal, interactionReaders);
}

/** The party a caller may list: staff any (or all), a customer only herself. */
function readableParty(principal: Principal, requested: string | undefined): PartyRef | undefined {
  if (isStaff(principal)) return requested ? partyOf(requested) : undefined;
  if (principal.kind === 'customer' && principal.customerId) {
    if (requested !== undefined && requested !== principal.customerId) {
      throw new AppError('FORBIDDEN', 'You can only reach your own data');
    }
    return { customerId: principal.customerId };
  }
  throw new AppError('FORBIDDEN', `This needs one of the roles: ${interactionReaders.join(', ')}`);
}

function assertMayRead(principal: Principal, interaction: Interaction): void {
  if (isStaff(principal)) return;
  if (principal.kind === 'customer' && principal.customerId === interaction.party.customerId)
    return;
  throw new AppError('FORBIDDEN', 'You can only reach your own data');
}

function partyOf(id: string): PartyRef {
  return isVisitorId(id) ? { visitorId: id } : { customerId: id };
}

async function assertPartyExists(
  services: PartyInteractionRouteServices,
  party: PartyRef,
): Promise<void> {
  try {
    if (party.customerId) await services.customers.get(party.customerId);
    else if (party.visitorId) await services.identities.getVisitor(party.visitorId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'NOT_FOUND') {
      throw new AppError('UNPROCESSABLE', 'relatedParty names no known customer or visitor', {
        party,
      });
    }
    throw error;
  }
}

function inValues(condition: unknown): string[] | undefined {
  if (!condition || typeof condition !== 'object') return undefined;
  const values = (condition as { $in?: unknown }).$in;
  if (!Array.isArray(values)) {
    throw new AppError('VALIDATION_FAILED', 'Only equality filters apply to party interactions');
  }
  return values.map(String);
}

function stringQuery(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([, value]) => typeof value === 'string')
      .map(([key, value]) => [key, value as string]),
  );
}
