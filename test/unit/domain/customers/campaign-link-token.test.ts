import { SignJWT } from 'jose';
import { CampaignLinkTokens } from '../../../../src/domain/customers/campaign-link-token';

const secret = 'campaign-link-secret-for-unit-tests';

describe('campaign link tokens', () => {
  const tokens = new CampaignLinkTokens(secret, 3600);
  const issued = new Date('2025-06-01T09:00:00Z');

  it('round-trip the customer and campaign', async () => {
    const token = await tokens.create(
      { customerId: 'cust-stacy-moreno', campaignId: 'cmp-summer-2025' },
      issued,
    );
    await expect(tokens.verify(token, new Date('2025-06-01T09:30:00Z'))).resolves.toEqual({
      customerId: 'cust-stacy-moreno',
      campaignId: 'cmp-summer-2025',
    });
  });

  it('refuse an expired token', async () => {
    const token = await tokens.create({ customerId: 'cust-1', campaignId: 'cmp-1' }, issued);
    await expect(tokens.verify(token, new Date('2025-06-01T10:00:01Z'))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
  });

  it('refuse a token signed with another key, even with the right claims', async () => {
    const forged = await new SignJWT({ cmp: 'cmp-summer-2025' })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('omnichannel-sales-assist/campaign-link')
      .setSubject('cust-stacy-moreno')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('an-attacker-chose-this-secret'));
    await expect(tokens.verify(forged)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuse a tampered token', async () => {
    const token = await tokens.create({ customerId: 'cust-1', campaignId: 'cmp-1' });
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(
      JSON.stringify({
        sub: 'cust-2',
        cmp: 'cmp-1',
        iss: 'omnichannel-sales-assist/campaign-link',
      }),
    ).toString('base64url');
    await expect(tokens.verify(`${header}.${payload}.${signature}`)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(tokens.verify('not-a-token')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuse a short secret at construction', () => {
    expect(() => new CampaignLinkTokens('short')).toThrow(/16 characters/);
  });
});
