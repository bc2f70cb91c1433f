import { startPortal } from './portal-harness';
import type { Portal } from './portal-harness';

interface ErrorBody {
  '@type': string;
  code: string;
  status: string;
  message: string;
  details?: { reason?: string; attemptsLeft?: number; retryAfterSeconds?: number };
}

/**
 * The one way to a customer token through `POST /api/auth/customer/verify`: a correct, unexpired,
 * unused code, within the attempt budget. Every other proof (a wrong, expired, reused or missing
 * code, or an earlier sign-in of the same visitor) is refused with a TMF630 body in her words, and
 * no token or cookie. Each test signs in a customer of its own, so no limit of one spills over.
 */
describe('customer sign-in: what proves a code', () => {
  let portal: Portal;
  let nextNumber = 300;

  beforeAll(async () => {
    portal = await startPortal();
  });
  afterAll(async () => portal?.stop());

  /** A new customer with a mobile (and a range of numbers) of her own; answers it in E.164. */
  const newCustomer = async (given: string): Promise<string> => {
    const mobile = `+447700${nextNumber++}123`;
    await portal.features.customers.services.customers.create({
      name: { given, family: 'Tester' },
      language: 'en-GB',
      timezone: 'Europe/London',
      region: 'GB',
      mobile,
    });
    return mobile;
  };

  const post = (path: string, body: unknown) =>
    fetch(`${portal.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  const requestCode = async (phone: string): Promise<{ visitorId: string; code: string }> => {
    const sentBefore = new Set(
      (await portal.messagesTo(phone)).map((body) => /\b(\d{6})\b/.exec(body)?.[1] ?? ''),
    );
    const response = await post('/api/auth/customer/code', { phone });
    expect(response.status).toBe(202);
    const { visitorId } = (await response.json()) as { visitorId: string };
    return { visitorId, code: await portal.codeSentTo(phone, sentBefore) };
  };

  const verify = (body: Record<string, unknown>) => post('/api/auth/customer/verify', body);

  const otherThan = (code: string) => (code === '000000' ? '000001' : '000000');

  /** A refusal: the status, the TMF630 body, and neither a token nor a session cookie. */
  const refusal = async (response: Response, status: number): Promise<ErrorBody> => {
    expect(response.status).toBe(status);
    expect(response.headers.get('set-cookie')).toBeNull();
    const body = (await response.json()) as ErrorBody & { token?: unknown };
    expect(body.token).toBeUndefined();
    expect(body['@type']).toBe('Error');
    expect(body.status).toBe(String(status));
    // Her words: no reason codes, ids or numbers of ours in the sentence she reads.
    expect(body.message).not.toMatch(/vis_|\+44|wrong-code|no-code|[_{}]/);
    return body;
  };

  it('gives no token for a made-up code with the visitor of her earlier sign-in (issue 11)', async () => {
    const phone = await newCustomer('Nadia');
    const { visitorId, code } = await requestCode(phone);
    const signedIn = await verify({ phone, code, visitorId });
    expect(signedIn.status).toBe(200);

    // The exploit: her number, any code, her visitor id, three times, in both number formats.
    for (const [attemptPhone, attemptCode] of [
      [phone, otherThan(code)],
      [phone, '123456'],
      [`0${phone.slice(3, 7)} ${phone.slice(7)}`, otherThan(code)], // 07700 300123,
    ] as const) {
      const body = await refusal(
        await verify({ phone: attemptPhone, code: attemptCode, visitorId }),
        422,
      );
      expect(body.details?.reason).toBe('used');
      expect(body.message).toBe(
        'That code has already been used. Ask for a new code to sign in again.',
      );
    }
  });

  it('refuses a wrong code, saying how many tries are left', async () => {
    const phone = await newCustomer('Olive');
    const { visitorId, code } = await requestCode(phone);
    const body = await refusal(await verify({ phone, code: otherThan(code), visitorId }), 422);
    expect(body.details).toEqual({ reason: 'wrong-code', attemptsLeft: 4 });
    expect(body.message).toBe('That code is not right. You can try 4 more times.');
    // The right code still works after one slip.
    expect((await verify({ phone, code, visitorId })).status).toBe(200);
  });

  it('refuses the right code once it has expired', async () => {
    const phone = await newCustomer('Priya');
    const { visitorId, code } = await requestCode(phone);
    // Ten minutes on: the stored expiry is in the past, as the clock would make it.
    await portal.features.customers.services.models.Visitor.updateOne(
      { _id: visitorId },
      { $set: { 'smsChallenge.expiresAt': new Date(Date.now() - 1000) } },
    );
    const body = await refusal(await verify({ phone, code, visitorId }), 422);
    expect(body.details?.reason).toBe('expired');
    expect(body.message).toBe('That code has expired. Ask for a new one.');
  });

  it('refuses the right code a second time', async () => {
    const phone = await newCustomer('Quinn');
    const { visitorId, code } = await requestCode(phone);
    expect((await verify({ phone, code, visitorId })).status).toBe(200);
    const body = await refusal(await verify({ phone, code, visitorId }), 422);
    expect(body.details?.reason).toBe('used');
  });

  it('refuses a code when none was requested, for a real or a made-up visitor', async () => {
    const phone = await newCustomer('Rosa');
    const other = await newCustomer('Sian');
    // A code for Sian's number does not open Rosa's account with the same visitor.
    const { visitorId, code } = await requestCode(other);
    const forOther = await refusal(await verify({ phone, code, visitorId }), 422);
    expect(forOther.details?.reason).toBe('no-code');
    expect(forOther.message).toBe(
      'We have not sent a code for this number yet. Ask for a code first.',
    );
    const madeUp = await refusal(
      await verify({ phone, code: '123456', visitorId: 'vis_madeup123456' }),
      422,
    );
    expect(madeUp.details?.reason).toBe('no-code');
    // No code at all in the body is bad input.
    await refusal(await verify({ phone, visitorId }), 400);
    // Sian's code is still hers.
    expect((await verify({ phone: other, code, visitorId })).status).toBe(200);
  });

  it('refuses even the right code after five wrong ones, with 429 and Retry-After', async () => {
    const phone = await newCustomer('Tara');
    const { visitorId, code } = await requestCode(phone);
    const left: number[] = [];
    for (let attempt = 0; attempt < 5; attempt++) {
      const body = await refusal(await verify({ phone, code: otherThan(code), visitorId }), 422);
      left.push(body.details?.attemptsLeft ?? -1);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    const limited = await verify({ phone, code, visitorId });
    const body = await refusal(limited, 429);
    expect(body.details?.reason).toBe('too-many-attempts');
    expect(body.message).toBe('That code was tried too many times. Ask for a new code.');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('signs in once when the right code is sent several times at once', async () => {
    const phone = await newCustomer('Uma');
    const { visitorId, code } = await requestCode(phone);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => verify({ phone, code, visitorId })),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 422, 422, 422]);
    const refused = await Promise.all(
      answers.filter((answer) => answer.status === 422).map((answer) => refusal(answer, 422)),
    );
    expect(refused.map((body) => body.details?.reason)).toEqual(['used', 'used', 'used']);
  });
});
