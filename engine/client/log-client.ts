/**
 * LogClient: the only way the stream runtime (and the pipeline runtime above it) reaches a log.
 * Two implementations: InProcessClient calls the embedded Broker directly (no serialization
 * round trip beyond the RecordBatch the log stores), KafkaClient speaks the Kafka protocol
 * through kafkajs to `sluice broker` or any Kafka cluster. Callers never learn which one they have.
 *
 * The consumer side mirrors Java's KafkaConsumer, which Kafka Streams is built on: a pull-based
 * GroupConsumer whose rebalance listener runs inside poll(), before records of a new assignment
 * are returned, so the runtime can commit and close tasks on revocation and restore state on
 * assignment. Offsets, timestamps and partition numbers are plain numbers.
 */

export interface Header {
  key: string;
  value: Buffer | null;
}

export interface ProducerRecord {
  key: Buffer | null;
  value: Buffer | null;
  headers?: Header[];
  /** Defaults to the current time. */
  timestamp?: number;
  /** Defaults to the partitioner: murmur2 of the key (Java-compatible), sticky for null keys. */
  partition?: number;
}

export interface RecordMetadata {
  topic: string;
  partition: number;
  offset: number;
}

export interface ConsumedRecord {
  topic: string;
  partition: number;
  offset: number;
  timestamp: number;
  key: Buffer | null;
  value: Buffer | null;
  headers: Header[];
}

/**
 * A consumed record that also tells where its key and value lie in the fetched bytes, so that a
 * reader can decode them in place (a built-in serde) without a Buffer view each. Its
 * `key` and `value` are made on first access by accessors, not own properties: such a record must
 * not be spread, cloned or sent to another thread. InProcessClient's group consumers return them
 * when asked (GroupConsumerOptions.spanRecords); the streams runtime asks.
 */
export interface SpanRecord extends ConsumedRecord {
  /** The records section the spans index into. */
  readonly bytes: Buffer;
  /** Where the key starts in `bytes`, and its length (-1: a null key). */
  readonly keyAt: number;
  readonly keyLength: number;
  readonly valueAt: number;
  readonly valueLength: number;
}

export function isSpanRecord(record: ConsumedRecord): record is SpanRecord {
  return (record as Partial<SpanRecord>).bytes !== undefined;
}

export interface TopicPartition {
  topic: string;
  partition: number;
}

export interface TopicPartitionOffset extends TopicPartition {
  offset: number;
  metadata?: string | null;
}

export interface NewTopic {
  name: string;
  partitions: number;
  configs?: Record<string, string>;
}

export interface TopicInfo {
  name: string;
  partitions: number;
}

export type Acks = 0 | 1 | -1;

export type OffsetSpec = 'earliest' | 'latest' | { timestamp: number };

export interface FetchRequest extends TopicPartition {
  offset: number;
}

export interface FetchedPartition extends TopicPartition {
  records: ConsumedRecord[];
  highWatermark: number;
  logStartOffset: number;
}

/** One member's view for the assignor: who it is and what it subscribes to. */
export interface AssignorMember {
  memberId: string;
  topics: string[];
  userData: Buffer | null;
}

/**
 * Client-side partition assignment, run by the group leader. The default is range-per-topic;
 * the stream runtime supplies one that keeps co-partitioned partitions together.
 */
export interface Assignor {
  name: string;
  assign(members: readonly AssignorMember[], partitionCounts: ReadonlyMap<string, number>): Map<string, TopicPartition[]>;
  /** Data this member sends with its subscription (optional). */
  userData?(): Buffer | null;
}

/**
 * Partitions kept across a rebalance see neither callback; close() revokes everything (outside
 * poll). See each implementation's module header for when revocation happens relative to the
 * hand-over (InProcessClient: before; KafkaClient: after, a kafkajs limitation).
 */
export interface RebalanceListener {
  /** Called inside poll() with the partitions this member gives up; commit their progress here. */
  onPartitionsRevoked?(partitions: TopicPartition[]): Promise<void> | void;
  /** Called inside poll() with newly assigned partitions, before any record of them is returned. */
  onPartitionsAssigned?(partitions: TopicPartition[]): Promise<void> | void;
}

