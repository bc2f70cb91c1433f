import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { AppError } from '../shared/errors';
import type { DomainEventPublisher } from '../shared/events';
import { newId } from '../shared/ids';
import { applyConsentChange } from './consent';
import { consentPurposes, marketingPurposeOf } from './customer';
import type { Consent, ConsentPurpose, Customer, Identity, IdentityChannel } from './customer';
import type { MarketingConsentKind } from '../shared/channel';
import { isPhoneIdentified, phoneChannels } from '../shared/channel';
import {
  createCustomerSchema,
  consentDecisionSchema,
  updateCustomerSchema,
} from './customer-input';
import type { ConsentDecision, CreateCustomerInput, UpdateCustomerInput } from './customer-input';
import { toCustomer } from './customer-mapper';
import { assertCustomerStatusChange } from './customer-status';
import { isDuplicateKeyError } from '../shared/duplicate-key';
import { normaliseHandle } from './identity-handle';
import { identityKey, ownKey } from './identity-key';
import type { CustomerDocument, CustomerModels } from './models';
import { segmentFilter, segmentMemberProjection, toSegmentMember } from './customer-segment';
import type { CustomerSegmentCriteria, SegmentMember } from './customer-segment';

export interface CustomerListQuery {
  /** A MongoDB filter over stored fields, built by the caller from whitelisted attributes only. */
  filter?: Record<string, unknown>;
  offset?: number;
  limit?: number;
  sort?: Record<string, 1 | -1>;
}

/** Concurrent writers re-read and re-apply this many times before giving up with a conflict. */
const MAX_ATTEMPTS = 5;

/** Customers: profile, contact media, consent and the channel handles that identify them. */
export class CustomerService {
  constructor(
    private readonly models: CustomerModels,
    private readonly events: DomainEventPublisher,
    private readonly clock: Clock = systemClock,
  ) {}

  async create(input: CreateCustomerInput): Promise<Customer> {
    const doc = newCustomerDocument(input, this.clock.now());
    const id = doc._id;
    try {
      await this.models.Customer.create(doc);
    } catch (error) {
      throw translateWriteError(error, id);
    }
    await this.events.publish('customer.created', { customerId: id });
    return toCustomer(doc);
  }

  async find(customerId: string): Promise<Customer | undefined> {
    const doc = await this.models.Customer.findById(customerId).lean<CustomerDocument>();
    return doc ? toCustomer(doc) : undefined;
  }

  async get(customerId: string): Promise<Customer> {
    const customer = await this.find(customerId);
    if (!customer) throw new AppError('NOT_FOUND', `No customer ${customerId}`, { customerId });
    return customer;
  }

  async list(query: CustomerListQuery = {}): Promise<{ items: Customer[]; total: number }> {
    const filter = query.filter ?? {};
    const [docs, total] = await Promise.all([
      this.models.Customer.find(filter)
        .sort(query.sort ?? { _id: 1 })
        .skip(query.offset ?? 0)
        .limit(query.limit ?? 100)
        .lean<CustomerDocument[]>(),
      this.models.Customer.countDocuments(filter),
    ]);
    return { items: docs.map(toCustomer), total };
  }

  /**
   * The next `limit` members of a segment after `afterId`, in id order: a campaign walks its
   * audience page by page and resumes from the last id it kept.
   */
  async segmentPage(
    criteria: CustomerSegmentCriteria,
    afterId: string | undefined,
    limit: number,
  ): Promise<SegmentMember[]> {
    const docs = await this.models.Customer.find(
      segmentFilter(criteria, afterId),
      segmentMemberProjection,
    )
      .sort({ _id: 1 })
      .limit(limit)
      .lean<CustomerDocument[]>();
    return docs.map(toSegmentMember);
  }

  /**
   * The ids alone of the next `limit` members after `afterId`, in id order: for a walk that needs
   * nothing else of them (its criteria select the audience exactly).
   */
  async segmentIds(
    criteria: CustomerSegmentCriteria,
    afterId: string | undefined,
    limit: number,
  ): Promise<string[]> {
    const docs = await this.models.Customer.find(segmentFilter(criteria, afterId), { _id: 1 })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<Array<Pick<CustomerDocument, '_id'>>>();
    return docs.map((doc) => doc._id);
  }

  /** How many customers a segment's criteria select (reachable ones only, as `segmentPage`). */
  async countSegment(criteria: CustomerSegmentCriteria): Promise<number> {
    return this.models.Customer.countDocuments(segmentFilter(criteria));
  }

