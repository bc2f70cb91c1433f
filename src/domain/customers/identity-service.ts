import { z } from 'zod';
import type { TimelineRecorder } from '../interactions/interaction';
import type { Channel } from '../shared/channel';
import { channelSchema, isPhoneIdentified } from '../shared/channel';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import type { PartyRef } from '../shared/party';
import type { CampaignLinkClaims, CampaignLinkTokens } from './campaign-link-token';
import type { Customer, IdentityChannel } from './customer';
import { identityChannels } from './customer';
import type { CustomerService } from './customer-service';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import type { SmsCodeSender, VisitorMergeParticipant } from './identity-ports';
import type { CustomerModels, VisitorDocument } from './models';
import { normalisePhone, tryNormalisePhone } from '../shared/phone';
import { generateSmsCode, hashSmsCode, smsCodeMatches } from './sms-code';

export interface IdentityServiceOptions {
  /** Keys the stored hashes of one-time codes. */
  smsCodeSecret: string;
  smsCodeSender: SmsCodeSender;
  campaignLinks: CampaignLinkTokens;
  /** Where a link is recorded as an `identity-link` entry. */
  timeline?: TimelineRecorder;
  clock?: Clock;
  smsCodeTtlSeconds?: number;
  smsCodeMaxAttempts?: number;
  /** A new code for the same visitor is refused for this long (SMS costs money, and pumping is fraud). */
  smsCodeResendSeconds?: number;
}

export type LinkProof = 'sms-code' | 'campaign-link';

export interface LinkResult {
  visitorId: string;
  customerId: string;
  /** True when the visitor had already been linked to this customer: nothing was merged again. */
  alreadyLinked: boolean;
  campaignId?: string;
}

const codeSchema = z
  .string()
  .trim()
  .regex(/^\d{6}$/, 'must be the 6 digits of the code');

/**
 * Who is on the line: a known customer by her channel handle, or an anonymous visitor who can later
 * prove who she is (a code sent to her mobile, or her personal campaign link) and be linked.
 */
export class IdentityService {
  private readonly participants: VisitorMergeParticipant[] = [];
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly maxAttempts: number;
  private readonly resendMs: number;

  constructor(
    private readonly models: CustomerModels,
    private readonly customers: CustomerService,
    private readonly events: DomainEventPublisher,
    private readonly options: IdentityServiceOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.ttlMs = (options.smsCodeTtlSeconds ?? 600) * 1000;
    this.maxAttempts = options.smsCodeMaxAttempts ?? 5;
    this.resendMs = (options.smsCodeResendSeconds ?? 30) * 1000;
  }

  /** Registers a holder of visitor data (the timeline, the cart) to be merged on every link. */
  registerMergeParticipant(participant: VisitorMergeParticipant): void {
    this.participants.push(participant);
  }

  /** The customer a handle belongs to, or the visitor it has been (created on first sight). */
  async resolve(channel: Channel, handle: string): Promise<PartyRef> {
    const identityChannel = toIdentityChannel(channelSchema.parse(channel));
    const normalised = normaliseVisitorHandle(identityChannel, handle);
    const customer = await this.customers
      .findByIdentity(identityChannel, normalised)
      .catch((error: unknown) => {
        // An SMS from an alphanumeric sender is no one's identity, but still someone to talk to.
        if (error instanceof AppError && error.code === 'VALIDATION_FAILED') return undefined;
        throw error;
      });
    if (customer) return { customerId: customer.id };
    const visitor = await this.visitorFor(identityChannel, normalised);
    return visitor.linkedCustomerId
      ? { customerId: visitor.linkedCustomerId }
      : { visitorId: visitor._id };
  }

  async getVisitor(visitorId: string): Promise<VisitorDocument> {
    const visitor = await this.models.Visitor.findById(visitorId).lean<VisitorDocument>();
    if (!visitor) throw new AppError('NOT_FOUND', `No visitor ${visitorId}`, { visitorId });
    return visitor;
  }

  /**
   * Sends a one-time code to `phone` for the visitor to type back. Whether the number belongs to a
   * customer is not revealed: for an unknown number nothing is sent and verification simply fails.
   */
  async requestSmsCode(visitorId: string, phone: string): Promise<{ expiresAt: Date }> {
    const e164 = normalisePhone(phone);
    const visitor = await this.getVisitor(visitorId);
    if (visitor.linkedCustomerId) {
      throw new AppError('CONFLICT', 'This visitor is already linked to a customer', { visitorId });
    }
    const now = this.clock.now();
    const previous = visitor.smsChallenge;
    if (previous && now.getTime() - previous.sentAt.getTime() < this.resendMs) {
      throw new AppError('RATE_LIMITED', 'A code was sent moments ago; wait before asking again', {
        retryAfterSeconds: Math.ceil(
          (previous.sentAt.getTime() + this.resendMs - now.getTime()) / 1000,
        ),
      });
    }
    const code = generateSmsCode();
    const expiresAt = new Date(now.getTime() + this.ttlMs);
    await this.models.Visitor.updateOne(
      { _id: visitorId },
      {
        $set: {
          smsChallenge: {
            phone: e164,
            codeHash: hashSmsCode(this.options.smsCodeSecret, visitorId, e164, code),
            sentAt: now,
            expiresAt,
            attempts: 0,
          },
        },
      },
    );
    if (await this.customerWithMobile(e164)) await this.options.smsCodeSender.sendCode(e164, code);
    return { expiresAt };
  }

