import type { Customer } from '../../../../src/domain/customers/customer';
import { createCustomerSchema } from '../../../../src/domain/customers/customer-input';
import {
  fromTmfCustomerCreate,
  fromTmfCustomerPatch,
  toTmfCustomer,
} from '../../../../src/domain/customers/tmf-customer';

const stacyBody = {
  name: 'Stacy Moreno',
  '@type': 'Customer',
  engagedParty: { '@referredType': 'Individual' },
  contactMedium: [
    { mediumType: 'mobile', preferred: true, characteristic: { phoneNumber: '07700 900123' } },
    { mediumType: 'email', characteristic: { emailAddress: 'Stacy.Moreno@example.com' } },
  ],
  characteristic: [
    { name: 'language', value: 'en-gb' },
    { name: 'timezone', value: 'Europe/London' },
    { name: 'region', value: 'GB' },
  ],
  validFor: { startDateTime: '2021-03-14T10:22:00Z' },
  marketingConsent: { smsMarketing: { status: 'opted-in', source: 'self-care' } },
};

describe('TMF629 customer mapping', () => {
  it('reads a TMF629 create body into a normalised customer', () => {
    const input = createCustomerSchema.parse(fromTmfCustomerCreate(stacyBody));
    expect(input).toMatchObject({
      name: { given: 'Stacy', family: 'Moreno' },
      segment: 'consumer',
      language: 'en-GB',
      timezone: 'Europe/London',
      region: 'GB',
      mobile: '+447700900123',
      email: 'Stacy.Moreno@example.com',
      customerSince: new Date('2021-03-14T10:22:00Z'),
      smsMarketing: { status: 'opted-in', source: 'selfcare' },
    });
  });

  it('makes an Organization a business customer and keeps its name whole', () => {
    const input = fromTmfCustomerCreate({
      ...stacyBody,
      name: 'Northwind Logistics Ltd',
      engagedParty: { '@referredType': 'Organization' },
    });
    expect(input.segment).toBe('business');
    expect(input.name).toEqual({ given: 'Northwind Logistics Ltd', family: '' });
  });

  it('rejects unknown attributes and missing profile facts', () => {
    expect(() => fromTmfCustomerCreate({ ...stacyBody, creditScore: 900 })).toThrow();
    expect(() => fromTmfCustomerCreate({ ...stacyBody, characteristic: [] })).toThrow(
      /language, timezone and region/,
    );
    expect(() =>
      createCustomerSchema.parse(
        fromTmfCustomerCreate({
          ...stacyBody,
          characteristic: [
            { name: 'language', value: 'en-GB' },
            { name: 'timezone', value: 'Mars/Olympus' },
            { name: 'region', value: 'GB' },
          ],
        }),
      ),
    ).toThrow(/IANA/);
  });

  it('renders id, href, @type and the profile as TMF629', () => {
    const since = new Date('2021-03-14T10:22:00Z');
    const customer: Customer = {
      id: 'cust-stacy-moreno',
      name: { given: 'Stacy', family: 'Moreno' },
      status: 'active',
      segment: 'consumer',
      language: 'en-GB',
      timezone: 'Europe/London',
      region: 'GB',
      mobile: '+447700900123',
      customerSince: since,
      subscriptions: [],
      consent: { history: [] },
      identities: [{ channel: 'sms', handle: '+447700900123', addedAt: since }],
      createdAt: since,
      lastUpdate: since,
      version: 3,
    };
    const tmf = toTmfCustomer(customer);
    expect(tmf).toMatchObject({
      id: 'cust-stacy-moreno',
      href: '/tmf-api/customerManagement/v4/customer/cust-stacy-moreno',
      '@type': 'Customer',
      name: 'Stacy Moreno',
      status: 'active',
      validFor: { startDateTime: '2021-03-14T10:22:00.000Z' },
      engagedParty: { '@referredType': 'Individual' },
      contactMedium: [{ mediumType: 'mobile', characteristic: { phoneNumber: '+447700900123' } }],
      lastUpdate: '2021-03-14T10:22:00.000Z',
    });
    expect(tmf.characteristic).toContainEqual({
      name: 'segment',
      valueType: 'string',
      value: 'consumer',
    });

    const patch = fromTmfCustomerPatch({ contactMedium: [] }, customer);
    expect(patch).toEqual({ mobile: null, email: null });
    expect(fromTmfCustomerPatch({ name: 'Stacy Moreno-Diaz' }, customer).name).toEqual({
      given: 'Stacy',
      family: 'Moreno-Diaz',
    });
  });
});