  /** Partial update; `expectedVersion` (from an If-Match) refuses to overwrite a newer change. */
  async update(
    customerId: string,
    input: UpdateCustomerInput,
    expectedVersion?: number,
  ): Promise<Customer> {
    const patch = updateCustomerSchema.parse(input);
    return this.mutate(
      customerId,
      (doc, now) => {
        const next: CustomerDocument = { ...doc };
        if (patch.name) next.name = { ...doc.name, ...patch.name };
        if (patch.status) {
          assertCustomerStatusChange(doc.status, patch.status);
          next.status = patch.status;
        }
        if (patch.segment) next.segment = patch.segment;
        if (patch.language) next.language = patch.language;
        if (patch.timezone) next.timezone = patch.timezone;
        if (patch.region) next.region = patch.region;
        if (patch.customerSince) next.customerSince = patch.customerSince;
        if (patch.email !== undefined) {
          if (patch.email === null) delete next.email;
          else next.email = patch.email.toLowerCase();
        }
        if (patch.mobile !== undefined && patch.mobile !== doc.mobile) {
          const kept = doc.identities.filter(
            (identity) => !(isPhoneChannel(identity.channel) && identity.handle === doc.mobile),
          );
          if (patch.mobile === null) delete next.mobile;
          else next.mobile = patch.mobile;
          next.identities = mergeIdentities(kept, phoneIdentities(patch.mobile ?? undefined), now);
        }
        next.consent = withConsentDecisions(doc.consent, patch, now);
        return next;
      },
      expectedVersion,
    );
  }

  async delete(customerId: string): Promise<void> {
    const result = await this.models.Customer.deleteOne({ _id: customerId });
    if (result.deletedCount === 0) {
      throw new AppError('NOT_FOUND', `No customer ${customerId}`, { customerId });
    }
    await this.events.publish('customer.updated', { customerId });
  }

  /** Opt-in or opt-out of marketing SMS (STOP keyword, self-care toggle, agent, import). */
  async setSmsMarketingConsent(customerId: string, decision: ConsentDecision): Promise<Customer> {
    return this.setMarketingConsent(customerId, 'sms', decision);
  }

  /** Opt-in or opt-out of one kind of marketing (SMS, WhatsApp), from whichever source. */
  async setMarketingConsent(
    customerId: string,
    kind: MarketingConsentKind,
    decision: ConsentDecision,
  ): Promise<Customer> {
    const parsed = consentDecisionSchema.parse(decision);
    return this.mutate(customerId, (doc, now) => {
      const outcome = applyConsentChange(doc.consent, {
        purpose: marketingPurposeOf(kind),
        status: parsed.status,
        source: parsed.source,
        at: parsed.at ?? now,
      });
      return outcome.changed ? { ...doc, consent: outcome.consent } : undefined;
    });
  }

  /** Adds a channel handle; a handle held by another customer is a conflict, never moved silently. */
  async addIdentity(
    customerId: string,
    channel: IdentityChannel,
    handle: string,
  ): Promise<Customer> {
    const normalised = normaliseHandle(channel, handle);
    return this.mutate(customerId, (doc, now) => {
      if (doc.identityKeys.includes(identityKey(channel, normalised))) return undefined;
      return {
        ...doc,
        identities: mergeIdentities(doc.identities, [{ channel, handle: normalised }], now),
      };
    });
  }

  /** The customer a handle belongs to (handles are normalised first: any phone format works). */
  async findByIdentity(channel: IdentityChannel, handle: string): Promise<Customer | undefined> {
    const normalised = normaliseHandle(channel, handle);
    // Her number is hers on every phone channel, including one added after she was registered.
    const keys = isPhoneChannel(channel)
      ? phoneChannels.map((phone) => identityKey(phone, normalised))
      : [identityKey(channel, normalised)];
    const doc = await this.models.Customer.findOne({
      identityKeys: keys.length === 1 ? keys[0] : { $in: keys },
    }).lean<CustomerDocument>();
    return doc ? toCustomer(doc) : undefined;
  }

  /**
   * Reads, changes and writes back under the version it read, retrying when another writer got
   * there first. `change` returns undefined when there is nothing to write.
   */
  private async mutate(
    customerId: string,
    change: (doc: CustomerDocument, now: Date) => CustomerDocument | undefined,
    expectedVersion?: number,
  ): Promise<Customer> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const doc = await this.models.Customer.findById(customerId).lean<CustomerDocument>();
      if (!doc) throw new AppError('NOT_FOUND', `No customer ${customerId}`, { customerId });
      if (expectedVersion !== undefined && doc.version !== expectedVersion) {
        throw versionConflict(customerId, expectedVersion, doc.version);
      }
      const now = this.clock.now();
      const next = change(doc, now);
      if (!next) return toCustomer(doc);
      const { _id: _ignored, ...fields } = {
        ...next,
        identityKeys: keysOf(customerId, next.identities),
        lastUpdate: now,
        version: doc.version + 1,
      };
      const unset: Record<string, ''> = {};
      for (const optional of ['mobile', 'email'] as const) {
        if (next[optional] === undefined) unset[optional] = '';
      }
      let written;
      try {
        written = await this.models.Customer.findOneAndUpdate(
          { _id: customerId, version: doc.version },
          {
            $set: withoutUndefined(fields),
            ...(Object.keys(unset).length ? { $unset: unset } : {}),
          },
          { returnDocument: 'after' },
        ).lean<CustomerDocument>();
      } catch (error) {
        throw translateWriteError(error, customerId);
      }
      if (written) {
        await this.events.publish('customer.updated', { customerId });
        return toCustomer(written);
      }
      if (expectedVersion !== undefined) {
        throw versionConflict(customerId, expectedVersion, doc.version + 1);
      }
    }
    throw new AppError('CONFLICT', `Customer ${customerId} is being changed too often; retry`, {
      customerId,
    });
  }
}

