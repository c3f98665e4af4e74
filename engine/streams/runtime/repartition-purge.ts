/**
 * Deletes the repartition records the application has committed past (Kafka's
 * TaskManager#maybePurgeCommittedRecords): repartition topics are kept forever by config
 * (internal-topic-configs.ts), so what the runtime has read and committed goes by DeleteRecords,
 * at most every `intervalMs` (Kafka's repartition.purge.interval.ms, 30 s).
 *
 * A purge never holds up processing (one at a time, in the background) and never fails the
 * runtime. A failed one is logged and tried again at the next interval (Kafka does the same); only
 * a broker that cannot do it at all (no DeleteRecords, or a topic policy forbidding it) stops
 * purging, logged once.
 */
import type { LogClient, TopicPartitionOffset } from '../../client/log-client.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { isPermanentRefusal } from '../../client/refusals.js';
import { errorMessage } from '../errors.js';

export const DEFAULT_REPARTITION_PURGE_INTERVAL_MS = 30_000;

export class RepartitionPurger {
  private lastPurgeMs: number;
  private running: Promise<void> = Promise.resolve();
  private idle = true;
  private disabled = false;

  constructor(
    private readonly client: LogClient,
    /** Physical names of the repartition topics the application reads. */
    private readonly topics: ReadonlySet<string>,
    private readonly intervalMs: number,
    private readonly clock: Clock,
    private readonly logger: Logger,
  ) {
    this.lastPurgeMs = clock.now();
  }

  /** Called after a commit with the offsets it committed; starts a purge when one is due. */
  afterCommit(committed: readonly TopicPartitionOffset[]): void {
    if (this.disabled || !this.idle || this.clock.now() - this.lastPurgeMs < this.intervalMs) return;
    const offsets = committed.filter((o) => this.topics.has(o.topic) && o.offset > 0).map(({ topic, partition, offset }) => ({ topic, partition, offset }));
    if (offsets.length === 0) return;
    this.lastPurgeMs = this.clock.now();
    this.idle = false;
    this.running = this.client
      .deleteRecords(offsets)
      .catch((error: unknown) => {
        this.disabled = isPermanentRefusal(error);
        const then = this.disabled ? 'not deleting consumed repartition records any more' : 'trying again at the next purge';
        this.logger.warn(`deleting consumed records of ${offsets[0]!.topic} failed (${then}): ${errorMessage(error)}`);
      })
      .finally(() => {
        this.idle = true;
      });
  }

  /** Resolves once no purge is running. */
  settled(): Promise<void> {
    return this.running;
  }
}
