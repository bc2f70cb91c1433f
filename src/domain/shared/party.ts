/** Whom something belongs to: a known customer, or an anonymous visitor who may be linked later. */
export type PartyRef =
  { customerId: string; visitorId?: undefined } | { visitorId: string; customerId?: undefined };

export function partyKey(party: PartyRef): string {
  return party.customerId ? `customer:${party.customerId}` : `visitor:${party.visitorId}`;
}
