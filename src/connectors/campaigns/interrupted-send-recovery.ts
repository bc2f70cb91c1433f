import type { Queue } from 'bullmq';
import type { InterruptedSendRecovery } from '../../domain/campaigns/ports';
import type { SmsMessage, SmsMessageModel } from '../../domain/messaging';
import type { OutboundSmsJob } from '../twilio/outbound-sms-processor';

/**
 * Looks in `sms_messages` for a marketing message an interrupted attempt stored for this number
 * (the body carries the recipient's unique link path). QueuedSmsSender stores, then enqueues: a
 * crash in between leaves a stored message no job will send, so the job is added again here; the
 * job id is the message id, and the outbound processor ignores a message already handed to Twilio.
 */
export class SmsRecordsRecovery implements InterruptedSendRecovery {
  constructor(
    private readonly messages: () => SmsMessageModel,
    private readonly outbound: () => Queue<OutboundSmsJob>,
  ) {}

  async findStored(to: string, bodyMarker: string, since: Date): Promise<string | undefined> {
    const candidates = await this.messages()
      .find(
        {
          to,
          direction: 'outbound',
          purpose: 'marketing',
          // Clocks of two processes on different hosts may differ a little.
          createdAt: { $gte: new Date(since.getTime() - 60_000) },
        },
        { _id: 1, body: 1, status: 1, twilioSid: 1 },
      )
      .lean<Array<Pick<SmsMessage, '_id' | 'body' | 'status' | 'twilioSid'>>>();
    const stored = candidates.find((message) => message.body.includes(bodyMarker));
    if (!stored) return undefined;
    if (stored.status === 'accepted' && !stored.twilioSid) {
      await this.outbound().add('send', { messageId: stored._id }, { jobId: stored._id });
    }
    return stored._id;
  }

  /**
   * Marketing messages stored but never handed to Twilio, whose SMS job a lost Redis forgot: back
   * on the queue (the job id is the message id, so a job still there is not doubled, and the
   * outbound processor passes over a message already handed over). Only after a Redis loss: it
   * reads every such message.
   */
  async requeueStranded(): Promise<number> {
    const stranded = await this.messages()
      .find(
        {
          direction: 'outbound',
          purpose: 'marketing',
          status: 'accepted',
          twilioSid: { $exists: false },
        },
        { _id: 1 },
      )
      .lean<Array<Pick<SmsMessage, '_id'>>>();
    for (let from = 0; from < stranded.length; from += 500) {
      await this.outbound().addBulk(
        stranded.slice(from, from + 500).map((message) => ({
          name: 'send',
          data: { messageId: message._id },
          opts: { jobId: message._id },
        })),
      );
    }
    return stranded.length;
  }
}
