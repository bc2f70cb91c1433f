import { Schema } from 'mongoose';
import type { Connection, Model } from 'mongoose';
import type { Clock } from '../shared/clock';
import { systemClock } from '../shared/clock';
import { partyKey } from '../shared/party';
import type { PartyRef } from '../shared/party';

interface DismissalDocument {
  /** `<partyKey>|<offeringId>`: dismissing twice keeps one row. */
  _id: string;
  partyKey: string;
  offeringId: string;
  agentId: string;
  at: Date;
}

export type OfferDismissalModel = Model<DismissalDocument>;

export function registerOfferDismissalModel(connection: Connection): OfferDismissalModel {
  if (connection.models.OfferDismissal)
    return connection.models.OfferDismissal as OfferDismissalModel;
  const schema = new Schema<DismissalDocument>(
    {
      _id: { type: String, required: true },
      partyKey: { type: String, required: true },
      offeringId: { type: String, required: true },
      agentId: { type: String, required: true },
      at: { type: Date, required: true },
    },
    { versionKey: false, collection: 'offer_dismissals' },
  );
  schema.index({ partyKey: 1 });
  return connection.model<DismissalDocument>('OfferDismissal', schema);
}

/** Next best offers an agent dismissed for a customer: not suggested to any agent again. */
export class OfferDismissals {
  constructor(
    private readonly model: OfferDismissalModel,
    private readonly clock: Clock = systemClock,
  ) {}

  async dismiss(party: PartyRef, offeringId: string, agentId: string): Promise<void> {
    const key = partyKey(party);
    await this.model.updateOne(
      { _id: `${key}|${offeringId}` },
      { $setOnInsert: { partyKey: key, offeringId, agentId, at: this.clock.now() } },
      { upsert: true },
    );
  }

  async dismissedFor(party: PartyRef): Promise<Set<string>> {
    const docs = await this.model
      .find({ partyKey: partyKey(party) })
      .select({ offeringId: 1 })
      .lean<Array<{ offeringId: string }>>();
    return new Set(docs.map((doc) => doc.offeringId));
  }
}
