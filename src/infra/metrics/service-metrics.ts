import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds; from a cached read (a few ms) to a slow TMF list or a Twilio round trip. */
const HTTP_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A bot turn includes understanding, state round trips and a lock: tens of ms to seconds. */
const TURN_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];
/** A customer waiting for a person: seconds to the escalation limit and beyond. */
const WAIT_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1800];
const JOB_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60];

/** Sampled on scrape (queue depths, sockets): each source answers for what it owns. */
export type ScrapeCollector = () => Promise<void> | void;

/**
 * The service's Prometheus metrics, one registry per runtime (tests run several nodes in one
 * process, so prom-client's global registry would mix them).
 */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly httpRequestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status class',
    labelNames: ['route', 'method', 'status_class'] as const,
    buckets: HTTP_BUCKETS,
    registers: [this.registry],
  });

  readonly queueJobs = new Gauge({
    name: 'queue_jobs',
    help: 'BullMQ jobs per queue and state, read from Redis on scrape',
    labelNames: ['queue', 'state'] as const,
    registers: [this.registry],
  });

  readonly jobOutcomes = new Counter({
    name: 'queue_job_outcomes_total',
    help: 'BullMQ job runs in this process by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    registers: [this.registry],
  });

  readonly jobDuration = new Histogram({
    name: 'queue_job_duration_seconds',
    help: 'BullMQ job run time in this process by queue and outcome',
    labelNames: ['queue', 'outcome'] as const,
    buckets: JOB_BUCKETS,
    registers: [this.registry],
  });

  readonly socketConnections = new Gauge({
    name: 'socketio_connections',
    help: 'socket.io connections open on this node per namespace',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
  });

  readonly botTurnDuration = new Histogram({
    name: 'bot_turn_duration_seconds',
    help: 'Time the bot takes to answer one inbound turn, by channel',
    labelNames: ['channel'] as const,
    buckets: TURN_BUCKETS,
    registers: [this.registry],
  });

  readonly handoverWait = new Histogram({
    name: 'handover_wait_seconds',
    help: 'Time a customer waited from asking for a person to an agent taking the conversation',
    labelNames: ['queue'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });

  private readonly collectors: ScrapeCollector[] = [];

  onScrape(collector: ScrapeCollector): void {
    this.collectors.push(collector);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text, after every sampled source has been read. */
  async render(): Promise<string> {
    await Promise.all(this.collectors.map((collect) => collect()));
    return this.registry.metrics();
  }
}

/** `200` → `2xx`: one series per class keeps the label set small. */
export function statusClass(status: number): string {
  return `${Math.floor(status / 100)}xx`;
}