  /**
   * Checks the code; on success links the visitor to the customer whose mobile received it. The
   * only way to a customer here is a correct, unexpired, unused code within the attempt budget:
   * an earlier link of the same visitor proves nothing about who is asking now.
   */
  async verifySmsCode(visitorId: string, phone: string, code: string): Promise<LinkResult> {
    const e164 = normalisePhone(phone);
    const presented = codeSchema.parse(code);
    const now = this.clock.now();
    // Counting the attempt before comparing, atomically, so parallel guesses share one budget.
    const visitor = await this.models.Visitor.findOneAndUpdate(
      {
        _id: visitorId,
        'smsChallenge.phone': e164,
        'smsChallenge.expiresAt': { $gt: now },
        'smsChallenge.attempts': { $lt: this.maxAttempts },
        'smsChallenge.usedAt': { $exists: false },
      },
      { $inc: { 'smsChallenge.attempts': 1 } },
      { returnDocument: 'after' },
    ).lean<VisitorDocument>();
    const challenge = visitor?.smsChallenge;
    if (!challenge) throw await this.whyUnverifiable(visitorId, e164, now);

    const matches = smsCodeMatches(
      this.options.smsCodeSecret,
      challenge.codeHash,
      visitorId,
      e164,
      presented,
    );
    // An unknown number was never sent a code, so no guess is right for it either.
    const customer = matches ? await this.customerWithMobile(e164) : undefined;
    if (!customer) throw wrongCode(this.maxAttempts - challenge.attempts);

    // Taking the code, atomically: of two correct verifications at once, only one signs in.
    const consumed = await this.models.Visitor.updateOne(
      {
        _id: visitorId,
        'smsChallenge.codeHash': challenge.codeHash,
        'smsChallenge.usedAt': { $exists: false },
      },
      { $set: { 'smsChallenge.usedAt': now } },
    );
    if (consumed.modifiedCount !== 1) throw codeAlreadyUsed();
    return this.link(visitorId, customer.id, 'sms-code');
  }

  /** A signed token for a campaign SMS link, proving later that the link's opener is this customer. */
  createCampaignLinkToken(claims: CampaignLinkClaims): Promise<string> {
    return this.options.campaignLinks.create(claims, this.clock.now());
  }

  /**
   * Who a campaign link was sent to and for which campaign, without linking anyone: opening a link
   * is no proof of being its recipient (SMS get forwarded, phones get shared), so it may price the
   * offer for the campaign but never reveal her data until she signs in.
   */
  async verifyCampaignToken(token: string): Promise<CampaignLinkClaims> {
    return this.options.campaignLinks.verify(token, this.clock.now());
  }

  async linkWithCampaignToken(visitorId: string, token: string): Promise<LinkResult> {
    const claims = await this.options.campaignLinks.verify(token, this.clock.now());
    await this.customers.get(claims.customerId);
    const result = await this.link(visitorId, claims.customerId, 'campaign-link');
    return { ...result, campaignId: claims.campaignId };
  }

  /**
   * Merges the visitor into the customer exactly once. The claim (linkedCustomerId) is taken
   * atomically first; `mergedAt` is set only after every participant finished, so a link that
   * crashed halfway is completed by the next attempt rather than lost or done twice.
   */
  private async link(visitorId: string, customerId: string, proof: LinkProof): Promise<LinkResult> {
    const now = this.clock.now();
    const claimed = await this.models.Visitor.findOneAndUpdate(
      { _id: visitorId, linkedCustomerId: { $exists: false } },
      { $set: { linkedCustomerId: customerId, linkedAt: now, linkProof: proof } },
      { returnDocument: 'after' },
    ).lean<VisitorDocument>();
    const visitor = claimed ?? (await this.getVisitor(visitorId));
    if (visitor.linkedCustomerId !== customerId) {
      throw new AppError('CONFLICT', 'This visitor is already linked to another customer', {
        visitorId,
      });
    }
    if (visitor.mergedAt) return { visitorId, customerId, alreadyLinked: true };

    await this.customers
      .addIdentity(customerId, visitor.channel, visitor.handle)
      .catch((error: unknown) => {
        // Someone else's handle stays theirs, and a sender id that is no phone number is no
        // identity; the link itself still stands.
        const tolerated = ['CONFLICT', 'VALIDATION_FAILED'];
        if (!(error instanceof AppError && tolerated.includes(error.code))) throw error;
      });
    for (const participant of this.participants) {
      await participant.mergeVisitor(visitorId, customerId);
    }
    const finished = await this.models.Visitor.findOneAndUpdate(
      { _id: visitorId, mergedAt: { $exists: false } },
      { $set: { mergedAt: this.clock.now() } },
    ).lean<VisitorDocument>();
    if (!finished) return { visitorId, customerId, alreadyLinked: true };

    await this.options.timeline?.record({
      party: { customerId },
      kind: 'identity-link',
      channel: visitor.channel,
      direction: 'internal',
      summary:
        proof === 'sms-code'
          ? 'Identified by a code sent to her mobile'
          : 'Identified by her personal campaign link',
      ref: { type: 'customer', id: customerId },
      details: { visitorId, proof },
      dedupeKey: `identity-link:${visitorId}`,
    });
    await this.events.publish('visitor.linked', { visitorId, customerId, proof });
    return { visitorId, customerId, alreadyLinked: false };
  }

