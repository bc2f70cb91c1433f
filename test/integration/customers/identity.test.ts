import { SignJWT } from 'jose';
import type { VisitorMergeParticipant } from '../../../src/domain/customers/identity-ports';
import { campaignLinkSecret, startCustomersHarness } from './harness';
import type { CustomersHarness } from './harness';

describe('identity resolution and linking', () => {
  let h: CustomersHarness;
  let stacyId: string;
  const merged: Array<[string, string]> = [];
  const cartMerge: VisitorMergeParticipant = {
    async mergeVisitor(visitorId, customerId) {
      merged.push([visitorId, customerId]);
    },
  };

  beforeAll(async () => {
    h = await startCustomersHarness();
    h.identities.registerMergeParticipant(cartMerge);
    const stacy = await h.customers.create({
      name: { given: 'Stacy', family: 'Moreno' },
      language: 'en-GB',
      timezone: 'Europe/London',
      region: 'GB',
      mobile: '07700 900123',
      smsMarketing: { status: 'opted-in', source: 'selfcare' },
    });
    stacyId = stacy.id;
  });

  afterAll(async () => {
    await h?.close();
  });

  describe('resolve', () => {
    it.each([
      ['sms', '+447700900123'],
      ['sms', '07700 900123'],
      ['voice', '+44 (0)7700 900-123'],
      ['voice', '0044 7700 900123'],
    ] as const)('finds Stacy on %s from %p', async (channel, handle) => {
      await expect(h.identities.resolve(channel, handle)).resolves.toEqual({ customerId: stacyId });
    });

    it('makes an unknown number a visitor, the same one every time', async () => {
      const first = await h.identities.resolve('sms', '+447700900999');
      expect(first.visitorId).toMatch(/^vis_/);
      await expect(h.identities.resolve('sms', '07700 900999')).resolves.toEqual(first);
      expect(await h.models.Visitor.countDocuments({ handle: '+447700900999' })).toBe(1);
    });

    it('keeps web-chat visitors apart by their handle', async () => {
      const a = await h.identities.resolve('webchat', 'browser-5f1c');
      const b = await h.identities.resolve('webchat', 'browser-77aa');
      expect(a.visitorId).toBeDefined();
      expect(b.visitorId).toBeDefined();
      expect(a.visitorId).not.toBe(b.visitorId);
    });

    it('creates one visitor when the first two messages arrive together', async () => {
      const results = await Promise.all(
        Array.from({ length: 5 }, () => h.identities.resolve('webchat', 'browser-race')),
      );
      expect(new Set(results.map((party) => party.visitorId)).size).toBe(1);
    });

    it('refuses the agent channel, which identifies nobody', async () => {
      await expect(h.identities.resolve('agent', 'x')).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
      });
    });
  });

  describe('linking with a code sent by SMS', () => {
    async function chattingVisitor(handle: string): Promise<string> {
      const party = await h.identities.resolve('webchat', handle);
      const visitorId = party.visitorId as string;
      await h.interactions.record({
        party: { visitorId },
        kind: 'message',
        channel: 'webchat',
        direction: 'inbound',
        summary: 'Is the Summer Data Double offer available on my plan?',
        conversationId: `chat-${handle}`,
      });
      return visitorId;
    }

    it('refuses a wrong code and says how many tries are left', async () => {
      const visitorId = await chattingVisitor('browser-wrong');
      await h.identities.requestSmsCode(visitorId, '07700 900123');
      const code = h.outbox.lastCodeFor('+447700900123');
      const wrong = code === '000000' ? '000001' : '000000';
      await expect(
        h.identities.verifySmsCode(visitorId, '+447700900123', wrong),
      ).rejects.toMatchObject({
        code: 'UNPROCESSABLE',
        details: { reason: 'wrong-code', attemptsLeft: 4 },
      });
      const visitor = await h.identities.getVisitor(visitorId);
      expect(visitor.linkedCustomerId).toBeUndefined();
      expect(visitor.smsChallenge?.codeHash).not.toContain(code);
    });

    it('refuses a code after it expired', async () => {
      const visitorId = await chattingVisitor('browser-expired');
      await h.identities.requestSmsCode(visitorId, '+447700900123');
      const code = h.outbox.lastCodeFor('+447700900123');
      h.clock.set(new Date(h.clock.now().getTime() + 10 * 60 * 1000 + 1));
      await expect(
        h.identities.verifySmsCode(visitorId, '+447700900123', code),
      ).rejects.toMatchObject({
        code: 'UNPROCESSABLE',
        details: { reason: 'expired' },
      });
      expect((await h.identities.getVisitor(visitorId)).linkedCustomerId).toBeUndefined();
    });

    it('locks the code after five wrong tries, even the right code', async () => {
      const visitorId = await chattingVisitor('browser-guesser');
      await h.identities.requestSmsCode(visitorId, '+447700900123');
      const code = h.outbox.lastCodeFor('+447700900123');
      const wrong = code === '111111' ? '222222' : '111111';
      for (let attempt = 0; attempt < 5; attempt++) {
        await expect(
          h.identities.verifySmsCode(visitorId, '+447700900123', wrong),
        ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
      }
      await expect(
        h.identities.verifySmsCode(visitorId, '+447700900123', code),
      ).rejects.toMatchObject({
        code: 'RATE_LIMITED',
        details: { reason: 'too-many-attempts' },
      });
      expect((await h.identities.getVisitor(visitorId)).linkedCustomerId).toBeUndefined();
    });

    it('refuses to send codes back to back', async () => {
      const visitorId = await chattingVisitor('browser-impatient');
      await h.identities.requestSmsCode(visitorId, '+447700900123');
      await expect(h.identities.requestSmsCode(visitorId, '+447700900123')).rejects.toMatchObject({
        code: 'RATE_LIMITED',
      });
    });

    it('sends nothing to a number that is no customer, without saying so', async () => {
      const visitorId = await chattingVisitor('browser-stranger');
      const before = h.outbox.sent.length;
      const answer = await h.identities.requestSmsCode(visitorId, '+447700900777');
      expect(answer.expiresAt).toBeInstanceOf(Date);
      expect(h.outbox.sent).toHaveLength(before);
      await expect(
        h.identities.verifySmsCode(visitorId, '+447700900777', '123456'),
      ).rejects.toMatchObject({ code: 'UNPROCESSABLE' });
    });

    it('links with the right code: her chat moves to her timeline, once', async () => {
      const visitorId = await chattingVisitor('browser-stacy');
      const linkedBefore = h.events.named('visitor.linked').length;
      await h.identities.requestSmsCode(visitorId, '07700 900123');
      const code = h.outbox.lastCodeFor('+447700900123');

      const result = await h.identities.verifySmsCode(visitorId, '+44 7700 900123', code);
      expect(result).toEqual({ visitorId, customerId: stacyId, alreadyLinked: false });

      expect(await h.models.Interaction.countDocuments({ visitorId })).toBe(0);
      const timeline = await h.interactions.timeline({ customerId: stacyId });
      expect(timeline.items.map((entry) => entry.kind)).toEqual(['identity-link', 'message']);
      expect(timeline.items[1]?.summary).toMatch(/Summer Data Double/);
      expect(merged).toContainEqual([visitorId, stacyId]);

      const stacy = await h.customers.get(stacyId);
      expect(stacy.identities).toContainEqual(
        expect.objectContaining({ channel: 'webchat', handle: 'browser-stacy' }),
      );
      await expect(h.identities.resolve('webchat', 'browser-stacy')).resolves.toEqual({
        customerId: stacyId,
      });
      expect(h.events.named('visitor.linked').slice(linkedBefore)).toEqual([
        { visitorId, customerId: stacyId, proof: 'sms-code' },
      ]);

      // The same code again (a double-tapped button, or a replay): refused as used, nothing merged twice.
      const mergesBefore = merged.length;
      await expect(
        h.identities.verifySmsCode(visitorId, '+447700900123', code),
      ).rejects.toMatchObject({ code: 'UNPROCESSABLE', details: { reason: 'used' } });
      expect(merged).toHaveLength(mergesBefore);
      expect(h.events.named('visitor.linked').slice(linkedBefore)).toHaveLength(1);
      expect((await h.interactions.timeline({ customerId: stacyId })).items).toHaveLength(2);
    });
  });

  describe('linking with a campaign link token', () => {
    it('links the visitor who opened Stacy’s personal link', async () => {
      const visitorId = (await h.identities.resolve('webchat', 'browser-from-sms-link'))
        .visitorId as string;
      const token = await h.identities.createCampaignLinkToken({
        customerId: stacyId,
        campaignId: 'cmp-summer-2025',
      });
      await expect(h.identities.linkWithCampaignToken(visitorId, token)).resolves.toEqual({
        visitorId,
        customerId: stacyId,
        alreadyLinked: false,
        campaignId: 'cmp-summer-2025',
      });
      await expect(h.identities.linkWithCampaignToken(visitorId, token)).resolves.toMatchObject({
        alreadyLinked: true,
      });
      expect((await h.identities.getVisitor(visitorId)).linkProof).toBe('campaign-link');
    });

    it('refuses a forged token and links nobody', async () => {
      const visitorId = (await h.identities.resolve('webchat', 'browser-attacker'))
        .visitorId as string;
      const forged = await new SignJWT({ cmp: 'cmp-summer-2025' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuer('omnichannel-sales-assist/campaign-link')
        .setSubject(stacyId)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(`${campaignLinkSecret}-guessed`));
      await expect(h.identities.linkWithCampaignToken(visitorId, forged)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      expect((await h.identities.getVisitor(visitorId)).linkedCustomerId).toBeUndefined();
    });

    it('refuses to move a visitor already linked to someone else', async () => {
      const other = await h.customers.create({
        name: { given: 'Liam', family: "O'Connor" },
        language: 'en-IE',
        timezone: 'Europe/Dublin',
        region: 'IE',
        mobile: '+353 85 123 4567',
      });
      const visitorId = (await h.identities.resolve('webchat', 'browser-shared-laptop'))
        .visitorId as string;
      await h.identities.linkWithCampaignToken(
        visitorId,
        await h.identities.createCampaignLinkToken({ customerId: stacyId, campaignId: 'cmp-a' }),
      );
      await expect(
        h.identities.linkWithCampaignToken(
          visitorId,
          await h.identities.createCampaignLinkToken({ customerId: other.id, campaignId: 'cmp-a' }),
        ),
      ).rejects.toMatchObject({ code: 'CONFLICT' });
    });
  });
});