/** A validated, normalised customer document ready to insert (shared with the seed). */
export function newCustomerDocument(input: CreateCustomerInput, now: Date): CustomerDocument {
  const data = createCustomerSchema.parse(input);
  const id = data.id ?? newId('cust');
  const identities = mergeIdentities(
    [],
    [
      ...data.identities.map((identity) => ({
        channel: identity.channel,
        handle: normaliseHandle(identity.channel, identity.handle),
      })),
      ...phoneIdentities(data.mobile),
    ],
    now,
  );
  const consent = withConsentDecisions({ history: [] }, data, now);
  return {
    _id: id,
    name: data.name,
    status: data.status,
    segment: data.segment,
    language: data.language,
    timezone: data.timezone,
    region: data.region,
    ...(data.mobile ? { mobile: data.mobile } : {}),
    ...(data.email ? { email: data.email.toLowerCase() } : {}),
    customerSince: data.customerSince ?? now,
    subscriptions: data.subscriptions.map((subscription) => ({
      ...subscription,
      id: subscription.id ?? newId('sub'),
    })),
    consent,
    identities,
    identityKeys: keysOf(id, identities),
    appliedOrderIds: [],
    createdAt: now,
    lastUpdate: now,
    version: 1,
  };
}

const isPhoneChannel = isPhoneIdentified;

type ParsedConsentDecision = ReturnType<typeof consentDecisionSchema.parse>;

/** Applies each marketing decision the input carries (`smsMarketing`, `whatsappMarketing`…). */
function withConsentDecisions(
  consent: Consent,
  decisions: Partial<Record<ConsentPurpose, ParsedConsentDecision>>,
  now: Date,
): Consent {
  let next = consent;
  for (const purpose of consentPurposes) {
    const decision = decisions[purpose];
    if (!decision) continue;
    next = applyConsentChange(next, {
      purpose,
      status: decision.status,
      source: decision.source,
      at: decision.at ?? now,
    }).consent;
  }
  return next;
}

/** A mobile number identifies its owner on every phone channel: she texts, calls, messages. */
function phoneIdentities(mobile: string | undefined): Array<Pick<Identity, 'channel' | 'handle'>> {
  return mobile ? phoneChannels.map((channel) => ({ channel, handle: mobile })) : [];
}

function mergeIdentities(
  existing: Identity[],
  added: Array<Pick<Identity, 'channel' | 'handle'>>,
  now: Date,
): Identity[] {
  const result = [...existing];
  const keys = new Set(existing.map((identity) => identityKey(identity.channel, identity.handle)));
  for (const identity of added) {
    const key = identityKey(identity.channel, identity.handle);
    if (keys.has(key)) continue;
    keys.add(key);
    result.push({ channel: identity.channel, handle: identity.handle, addedAt: now });
  }
  return result;
}

export function keysOf(customerId: string, identities: Identity[]): string[] {
  return [
    ownKey(customerId),
    ...identities.map((identity) => identityKey(identity.channel, identity.handle)),
  ];
}

function withoutUndefined<T extends Record<string, unknown>>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, field]) => field !== undefined),
  ) as Partial<T>;
}

function versionConflict(customerId: string, expected: number, actual: number): AppError {
  return new AppError(
    'VERSION_CONFLICT',
    `Customer ${customerId} changed since version ${expected}`,
    {
      customerId,
      expectedVersion: expected,
      currentVersion: actual,
    },
  );
}

function translateWriteError(error: unknown, customerId: string): unknown {
  if (isDuplicateKeyError(error, 'identityKeys')) {
    return new AppError('CONFLICT', 'One of these handles already belongs to another customer', {
      customerId,
    });
  }
  if (isDuplicateKeyError(error, '_id')) {
    return new AppError('CONFLICT', `Customer ${customerId} already exists`, { customerId });
  }
  return error;
}