  private async visitorFor(channel: IdentityChannel, handle: string): Promise<VisitorDocument> {
    const now = this.clock.now();
    for (let attempt = 0; attempt < 2; attempt++) {
      const seen = await this.models.Visitor.findOneAndUpdate(
        { channel, handle },
        { $set: { lastSeenAt: now } },
        { returnDocument: 'after' },
      ).lean<VisitorDocument>();
      if (seen) return seen;
      const visitor: VisitorDocument = {
        _id: newId('vis'),
        channel,
        handle,
        firstSeenAt: now,
        lastSeenAt: now,
      };
      try {
        await this.models.Visitor.create(visitor);
        return visitor;
      } catch (error) {
        // Two first messages at once: the unique (channel, handle) index let one in; read it.
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    throw new AppError('CONFLICT', 'The visitor could not be recorded; retry', { channel });
  }

  private async customerWithMobile(e164: string): Promise<Customer | undefined> {
    return this.customers.findByIdentity('sms', e164);
  }

  /** Why a code could not even be checked, in words the customer can act on. */
  private async whyUnverifiable(visitorId: string, phone: string, now: Date): Promise<AppError> {
    const visitor = await this.models.Visitor.findById(visitorId).lean<VisitorDocument>();
    const challenge = visitor?.smsChallenge;
    if (!challenge || challenge.phone !== phone) {
      return new AppError(
        'UNPROCESSABLE',
        'We have not sent a code for this number yet. Ask for a code first.',
        { reason: 'no-code' },
      );
    }
    if (challenge.usedAt) return codeAlreadyUsed();
    if (challenge.attempts >= this.maxAttempts) {
      const nextCodeAt = challenge.sentAt.getTime() + this.resendMs;
      return new AppError(
        'RATE_LIMITED',
        'That code was tried too many times. Ask for a new code.',
        {
          reason: 'too-many-attempts',
          retryAfterSeconds: Math.max(1, Math.ceil((nextCodeAt - now.getTime()) / 1000)),
        },
      );
    }
    if (challenge.expiresAt.getTime() <= now.getTime()) {
      return new AppError('UNPROCESSABLE', 'That code has expired. Ask for a new one.', {
        reason: 'expired',
      });
    }
    return new AppError(
      'CONFLICT',
      'A new code was sent while this one was being checked. Use the newest code.',
      { reason: 'changed' },
    );
  }
}

function wrongCode(attemptsLeft: number): AppError {
  const left = Math.max(0, attemptsLeft);
  const message =
    left === 0
      ? 'That code is not right, and it cannot be tried again. Ask for a new code.'
      : `That code is not right. You can try ${left} more ${left === 1 ? 'time' : 'times'}.`;
  return new AppError('UNPROCESSABLE', message, { reason: 'wrong-code', attemptsLeft: left });
}

function codeAlreadyUsed(): AppError {
  return new AppError(
    'UNPROCESSABLE',
    'That code has already been used. Ask for a new code to sign in again.',
    { reason: 'used' },
  );
}

function toIdentityChannel(channel: Channel): IdentityChannel {
  if ((identityChannels as readonly string[]).includes(channel)) return channel as IdentityChannel;
  throw new AppError(
    'VALIDATION_FAILED',
    `Nobody is identified by a handle on the ${channel} channel`,
  );
}

/** Phone handles in E.164 when they parse; anything else (short codes, names) as sent. */
function normaliseVisitorHandle(channel: IdentityChannel, handle: string): string {
  const trimmed = handle.trim();
  if (trimmed === '') throw new AppError('VALIDATION_FAILED', 'A handle cannot be empty');
  if (isPhoneIdentified(channel)) return tryNormalisePhone(trimmed) ?? trimmed;
  return trimmed;
}
