/**
 * KafkaGroupConsumer: kafkajs's push-based consumer (`consumer.run({ eachBatch })`) adapted to the
 * pull-based GroupConsumer.
 *
 * Hand-over: eachBatch queues its records and waits. poll() takes everything queued for owned,
 * unpaused partitions, resolves those offsets in kafkajs, and keeps the eachBatch calls waiting
 * until the *next* poll() (or close). kafkajs cannot rejoin the group while an eachBatch call is in
 * flight, so a rebalance starts only once the caller polls again, after it had the chance to
 * commit what the previous poll returned. While waiting, eachBatch keeps the session alive through
 * kafkajs's `heartbeat()`; when that reports a rebalance, queued (not yet returned) records are
 * withdrawn unresolved (kafkajs fetches them again) and the error is rethrown at release, which
 * makes kafkajs rejoin. Records are never returned twice by one member: positions of partitions
 * kept across a rebalance are re-applied with `seek` as soon as the group is joined. A member that
 * stops polling keeps its partitions until the next rebalance, which drops it after the group's
 * rebalance timeout (Java would also leave after max.poll.interval.ms; there is no such timer).
 *
 * Rebalance listener: at GROUP_JOIN the new assignment is recorded; the next poll() runs
 * onPartitionsRevoked(owned − new) and onPartitionsAssigned(new − owned) before it returns any
 * record of the new generation. Kept partitions see neither callback (as with InProcessClient).
 *
 * Semantic gaps (kafkajs 2.2.4 has no pre-revocation hook and rejoins on its own):
 * - onPartitionsRevoked runs after the new assignment is in force, so the partitions may already
 *   be fetched by their new owner from the committed offsets; commits made in the listener land
 *   with the new generation (the broker accepts them) but may come too late for that owner:
 *   records returned but not committed before the rebalance can be delivered again by the new
 *   owner (at-least-once). InProcessClient revokes before handing partitions over.
 * - Positions of newly assigned partitions come from kafkajs (committed offset, else
 *   `autoOffsetReset`), and a seek in onPartitionsAssigned applies to kafkajs's next fetch.
 * - The rejoin that a poll() releases may finish after that poll returned. A commit() caught by it
 *   (ILLEGAL_GENERATION, REBALANCE_IN_PROGRESS, UNKNOWN_MEMBER_ID) waits for kafkajs to join the
 *   new generation (at most the rebalance timeout) and commits again if the partitions are still
 *   this member's; offsets of partitions the rebalance moved away are not committed and commit()
 *   throws with the fencing error code. InProcessClient rejoins only inside poll().
 * - kafkajs fetches only after the previous poll's batches are released, so there is no
 *   prefetching across polls; each poll waits for at least one fetch round trip.
 * - commit() while kafkajs restarts after a crash is a no-op in kafkajs; a crash that kafkajs does
 *   not restart from is thrown by the next poll().
 */
import type { Consumer, EachBatchPayload, Kafka } from 'kafkajs';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { assertCommittable } from './commit-check.js';
import { sortPartitions, subtractPartitions, tpKey } from './group-assignment.js';
import { kafkajsAssigner } from './kafka-assigner.js';
import { kafkaCall, recordFromKafkajs, toKafkaError } from './kafka-support.js';
import type { ConsumedRecord, GroupConsumer, GroupConsumerOptions, TopicPartition, TopicPartitionOffset } from './log-client.js';
import { heartbeatIntervalOf } from './log-client.js';
import { Signal, settledWithin } from './poll-signals.js';

/** Commit failures that mean "the generation changed under you". */
const REBALANCE_ERRORS = new Set<number>([ErrorCode.REBALANCE_IN_PROGRESS, ErrorCode.ILLEGAL_GENERATION, ErrorCode.UNKNOWN_MEMBER_ID, ErrorCode.NOT_COORDINATOR]);

export interface KafkaGroupConsumerContext {
  clock: Clock;
  logger: Logger;
  onClose(): void;
}

interface Handoff {
  tp: TopicPartition;
  records: ConsumedRecord[];
  /** kafkajs's last offset of the batch (control records included). */
  lastOffset: string;
  generation: number;
  state: 'queued' | 'taken' | 'withdrawn';
  resolveOffset(offset: string): void;
  release(): void;
  released: Promise<void>;
}

