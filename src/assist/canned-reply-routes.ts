import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CannedReply } from '../domain/canned-replies/canned-reply';
import {
  cannedReplyInputSchema,
  cannedReplyPatchSchema,
} from '../domain/canned-replies/canned-reply';
import { documented } from '../infra/http/api-docs/route-doc';
import type { CannedReplyService } from '../domain/canned-replies/canned-reply-service';
import { assertRole } from '../domain/shared/principal';
import type { Role } from '../domain/shared/principal';

export const CANNED_REPLIES_PATH = '/api/assist/canned-replies';
const readers: readonly Role[] = ['agent', 'supervisor'];
const keepers: readonly Role[] = ['supervisor'];
const idSchema = z.object({ id: z.string().min(1).max(100) });

const doc = (summary: string, roles: readonly Role[]) => ({
  summary,
  tags: ['Agent desk'],
  security: ['bearer' as const],
  roles,
});

function representation(reply: CannedReply) {
  return {
    id: reply.id,
    shortcut: reply.shortcut,
    title: reply.title,
    text: reply.text,
    updatedBy: reply.updatedBy,
    updatedAt: reply.updatedAt.toISOString(),
    href: `${CANNED_REPLIES_PATH}/${reply.id}`,
  };
}

/** Saved replies: every agent lists them; only supervisors create, change or delete them. */
export function registerCannedReplyRoutes(
  app: FastifyInstance,
  deps: { replies: () => CannedReplyService },
): void {
  app.get(
    CANNED_REPLIES_PATH,
    documented({
      ...doc('Saved replies agents insert with "/"', readers),
      responses: { 200: 'The saved replies', 401: 'Not signed in', 403: 'Not an agent' },
    }),
    async (request) => {
      assertRole(request.principal, readers);
      return { items: (await deps.replies().list()).map(representation) };
    },
  );
  app.post(
    CANNED_REPLIES_PATH,
    documented({
      ...doc('Saves a reply for every agent', keepers),
      body: cannedReplyInputSchema,
      responses: { 201: 'Saved', 400: 'Invalid reply', 403: 'Not a supervisor' },
    }),
    async (request, reply) => {
      assertRole(request.principal, keepers);
      const created = await deps.replies().create(request.body, request.principal.id);
      return reply
        .status(201)
        .header('location', `${CANNED_REPLIES_PATH}/${created.id}`)
        .send(representation(created));
    },
  );
  app.patch(
    `${CANNED_REPLIES_PATH}/:id`,
    documented({
      ...doc('Changes a saved reply', keepers),
      params: idSchema,
      body: cannedReplyPatchSchema,
      responses: { 200: 'Changed', 404: 'No such reply', 403: 'Not a supervisor' },
    }),
    async (request) => {
      assertRole(request.principal, keepers);
      const { id } = idSchema.parse(request.params);
      return representation(await deps.replies().update(id, request.body, request.principal.id));
    },
  );
  app.delete(
    `${CANNED_REPLIES_PATH}/:id`,
    documented({
      ...doc('Deletes a saved reply', keepers),
      params: idSchema,
      responses: { 204: 'Deleted', 404: 'No such reply', 403: 'Not a supervisor' },
    }),
    async (request, reply) => {
      assertRole(request.principal, keepers);
      const { id } = idSchema.parse(request.params);
      await deps.replies().remove(id);
      return reply.status(204).send();
    },
  );
}
