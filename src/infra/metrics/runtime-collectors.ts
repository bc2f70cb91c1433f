import type { Server as SocketServer } from 'socket.io';
import type { QueueRegistry } from '../queues/queue-registry';
import type { ServiceMetrics } from './service-metrics';

const JOB_STATES = ['waiting', 'prioritized', 'active', 'delayed', 'completed', 'failed'] as const;

/** Queue depths read from Redis on each scrape, and job outcomes as this process's workers see them. */
export function collectQueueMetrics(metrics: ServiceMetrics, queues: QueueRegistry): void {
  queues.onJobOutcome(({ queue, outcome, durationSeconds }) => {
    metrics.jobOutcomes.inc({ queue, outcome });
    if (durationSeconds !== undefined)
      metrics.jobDuration.observe({ queue, outcome }, durationSeconds);
  });
  metrics.onScrape(async () => {
    await Promise.all(
      queues.names.map(async (name) => {
        const counts = await queues.queue(name).getJobCounts(...JOB_STATES);
        for (const state of JOB_STATES)
          metrics.queueJobs.set({ queue: name, state }, counts[state] ?? 0);
      }),
    );
  });
}

/** This node's open sockets per namespace (the Redis adapter would make a cluster-wide count slow). */
export function collectSocketMetrics(metrics: ServiceMetrics, io: SocketServer): void {
  metrics.onScrape(() => {
    for (const [name, namespace] of io._nsps) {
      metrics.socketConnections.set({ namespace: name }, namespace.sockets.size);
    }
  });
}