export class KafkaGroupConsumer implements GroupConsumer {
  readonly groupId: string;
  memberId = '';
  private readonly consumer: Consumer;
  private readonly clock: Clock;
  private readonly owned = new Map<string, TopicPartition>();
  private readonly positions = new Map<string, number>();
  private readonly paused = new Set<string>();
  private readonly wake = new Signal();
  private queue: Handoff[] = [];
  private held: Handoff[] = [];
  private kafkaAssignment: TopicPartition[] = [];
  private joinSeq = 0;
  private notifiedSeq = 0;
  /** What kafkajs's heartbeat threw while batches were held; rethrown when they are released. */
  private heartbeatFailure: unknown;
  private crash: KafkaError | undefined;
  private polling = false;
  private closing = false;
  private closed = false;

  constructor(
    kafka: Kafka,
    private readonly options: GroupConsumerOptions,
    private readonly context: KafkaGroupConsumerContext,
  ) {
    this.groupId = options.groupId;
    this.clock = context.clock;
    const heartbeatInterval = heartbeatIntervalOf(options);
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      partitionAssigners: [kafkajsAssigner(options.assignor, context.logger)],
      sessionTimeout: options.sessionTimeoutMs ?? 10_000,
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 60_000,
      heartbeatInterval,
      maxBytes: options.maxBytes ?? 52_428_800,
      // kafkajs heartbeats between fetches: a short long-poll keeps rebalances prompt.
      maxWaitTimeInMs: Math.min(500, heartbeatInterval),
      allowAutoTopicCreation: false,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, ({ payload }) => this.onJoin(payload.memberId, payload.memberAssignment));
    this.consumer.on(this.consumer.events.CRASH, ({ payload }) => {
      if (payload.restart) return;
      this.crash = toKafkaError(payload.error, `group "${this.groupId}": the kafkajs consumer crashed`);
      this.wake.fire();
    });
  }

  /** Connects, subscribes and starts kafkajs's consumer loop; the group is joined in the background. */
  async start(): Promise<void> {
    const { topics } = this.options;
    await kafkaCall(`group "${this.groupId}": connecting`, () => this.consumer.connect());
    await kafkaCall(`group "${this.groupId}": subscribing to ${topics.join(', ')}`, () =>
      this.consumer.subscribe({ topics, fromBeginning: (this.options.autoOffsetReset ?? 'earliest') === 'earliest' }),
    );
    const running = this.consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: 64,
      eachBatch: (payload) => this.eachBatch(payload),
    });
    running.catch((error: unknown) => {
      this.crash = toKafkaError(error, `group "${this.groupId}": starting the kafkajs consumer failed`);
      this.wake.fire();
    });
  }

  assignment(): TopicPartition[] {
    return sortPartitions(this.owned.values());
  }

  // ── kafkajs side ──────────────────────────────────────────────────────────────────────────

  private onJoin(memberId: string, assignment: Record<string, number[]>): void {
    this.memberId = memberId;
    this.kafkaAssignment = sortPartitions(Object.entries(assignment).flatMap(([topic, partitions]) => partitions.map((partition) => ({ topic, partition }))));
    this.joinSeq++;
    this.heartbeatFailure = undefined;
    for (const handoff of this.queue) this.withdraw(handoff);
    this.queue = [];
    const assigned = new Set(this.kafkaAssignment.map(tpKey));
    for (const [key, tp] of this.owned) {
      if (!assigned.has(key)) continue;
      // kafkajs restarts kept partitions at their committed offsets; continue where we were.
      const position = this.positions.get(key);
      if (position !== undefined) this.consumer.seek({ topic: tp.topic, partition: tp.partition, offset: String(position) });
      if (this.paused.has(key)) this.consumer.pause([{ topic: tp.topic, partitions: [tp.partition] }]);
    }
    this.wake.fire();
  }

  private async eachBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    const tp = { topic: batch.topic, partition: batch.partition };
    const key = tpKey(tp);
    if (this.closing || this.heartbeatFailure !== undefined || !payload.isRunning() || payload.isStale() || this.paused.has(key)) return;
    let release = () => undefined as void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const handoff: Handoff = {
      tp,
      records: batch.messages.map((m) => recordFromKafkajs(tp.topic, tp.partition, m)),
      lastOffset: batch.lastOffset(),
      generation: this.joinSeq,
      state: 'queued',
      resolveOffset: payload.resolveOffset,
      release,
      released,
    };
    this.queue.push(handoff);
    this.wake.fire();
    const interval = heartbeatIntervalOf(this.options);
    while (!(await settledWithin(this.clock, released, interval))) {
      try {
        await payload.heartbeat();
      } catch (error) {
        // Heartbeats go on (they keep the session alive until the caller polls again); the first
        // failure is rethrown at release so kafkajs rejoins only then.
        if (this.heartbeatFailure !== undefined) continue;
        this.heartbeatFailure = error;
        for (const queued of this.queue) this.withdraw(queued);
        this.queue = [];
        this.wake.fire();
      }
    }
    if (this.heartbeatFailure !== undefined) throw this.heartbeatFailure;
  }

  private withdraw(handoff: Handoff): void {
    if (handoff.state !== 'queued') return;
    handoff.state = 'withdrawn';
    handoff.release();
  }

  private releaseHeld(): void {
    for (const handoff of this.held) handoff.release();
    this.held = [];
  }

  // ── caller side ───────────────────────────────────────────────────────────────────────────

  async poll(maxWaitMs: number): Promise<ConsumedRecord[]> {
    this.assertOpen();
    if (this.polling) throw new KafkaError(ErrorCode.INVALID_REQUEST, `poll() of group "${this.groupId}" is already running`, { domain: 'internal' });
    this.polling = true;
    try {
      this.releaseHeld();
      const deadline = this.clock.now() + Math.max(0, maxWaitMs);
      for (;;) {
        if (this.closed) return [];
        if (this.crash) throw this.crash;
        if (this.notifiedSeq !== this.joinSeq) {
          await this.applyAssignment();
          continue;
        }
        const records = this.takeQueued();
        if (records.length > 0) return records;
        if (!(await settledWithin(this.clock, this.wake.next(), deadline - this.clock.now()))) return [];
      }
    } finally {
      this.polling = false;
    }
  }

  private takeQueued(): ConsumedRecord[] {
    const records: ConsumedRecord[] = [];
    const queue = this.queue;
    this.queue = [];
    for (const handoff of queue) {
      const key = tpKey(handoff.tp);
      if (handoff.generation !== this.joinSeq || !this.owned.has(key) || this.paused.has(key)) {
        this.withdraw(handoff);
        continue;
      }
      const position = this.positions.get(key);
      const fresh = handoff.records.filter((r) => position === undefined || r.offset >= position);
      handoff.state = 'taken';
      handoff.resolveOffset(handoff.lastOffset);
      this.positions.set(key, Number(handoff.lastOffset) + 1);
      this.held.push(handoff);
      records.push(...fresh);
    }
    return records;
  }

  private async applyAssignment(): Promise<void> {
    const assignment = this.kafkaAssignment;
    this.notifiedSeq = this.joinSeq;
    const revoked = subtractPartitions(this.owned.values(), assignment);
    const added = subtractPartitions(assignment, this.owned.values());
    if (revoked.length > 0) {
      try {
        await this.options.listener?.onPartitionsRevoked?.(revoked);
      } finally {
        for (const tp of revoked) this.forget(tp);
      }
    }
    for (const tp of added) this.owned.set(tpKey(tp), tp);
    if (added.length > 0) await this.options.listener?.onPartitionsAssigned?.(added);
  }

  private forget(tp: TopicPartition): void {
    const key = tpKey(tp);
    if (this.paused.has(key)) this.consumer.resume([{ topic: tp.topic, partitions: [tp.partition] }]);
    this.owned.delete(key);
    this.positions.delete(key);
    this.paused.delete(key);
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    assertCommittable({ groupId: this.groupId, memberId: this.memberId, closed: this.closed, owned: this.owned }, offsets);
    if (offsets.length === 0) return;
    const names = offsets.map((o) => `${o.topic}-${o.partition}@${o.offset}`).join(', ');
    const context = `group "${this.groupId}": committing ${names}`;
    const seq = this.joinSeq;
    try {
      await kafkaCall(context, () => this.sendCommit(offsets));
    } catch (error) {
      if (!(error instanceof KafkaError && REBALANCE_ERRORS.has(error.errorCode))) throw error;
      await this.commitAfterRejoin(offsets, seq, context, error);
    }
  }

  private sendCommit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    return this.consumer.commitOffsets(offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset), metadata: o.metadata ?? null })));
  }

  /**
   * The group moved on while kafkajs was rejoining in the background (between two polls). Once the
   * new generation is joined, offsets of partitions it still gives this member are committed with
   * it; if some were reassigned, the commit fails (their new owner starts from the last commit).
   */
  private async commitAfterRejoin(offsets: readonly TopicPartitionOffset[], seq: number, context: string, failure: KafkaError): Promise<void> {
    this.releaseHeld();
    const deadline = this.clock.now() + (this.options.rebalanceTimeoutMs ?? 60_000);
    while (this.joinSeq === seq && !this.closed) {
      if (!(await settledWithin(this.clock, this.wake.next(), deadline - this.clock.now()))) throw failure;
    }
    if (this.joinSeq === seq) throw failure;
    const assigned = new Set(this.kafkaAssignment.map(tpKey));
    const moved = offsets.filter((o) => !assigned.has(tpKey(o)));
    if (moved.length > 0) {
      throw new KafkaError(failure.errorCode, `${context}: a rebalance reassigned ${moved.map((o) => `${o.topic}-${o.partition}`).join(', ')} before the commit landed`, { cause: failure });
    }
    await kafkaCall(context, () => this.sendCommit(offsets));
  }

  seek(partition: TopicPartition, offset: number): void {
    this.assertOwned(partition, 'seek');
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`seek offset must be a non-negative integer, got ${offset}`);
    const key = tpKey(partition);
    this.positions.set(key, offset);
    for (const handoff of this.queue) if (tpKey(handoff.tp) === key) this.withdraw(handoff);
    this.queue = this.queue.filter((h) => h.state === 'queued');
    this.consumer.seek({ topic: partition.topic, partition: partition.partition, offset: String(offset) });
    this.wake.fire();
  }

  pause(partitions: TopicPartition[]): void {
    for (const tp of partitions) this.assertOwned(tp, 'pause');
    for (const tp of partitions) {
      this.paused.add(tpKey(tp));
      this.consumer.pause([{ topic: tp.topic, partitions: [tp.partition] }]);
    }
    for (const handoff of this.queue) if (this.paused.has(tpKey(handoff.tp))) this.withdraw(handoff);
    this.queue = this.queue.filter((h) => h.state === 'queued');
  }

  resume(partitions: TopicPartition[]): void {
    for (const tp of partitions) {
      if (!this.paused.delete(tpKey(tp))) continue;
      this.consumer.resume([{ topic: tp.topic, partitions: [tp.partition] }]);
    }
    this.wake.fire();
  }

  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    try {
      const owned = this.assignment();
      if (owned.length > 0) await this.options.listener?.onPartitionsRevoked?.(owned);
    } finally {
      this.closed = true;
      for (const handoff of this.queue) this.withdraw(handoff);
      this.queue = [];
      this.releaseHeld();
      this.owned.clear();
      this.wake.fire();
      this.context.onClose();
      // Stops the fetch loop, waits for in-flight eachBatch calls, leaves the group, disconnects.
      await kafkaCall(`group "${this.groupId}": closing`, () => this.consumer.disconnect());
    }
  }

  private assertOwned(tp: TopicPartition, action: string): void {
    if (!this.owned.has(tpKey(tp))) {
      throw new KafkaError(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `group "${this.groupId}": cannot ${action} ${tp.topic}-${tp.partition}, it is not assigned to this member`, { domain: 'internal' });
    }
  }

  private assertOpen(): void {
    if (this.closing) throw new KafkaError(ErrorCode.INVALID_REQUEST, `the consumer of group "${this.groupId}" is closed`, { domain: 'internal' });
  }
}
