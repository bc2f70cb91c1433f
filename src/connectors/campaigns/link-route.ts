import type { FastifyInstance } from 'fastify';
import type { LinkClicks } from '../../domain/campaigns/link-clicks';
import { isAppError } from '../../domain/shared/errors';
import { z } from 'zod';
import { documented } from '../../infra/http/api-docs/route-doc';

const expiredPage = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>Link not found</title></head>
<body style="font-family:system-ui,sans-serif;max-width:30rem;margin:3rem auto;padding:0 1rem">
<h1>This link is not valid any more</h1><p>The offer may have ended. Reply HELP to our SMS, or visit
the self-care portal to see today's offers.</p></body></html>`;

/**
 * `GET /l/:code`: the personal link in a campaign SMS. The click lands on the customer's timeline,
 * then the browser goes to the offer landing page with a signed campaign link token (`?c=`), which
 * identifies her for web chat and self-care and carries the campaign into her cart.
 */
export function registerLinkRoute(app: FastifyInstance, deps: { clicks: LinkClicks }): void {
  app.get<{ Params: { code: string } }>(
    '/l/:code',
    documented({
      summary: 'A campaign SMS short link: on to the offer, signed for the recipient',
      tags: ['Campaigns'],
      params: z.object({ code: z.string() }),
      responses: {
        302: 'On to the offer page',
        410: { description: 'The link has expired (an HTML page)', contentType: 'text/html' },
      },
    }),
    async (request, reply) => {
      try {
        const userAgent = request.headers['user-agent'];
        const click = await deps.clicks.click(request.params.code, userAgent ? { userAgent } : {});
        const target = `/offers/${encodeURIComponent(click.offeringId)}?c=${encodeURIComponent(click.token)}`;
        request.log.info({ campaignId: click.campaignId }, 'campaign link opened');
        // Personal: never cached by a proxy, never leaked as a referrer beyond our own pages.
        return reply
          .header('cache-control', 'private, no-store')
          .header('referrer-policy', 'same-origin')
          .redirect(target, 302);
      } catch (error) {
        if (isAppError(error) && error.code === 'NOT_FOUND') {
          return reply.status(404).type('text/html; charset=utf-8').send(expiredPage);
        }
        throw error;
      }
    },
  );
}
