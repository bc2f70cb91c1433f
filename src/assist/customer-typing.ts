import type { Namespace } from 'socket.io';
import { z } from 'zod';
import { partyKey } from '../domain/shared/party';
import type { PartyRef } from '../domain/shared/party';
import { panelRoom } from './assist-rooms';
import type { AssistNamespace } from './assist-types';

const typingSchema = z.strictObject({ on: z.boolean() });

/**
 * "The customer is typing…" on the consoles showing her panel. Her chat socket already knows who
 * she is; a malformed signal is dropped (typing is a hint, never worth an error).
 */
export function serveCustomerTyping(deps: { chat: Namespace; assist: AssistNamespace }): void {
  deps.chat.on('connection', (socket) => {
    socket.on('typing:set', (input: unknown) => {
      const parsed = typingSchema.safeParse(input ?? {});
      const party = (socket.data as { party?: PartyRef } | undefined)?.party;
      if (!parsed.success || !party) return;
      deps.assist
        .to(panelRoom(party))
        .emit('customer:typing', { partyKey: partyKey(party), on: parsed.data.on });
    });
  });
}