export interface GroupConsumerOptions {
  groupId: string;
  topics: string[];
  /** Defaults to 10000 (the broker bounds it with group.min/max.session.timeout.ms). */
  sessionTimeoutMs?: number;
  rebalanceTimeoutMs?: number;
  /** Defaults to a third of the session timeout, at most 3000 (Kafka's advice and default). */
  heartbeatIntervalMs?: number;
  assignor?: Assignor;
  listener?: RebalanceListener;
  /** Where to start a partition with no committed offset. Defaults to 'earliest'. */
  autoOffsetReset?: 'earliest' | 'latest';
  /** Per-poll byte limit. */
  maxBytes?: number;
  /**
   * At most this many records per poll (Kafka's max.poll.records). InProcessClient keeps the rest
   * of a fetch as bytes and decodes it in the next polls, sharing each poll among the partitions
   * that have records; default 500, as Java's consumer. KafkaClient returns the batches kafkajs
   * hands over whole.
   */
  maxPollRecords?: number;
  /**
   * Return SpanRecords (InProcessClient; KafkaClient ignores it): no Buffer views are made for
   * keys and values that are decoded in place. Only for a caller that never spreads, clones or
   * posts the records. Their `bytes` may be the embedded broker's own log memory: the caller
   * reads them and never lets them reach user code (`key`, `value` and header values are copies).
   */
  spanRecords?: boolean;
}

/** A member of a consumer group; offsets are committed only when the caller says so. */
export interface GroupConsumer {
  readonly groupId: string;
  /** Current member id ('' before the first join). */
  readonly memberId: string;
  assignment(): TopicPartition[];
  /** Records from assigned, unpaused partitions; runs the rebalance listener when needed. */
  poll(maxWaitMs: number): Promise<ConsumedRecord[]>;
  /**
   * Commits offsets (the next offset to read) for assigned partitions, fenced by the generation:
   * a KafkaError (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, …) if a rebalance moved them away first.
   */
  commit(offsets: TopicPartitionOffset[]): Promise<void>;
  /** The next poll of this partition starts at `offset`. */
  seek(partition: TopicPartition, offset: number): void;
  pause(partitions: TopicPartition[]): void;
  resume(partitions: TopicPartition[]): void;
  /** Leaves the group (revocation listener runs first) and stops heartbeats. */
  close(): Promise<void>;
}

/** The heartbeat interval for the options: as given, else a third of the session timeout (max 3 s). */
export function heartbeatIntervalOf(options: Pick<GroupConsumerOptions, 'heartbeatIntervalMs' | 'sessionTimeoutMs'>): number {
  return options.heartbeatIntervalMs ?? Math.max(100, Math.min(3000, Math.floor((options.sessionTimeoutMs ?? 10_000) / 3)));
}

export interface LogClient {
  /** 'in-process' or 'kafka': for logs and diagnostics only; behaviour must not depend on it. */
  readonly kind: 'in-process' | 'kafka';

  createTopics(topics: NewTopic[], options?: { ifNotExists?: boolean }): Promise<void>;
  deleteTopics(names: string[]): Promise<void>;
  /** Partition counts; throws UNKNOWN_TOPIC_OR_PARTITION naming the first missing topic. */
  describeTopics(names: string[]): Promise<TopicInfo[]>;
  listTopics(): Promise<string[]>;

  /** Appends records; resolves once acknowledged per `acks` (default -1, all); acks=0 reports offset -1. */
  produce(topic: string, records: ProducerRecord[], options?: { acks?: Acks; compression?: 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd' }): Promise<RecordMetadata[]>;
  /** Reads from explicit offsets without a group (inspectors, restore, test tools). */
  fetch(requests: FetchRequest[], options?: { maxWaitMs?: number; maxBytes?: number }): Promise<FetchedPartition[]>;
  /** For a timestamp: the first offset with a timestamp at or after it, else the log end offset. */
  listOffsets(partition: TopicPartition, spec: OffsetSpec): Promise<number>;
  /**
   * Kafka's DeleteRecords: the records of each partition below `offset` are deleted (the log start
   * offset moves up to it). Rejects when the broker refuses, e.g. one without DeleteRecords.
   */
  deleteRecords(offsets: readonly TopicPartitionOffset[]): Promise<void>;

  /** Committed offsets of a group (-1 where none; metadata null when empty). */
  committedOffsets(groupId: string, partitions: TopicPartition[]): Promise<TopicPartitionOffset[]>;
  groupConsumer(options: GroupConsumerOptions): Promise<GroupConsumer>;

  close(): Promise<void>;
}
