import type { ChannelOutlet, SmsSender } from '../../domain/messaging';

/** SMS as a channel outlet: the message goes on the outbound queue as a plain text. */
export function smsOutlet(sender: SmsSender): ChannelOutlet {
  return {
    channel: 'sms',
    send: (message) =>
      sender.send({
        to: message.to,
        body: message.body,
        purpose: message.purpose,
        ...(message.idempotencyKey ? { idempotencyKey: message.idempotencyKey } : {}),
        ...(message.slot ? { slot: message.slot } : {}),
      }),
  };
}
