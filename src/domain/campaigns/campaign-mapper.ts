import type { Campaign } from './campaign';
import type { CampaignDocument } from './models';

export function toCampaign(doc: CampaignDocument): Campaign {
  return {
    id: doc._id,
    name: doc.name,
    offeringId: doc.offeringId,
    offeringName: doc.offeringName,
    ...(doc.promotion ? { promotion: doc.promotion } : {}),
    template: doc.template,
    audience: doc.audience,
    channel: doc.channel ?? 'sms',
    ratePerSecond: doc.ratePerSecond,
    quietHours: doc.quietHours,
    maxSegments: doc.maxSegments,
    status: doc.status,
    ...(doc.schedule ? { schedule: doc.schedule } : {}),
    run: doc.run,
    counters: doc.counters,
    ...(doc.revenue ? { revenue: doc.revenue } : {}),
    ...(doc.dispatchFinishedAt ? { dispatchFinishedAt: doc.dispatchFinishedAt } : {}),
    createdBy: doc.createdBy,
    createdAt: doc.createdAt,
    lastUpdate: doc.lastUpdate,
    ...(doc.completedAt ? { completedAt: doc.completedAt } : {}),
    ...(doc.archivedAt ? { archivedAt: doc.archivedAt } : {}),
    ...(doc.duplicatedFrom ? { duplicatedFrom: doc.duplicatedFrom } : {}),
    testSends: doc.testSends ?? 0,
  };
}
