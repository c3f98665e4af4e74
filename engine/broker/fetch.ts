/**
 * Fetch with Kafka's long-poll semantics: read every requested partition; if fewer than `minBytes`
 * came back and no partition failed, wait for an append to any of them (or `maxWaitMs`) and read
 * again. The response size is bounded by `maxBytes` overall and per partition, except that the
 * first non-empty partition always returns at least one whole batch (KIP-74), so a consumer can
 * never be stuck behind a batch larger than its limits.
 */
import { ErrorCode, KafkaError, errorCodeOf } from './errors.js';
import type { TopicRegistry } from './topic-registry.js';
import type { Clock, Disposable } from '../util/clock.js';

export interface FetchPartitionRequest {
  topic: string;
  partition: number;
  fetchOffset: number;
  /** Per-partition byte limit. */
  maxBytes: number;
}

export interface FetchOptions {
  maxWaitMs: number;
  minBytes: number;
  /** Byte limit of the whole response. */
  maxBytes: number;
  /**
   * The caller only reads the records and never lets their bytes reach code outside the engine:
   * they may then be the log's own memory (StorageFile#view), not a copy. The stream threads' group
   * consumers ask for this (spanRecords); a fetch for anyone else gets copies.
   */
  shareLogMemory?: boolean;
}

export interface FetchPartitionResult {
  topic: string;
  partition: number;
  errorCode: number;
  errorMessage: string | null;
  highWatermark: number;
  lastStableOffset: number;
  logStartOffset: number;
  /** Whole RecordBatch v2 batches, exactly as stored. */
  records: Buffer;
}

const EMPTY = Buffer.alloc(0);

function readPartitions(registry: TopicRegistry, requests: readonly FetchPartitionRequest[], options: FetchOptions) {
  let remaining = options.maxBytes;
  let bytes = 0;
  let failed = false;
  const results = requests.map((request): FetchPartitionResult => {
    const { topic, partition, fetchOffset } = request;
    try {
      const log = registry.partition(topic, partition);
      const limit = Math.max(0, Math.min(request.maxBytes, remaining));
      const records = limit > 0 || bytes === 0 ? log.read(fetchOffset, bytes === 0 ? Math.max(limit, 1) : limit, options.shareLogMemory === true) : EMPTY;
      bytes += records.length;
      remaining -= records.length;
      const hw = log.logEndOffset;
      return { topic, partition, errorCode: 0, errorMessage: null, highWatermark: hw, lastStableOffset: hw, logStartOffset: log.logStartOffset, records };
    } catch (error) {
      failed = true;
      const log = tryPartition(registry, topic, partition);
      return {
        topic,
        partition,
        errorCode: errorCodeOf(error),
        errorMessage: error instanceof Error ? error.message : String(error),
        highWatermark: log?.logEndOffset ?? -1,
        lastStableOffset: log?.logEndOffset ?? -1,
        logStartOffset: log?.logStartOffset ?? -1,
        records: EMPTY,
      };
    }
  });
  return { results, bytes, failed };
}

function tryPartition(registry: TopicRegistry, topic: string, partition: number) {
  return registry.get(topic)?.logs[partition];
}

/** Waits for an append to any of the partitions, the deadline, or `abort`; never rejects. */
function waitForData(registry: TopicRegistry, requests: readonly FetchPartitionRequest[], clock: Clock, delayMs: number, abort: Set<() => void>): Promise<void> {
  return new Promise((resolve) => {
    const subscriptions: Disposable[] = [];
    const finish = () => {
      for (const subscription of subscriptions) subscription.dispose();
      abort.delete(finish);
      resolve();
    };
    abort.add(finish);
    subscriptions.push(clock.schedule(delayMs, finish));
    for (const request of requests) {
      const log = tryPartition(registry, request.topic, request.partition);
      if (log) subscriptions.push(log.onAppend(finish));
    }
  });
}

export class Fetcher {
  /** Wakers of fetches parked in a long poll; called on shutdown. */
  private readonly parked = new Set<() => void>();
  private closed = false;

  constructor(
    private readonly registry: TopicRegistry,
    private readonly clock: Clock,
  ) {}

  async fetch(requests: readonly FetchPartitionRequest[], options: FetchOptions): Promise<FetchPartitionResult[]> {
    if (options.maxBytes < 0 || requests.some((r) => r.maxBytes < 0)) {
      throw new KafkaError(ErrorCode.INVALID_FETCH_SIZE, 'fetch maxBytes must not be negative');
    }
    const deadline = this.clock.now() + Math.max(0, options.maxWaitMs);
    for (;;) {
      const attempt = readPartitions(this.registry, requests, options);
      const waitMs = deadline - this.clock.now();
      if (attempt.failed || attempt.bytes >= options.minBytes || waitMs <= 0 || this.closed) {
        return attempt.results;
      }
      await waitForData(this.registry, requests, this.clock, waitMs, this.parked);
    }
  }

  /** Answers every parked fetch now with what is there. */
  close(): void {
    this.closed = true;
    for (const wake of [...this.parked]) wake();
  }
}
