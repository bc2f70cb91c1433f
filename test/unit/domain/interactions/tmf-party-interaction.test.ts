import type { Interaction } from '../../../../src/domain/interactions/interaction';
import {
  fromTmfPartyInteractionCreate,
  toTmfPartyInteraction,
} from '../../../../src/domain/interactions/tmf-party-interaction';

describe('TMF683 party interaction mapping', () => {
  const click: Interaction = {
    id: 'int_1',
    party: { customerId: 'cust-stacy-moreno' },
    kind: 'link-click',
    channel: 'webchat',
    direction: 'inbound',
    summary: 'Opened the Summer Data Double link',
    ref: { type: 'campaign', id: 'cmp-summer-2025' },
    occurredAt: new Date('2025-06-01T09:15:00Z'),
  };

  it('renders a timeline entry as a PartyInteraction', () => {
    expect(toTmfPartyInteraction(click)).toEqual({
      id: 'int_1',
      href: '/tmf-api/partyInteraction/v4/partyInteraction/int_1',
      '@type': 'PartyInteraction',
      description: 'Opened the Summer Data Double link',
      direction: 'inbound',
      status: 'completed',
      interactionDate: { startDateTime: '2025-06-01T09:15:00.000Z' },
      channel: [
        {
          role: 'interactionChannel',
          channel: { id: 'webchat', name: 'webchat', '@referredType': 'Channel' },
        },
      ],
      relatedParty: [
        {
          id: 'cust-stacy-moreno',
          href: '/tmf-api/customerManagement/v4/customer/cust-stacy-moreno',
          role: 'customer',
          '@referredType': 'Customer',
        },
      ],
      interactionItem: [{ id: '1', item: { id: 'cmp-summer-2025', '@referredType': 'Campaign' } }],
      kind: 'link-click',
    });
  });

  it('reads a create body, the externalId becoming the dedupe key', () => {
    const entry = fromTmfPartyInteractionCreate({
      description: 'Customer called about roaming',
      direction: 'inbound',
      kind: 'call',
      channel: [{ channel: { name: 'voice' } }],
      relatedParty: [{ id: 'cust-stacy-moreno', role: 'customer' }],
      interactionDate: { startDateTime: '2025-06-02T11:00:00Z' },
      interactionItem: [{ item: { id: 'ord_1', '@referredType': 'ProductOrder' } }],
      externalId: 'CA1234567890abcdef',
    });
    expect(entry).toEqual({
      party: { customerId: 'cust-stacy-moreno' },
      kind: 'call',
      channel: 'voice',
      direction: 'inbound',
      summary: 'Customer called about roaming',
      ref: { type: 'order', id: 'ord_1' },
      dedupeKey: 'CA1234567890abcdef',
      occurredAt: new Date('2025-06-02T11:00:00Z'),
    });
  });

  it('knows a visitor by id prefix or role', () => {
    const base = {
      description: 'Asked about 5G coverage',
      direction: 'inbound',
      channel: [{ channel: { name: 'webchat' } }],
    };
    expect(
      fromTmfPartyInteractionCreate({ ...base, relatedParty: [{ id: 'vis_123' }] }).party,
    ).toEqual({
      visitorId: 'vis_123',
    });
    expect(
      fromTmfPartyInteractionCreate({ ...base, relatedParty: [{ id: 'x', role: 'visitor' }] })
        .party,
    ).toEqual({ visitorId: 'x' });
  });

  it('rejects unknown fields, channels and several parties', () => {
    const base = {
      description: 'x',
      direction: 'inbound',
      channel: [{ channel: { name: 'sms' } }],
      relatedParty: [{ id: 'cust-1' }],
    };
    expect(() => fromTmfPartyInteractionCreate({ ...base, mood: 'happy' })).toThrow();
    expect(() =>
      fromTmfPartyInteractionCreate({ ...base, channel: [{ channel: { name: 'fax' } }] }),
    ).toThrow();
    expect(() =>
      fromTmfPartyInteractionCreate({ ...base, relatedParty: [{ id: 'a' }, { id: 'b' }] }),
    ).toThrow();
  });
});
