import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Campaign } from '../../domain/campaigns/campaign';
import { campaignStatuses } from '../../domain/campaigns/campaign';
import type { CampaignService } from '../../domain/campaigns/campaign-service';
import { assertRole } from '../../domain/shared/principal';
import type { Role } from '../../domain/shared/principal';

export const CAMPAIGNS_BASE_PATH = '/api/campaigns';
const managers: readonly Role[] = ['campaign-manager'];

const listQuerySchema = z.object({
  status: z.enum(campaignStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  archived: z.enum(['true', 'false']).optional(),
});

type WithId = { Params: { id: string } };

/** JSON shape of a campaign; dates as ISO strings. */
export function campaignRepresentation(campaign: Campaign) {
  return { ...campaign, href: `${CAMPAIGNS_BASE_PATH}/${campaign.id}` };
}

/**
 * `/api/campaigns` for campaign managers: create, edit a draft, duplicate, list, get, check a
 * message, preview an audience, test-send, schedule, pause, resume, cancel, archive, and live
 * statistics.
 */
export function registerCampaignRoutes(
  app: FastifyInstance,
  deps: { campaigns: CampaignService },
): void {
  const { campaigns } = deps;

  app.post(CAMPAIGNS_BASE_PATH, async (request, reply) => {
    assertRole(request.principal, managers);
    const created = await campaigns.create(
      (request.body ?? {}) as never,
      `${request.principal.kind}:${request.principal.id}`,
    );
    return reply
      .status(201)
      .header('location', `${CAMPAIGNS_BASE_PATH}/${created.id}`)
      .send(campaignRepresentation(created));
  });

  app.get(CAMPAIGNS_BASE_PATH, async (request) => {
    assertRole(request.principal, managers);
    const query = listQuerySchema.parse(request.query ?? {});
    const list = await campaigns.list({
      ...(query.status ? { status: query.status } : {}),
      ...(query.limit ? { limit: query.limit } : {}),
      archived: query.archived === 'true',
    });
    return list.map(campaignRepresentation);
  });

  app.get(`${CAMPAIGNS_BASE_PATH}/promotions`, async (request) => {
    assertRole(request.principal, managers);
    return campaigns.promotions();
  });

  app.post(`${CAMPAIGNS_BASE_PATH}/message-check`, async (request) => {
    assertRole(request.principal, managers);
    return campaigns.checkMessage(request.body ?? {});
  });

  app.post(`${CAMPAIGNS_BASE_PATH}/audience-preview`, async (request) => {
    assertRole(request.principal, managers);
    return campaigns.previewAudience(request.body ?? {});
  });

  app.get<WithId>(`${CAMPAIGNS_BASE_PATH}/:id`, async (request) => {
    assertRole(request.principal, managers);
    return campaignRepresentation(await campaigns.get(request.params.id));
  });

  app.get<WithId>(`${CAMPAIGNS_BASE_PATH}/:id/audience-preview`, async (request) => {
    assertRole(request.principal, managers);
    const campaign = await campaigns.get(request.params.id);
    return campaigns.previewAudience({ audience: campaign.audience });
  });

  app.get<WithId>(`${CAMPAIGNS_BASE_PATH}/:id/stats`, async (request, reply) => {
    assertRole(request.principal, managers);
    const stats = await campaigns.stats(request.params.id);
    return reply.header('cache-control', 'no-store').send(stats);
  });

  app.post<WithId>(`${CAMPAIGNS_BASE_PATH}/:id/schedule`, async (request) => {
    assertRole(request.principal, managers);
    return campaignRepresentation(
      await campaigns.schedule(request.params.id, (request.body ?? {}) as never),
    );
  });

  app.patch<WithId>(`${CAMPAIGNS_BASE_PATH}/:id`, async (request) => {
    assertRole(request.principal, managers);
    return campaignRepresentation(
      await campaigns.update(request.params.id, (request.body ?? {}) as never),
    );
  });

  app.post<WithId>(`${CAMPAIGNS_BASE_PATH}/:id/duplicate`, async (request, reply) => {
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
  });

  app.post<WithId>(`${CAMPAIGNS_BASE_PATH}/:id/test-send`, async (request) => {
    assertRole(request.principal, managers);
    return campaigns.testSend(request.params.id, request.body ?? {});
  });

  const actions = {
    pause: (id: string) => campaigns.pause(id),
    resume: (id: string) => campaigns.resume(id),
    cancel: (id: string) => campaigns.cancel(id),
    archive: (id: string) => campaigns.archive(id),
  } as const;
  for (const [action, run] of Object.entries(actions)) {
    app.post<WithId>(`${CAMPAIGNS_BASE_PATH}/:id/${action}`, async (request) => {
      assertRole(request.principal, managers);
      return campaignRepresentation(await run(request.params.id));
    });
  }
}
