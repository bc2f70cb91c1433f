import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Campaign } from '../../domain/campaigns/campaign';
import { campaignStatuses } from '../../domain/campaigns/campaign';
import { builderFromAudience } from '../../domain/campaigns/audience-builder';
import { defaultQuietHours } from '../../domain/campaigns/campaign';
import { MAX_TEST_SENDS } from '../../domain/campaigns/campaign-service';
import type { CampaignService } from '../../domain/campaigns/campaign-service';
import { assertRole } from '../../domain/shared/principal';
import type { Role } from '../../domain/shared/principal';
import {
  audiencePreviewSchema,
  createCampaignSchema,
  duplicateCampaignSchema,
  messageCheckSchema,
  progressQuerySchema,
  scheduleCampaignSchema,
  testSendSchema,
  updateCampaignSchema,
} from '../../domain/campaigns/campaign-input';
import { documented } from '../../infra/http/api-docs/route-doc';
import type { RouteDoc } from '../../infra/http/api-docs/route-doc';

export const CAMPAIGNS_BASE_PATH = '/api/campaigns';
const managers: readonly Role[] = ['campaign-manager'];

const listQuerySchema = z.object({
  status: z.enum(campaignStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  archived: z.enum(['true', 'false']).optional(),
});

type WithId = { Params: { id: string } };

const idParams = z.object({ id: z.string().min(1).max(128) });
const campaignSchema = z
  .looseObject({
    id: z.string(),
    href: z.string(),
    name: z.string(),
    status: z.enum(campaignStatuses),
  })
  .meta({ id: 'Campaign' });
const anyResult = z.looseObject({});

/** Every campaign route is for campaign managers; the schemas are the ones CampaignService parses. */
const doc = (summary: string, more: Omit<RouteDoc, 'summary' | 'tags' | 'security' | 'roles'>) =>
  documented({ summary, tags: ['Campaigns'], security: ['bearer'], roles: managers, ...more });
const withCampaign = (description: string) => ({
  200: { description, schema: campaignSchema },
  404: 'No such campaign',
  409: "Not allowed in the campaign's status",
});

/** JSON shape of a campaign; dates as ISO strings; the audience also in the builder's form, when it has one. */
export function campaignRepresentation(campaign: Campaign) {
  const audienceBuilder = builderFromAudience(campaign.audience);
  return {
    ...campaign,
    href: `${CAMPAIGNS_BASE_PATH}/${campaign.id}`,
    ...(audienceBuilder ? { audienceBuilder } : {}),
  };
}

/**
 * `/api/campaigns` for campaign managers: create, edit a draft, duplicate, list, get, check a
 * message, preview an audience, test-send, schedule, pause, resume, cancel, archive, and live
 * statistics.
 */
export function registerCampaignRoutes(
  app: FastifyInstance,
  deps: {
    campaigns: CampaignService;
    senderRatePerSecond?: number;
    /** The channels a campaign can prefer here: promotion channels that have an outlet. */
    channels?: () => Array<{ id: string; name: string }>;
  },
): void {
  const { campaigns } = deps;

  app.get(
    `${CAMPAIGNS_BASE_PATH}/settings`,
    doc(
      'What the console needs to know: the sender limit, test sends allowed, default quiet hours',
      {
        responses: { 200: { description: 'Settings', schema: anyResult } },
      },
    ),
    async (request) => {
      assertRole(request.principal, managers);
      return {
        ...(deps.senderRatePerSecond ? { senderRatePerSecond: deps.senderRatePerSecond } : {}),
        maxTestSends: MAX_TEST_SENDS,
        defaultQuietHours,
        channels: deps.channels?.() ?? [{ id: 'sms', name: 'text message' }],
      };
    },
  );

  app.get(
    `${CAMPAIGNS_BASE_PATH}/comparison`,
    doc('Campaigns that have run, side by side (reach, outcomes, rates, revenue)', {
      responses: { 200: { description: 'One row per campaign', schema: z.array(anyResult) } },
    }),
    async (request, reply) => {
      assertRole(request.principal, managers);
      return reply.header('cache-control', 'no-store').send(await campaigns.compare());
    },
  );

  app.post(
    CAMPAIGNS_BASE_PATH,
    doc('Create a draft campaign', {
      body: createCampaignSchema,
      responses: { 201: { description: 'Created', schema: campaignSchema } },
    }),
    async (request, reply) => {
      assertRole(request.principal, managers);
      const created = await campaigns.create(
        (request.body ?? {}) as never,
        `${request.principal.kind}:${request.principal.id}`,
      );
      return reply
        .status(201)
        .header('location', `${CAMPAIGNS_BASE_PATH}/${created.id}`)
        .send(campaignRepresentation(created));
    },
  );

  app.get(
    CAMPAIGNS_BASE_PATH,
    doc('List campaigns', {
      query: listQuerySchema,
      responses: { 200: { description: 'Campaigns', schema: z.array(campaignSchema) } },
    }),
    async (request) => {
      assertRole(request.principal, managers);
      const query = listQuerySchema.parse(request.query ?? {});
      const list = await campaigns.list({
        ...(query.status ? { status: query.status } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
        archived: query.archived === 'true',
      });
      return list.map(campaignRepresentation);
    },
  );

  app.get(
    `${CAMPAIGNS_BASE_PATH}/promotions`,
    doc('Promotions a campaign may send', {
      responses: { 200: { description: 'Promotions', schema: z.array(anyResult) } },
    }),
    async (request) => {
      assertRole(request.principal, managers);
      return campaigns.promotions();
    },
  );

  app.post(
    `${CAMPAIGNS_BASE_PATH}/message-check`,
    doc('Check a message template (length, segments, wording)', {
      body: messageCheckSchema,
      responses: { 200: { description: 'The check', schema: anyResult } },
    }),
    async (request) => {
      assertRole(request.principal, managers);
      return campaigns.checkMessage(request.body ?? {});
    },
  );

  app.post(
    `${CAMPAIGNS_BASE_PATH}/audience-preview`,
    doc('Count and sample an audience (masked)', {
      body: audiencePreviewSchema,
      responses: { 200: { description: 'The preview', schema: anyResult } },
    }),
    async (request) => {
      assertRole(request.principal, managers);
      return campaigns.previewAudience(request.body ?? {});
    },
  );

  app.get<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id`,
    doc('Get a campaign', { params: idParams, responses: withCampaign('The campaign') }),
    async (request) => {
      assertRole(request.principal, managers);
      return campaignRepresentation(await campaigns.get(request.params.id));
    },
  );

  app.get<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id/audience-preview`,
    doc("Preview a campaign's audience", {
      params: idParams,
      responses: { 200: { description: 'The preview', schema: anyResult } },
    }),
    async (request) => {
      assertRole(request.principal, managers);
      const campaign = await campaigns.get(request.params.id);
      return campaigns.previewAudience({ audience: campaign.audience });
    },
  );

  app.get<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id/stats`,
    doc('Live statistics of a campaign', {
      params: idParams,
      responses: { 200: { description: 'Counts by outcome', schema: anyResult } },
    }),
    async (request, reply) => {
      assertRole(request.principal, managers);
      const stats = await campaigns.stats(request.params.id);
      return reply.header('cache-control', 'no-store').send(stats);
    },
  );

  app.get<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id/progress`,
    doc('Sends, deliveries, failures, clicks and conversions per time bucket', {
      params: idParams,
      query: progressQuerySchema,
      responses: { 200: { description: 'Counts per bucket', schema: anyResult } },
    }),
    async (request, reply) => {
      assertRole(request.principal, managers);
      const progress = await campaigns.progress(request.params.id, request.query ?? {});
      return reply.header('cache-control', 'no-store').send(progress);
    },
  );

  app.post<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id/schedule`,
    doc('Schedule a campaign', {
      params: idParams,
      body: scheduleCampaignSchema,
      responses: withCampaign('Scheduled'),
    }),
    async (request) => {
      assertRole(request.principal, managers);
      return campaignRepresentation(
        await campaigns.schedule(request.params.id, (request.body ?? {}) as never),
      );
    },
  );

  app.patch<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id`,
    doc('Edit a draft campaign', {
      params: idParams,
      body: updateCampaignSchema,
      responses: withCampaign('Changed'),
    }),
    async (request) => {
      assertRole(request.principal, managers);
      return campaignRepresentation(
        await campaigns.update(request.params.id, (request.body ?? {}) as never),
      );
    },
  );

  app.post<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id/duplicate`,
    doc('Copy a campaign as a new draft', {
      params: idParams,
      body: duplicateCampaignSchema,
      responses: { 201: { description: 'The copy', schema: campaignSchema } },
    }),
    async (request, reply) => {
      assertRole(request.principal, managers);
      const copy = await campaigns.duplicate(
        request.params.id,
        request.body ?? {},
        `${request.principal.kind}:${request.principal.id}`,
      );
      return reply
        .status(201)
        .header('location', `${CAMPAIGNS_BASE_PATH}/${copy.id}`)
        .send(campaignRepresentation(copy));
    },
  );

  app.post<WithId>(
    `${CAMPAIGNS_BASE_PATH}/:id/test-send`,
    doc('Send the message to test numbers', {
      params: idParams,
      body: testSendSchema,
      responses: { 200: { description: 'What was sent', schema: anyResult } },
    }),
    async (request) => {
      assertRole(request.principal, managers);
      return campaigns.testSend(request.params.id, request.body ?? {});
    },
  );

  const actions = {
    pause: (id: string) => campaigns.pause(id),
    resume: (id: string) => campaigns.resume(id),
    cancel: (id: string) => campaigns.cancel(id),
    unschedule: (id: string) => campaigns.unschedule(id),
    archive: (id: string) => campaigns.archive(id),
  } as const;
  for (const [action, run] of Object.entries(actions)) {
    app.post<WithId>(
      `${CAMPAIGNS_BASE_PATH}/:id/${action}`,
      doc(`${action[0]?.toUpperCase()}${action.slice(1)} a campaign`, {
        params: idParams,
        noBody: true,
        responses: withCampaign('The campaign'),
      }),
      async (request) => {
        assertRole(request.principal, managers);
        return campaignRepresentation(await run(request.params.id));
      },
    );
  }
}
