import { VisitorTokens } from '../../../../src/connectors/webchat/visitor-tokens';

const secret = 'development-jwt-secret-with-32-characters!';

describe('visitor tokens', () => {
  const tokens = new VisitorTokens(VisitorTokens.deriveKey(secret), 3600);
  const claims = { visitorId: 'vis_0123456789abcdefghjk', handle: 'web-Zx81Q2' };

  it('round-trips the visitor and her handle', async () => {
    expect(await tokens.verify(await tokens.issue(claims))).toEqual(claims);
  });

  it('refuses an expired token, a tampered one, and one signed with another key', async () => {
    const issuedAt = new Date('2025-06-01T09:00:00Z');
    const token = await tokens.issue(claims, issuedAt);
    const [header, payload, signature] = token.split('.');
    const otherPayload = Buffer.from(
      JSON.stringify({
        ...JSON.parse(Buffer.from(payload!, 'base64url').toString()),
        sub: 'vis_x',
      }),
    ).toString('base64url');
    const foreign = await new VisitorTokens('another-key-of-at-least-32-characters').issue(claims);

    expect(await tokens.verify(token, new Date('2025-06-01T09:59:00Z'))).toEqual(claims);
    expect(await tokens.verify(token, new Date('2025-06-01T10:00:01Z'))).toBeUndefined();
    expect(await tokens.verify(`${header}.${otherPayload}.${signature}`, issuedAt)).toBeUndefined();
    expect(await tokens.verify(foreign)).toBeUndefined();
    expect(await tokens.verify('not-a-token')).toBeUndefined();
  });

  it('derives a key of its own from the shared secret', () => {
    expect(VisitorTokens.deriveKey(secret)).not.toBe(secret);
    expect(VisitorTokens.deriveKey(secret)).toBe(VisitorTokens.deriveKey(secret));
    expect(VisitorTokens.deriveKey(`${secret}x`)).not.toBe(VisitorTokens.deriveKey(secret));
  });
});
