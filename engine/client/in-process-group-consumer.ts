/**
 * InProcessGroupConsumer: a member of a classic consumer group through the embedded broker's
 * GroupCoordinator (reached through a BrokerAccess: in this thread or over a MessagePort), with Java KafkaConsumer's pull model. Nothing happens between polls except
 * heartbeats on a Clock timer; a heartbeat answered REBALANCE_IN_PROGRESS wakes the current poll
 * (if any), heartbeats go on, and the next poll rejoins (the join itself runs in the background
 * and a poll waits for it at most its maxWaitMs). A member that does not poll for the group's
 * rebalance timeout during a rebalance is dropped from the group, as in Java.
 *
 * Rebalance (cooperative hand-over, see group-assignment.ts): the member declares the partitions
 * it owns when it joins, so the leader never gives them to someone else in the same rebalance.
 * After SyncGroup, inside poll(): onPartitionsRevoked(owned − new) runs while the partitions are
 * still this member's (commits there are safe: nobody else reads them yet), then
 * onPartitionsAssigned(new − owned), then positions of new partitions come from committed offsets
 * (or `autoOffsetReset`); if anything was revoked the member rejoins at once, and that second
 * rebalance hands the revoked partitions over. Partitions kept across a rebalance see neither
 * callback. A member that lost its membership (session expired) declares nothing when it rejoins.
 *
 * Polls are bounded by `maxPollRecords` (default 500): a fetch is kept as bytes per partition and
 * decoded as polls take records, each poll shared among the partitions that have some; partitions
 * with nothing buffered are fetched again first (without waiting while others have records).
 * When a poll returns records and empties a partition's buffer, the next fetch for it is sent at
 * once (without waiting on the broker) and read by the next poll, so the broker serves it while
 * the caller processes (Java's consumer pipelines fetches the same way); a prefetched result
 * counts only for a partition still owned, unpaused and at the offset it was fetched for.
 *
 * Invariants: records are returned only for owned, unpaused partitions at their current position;
 * positions advance only past records poll() returned; the consumer never commits on its own.
 */
import { ErrorCode, KafkaError, errorName } from '../broker/errors.js';
import type { FetchOptions, FetchPartitionResult } from '../broker/fetch.js';
import type { Clock, Disposable } from '../util/clock.js';
import { FetchedRecords } from './batch-decoding.js';
import type { BrokerAccess } from './broker-access.js';
import { GroupMembership } from './in-process-membership.js';
import type { ConsumedRecord, GroupConsumer, GroupConsumerOptions, LogClient, TopicPartition, TopicPartitionOffset } from './log-client.js';
import { heartbeatIntervalOf } from './log-client.js';
import { assertCommittable } from './commit-check.js';
import { sortPartitions, subtractPartitions, tpKey } from './group-assignment.js';
import { Signal, settledWithin } from './poll-signals.js';
import { DEFAULT_FETCH_MAX_BYTES, DEFAULT_PARTITION_FETCH_BYTES } from './fetch-defaults.js';

/** Java's max.poll.records default. */
const DEFAULT_MAX_POLL_RECORDS = 500;

export interface InProcessGroupConsumerContext {
  clock: Clock;
  clientId: string;
  onClose(): void;
}

/** A fetch sent ahead of the next poll: the offset it asked per partition, and its results. */
interface Prefetch {
  offsets: Map<string, number>;
  results: Promise<FetchPartitionResult[] | undefined>;
}

export class InProcessGroupConsumer implements GroupConsumer {
  readonly groupId: string;
  private readonly membership: GroupMembership;
  private readonly owned = new Map<string, TopicPartition>();
  private readonly positions = new Map<string, number>();
  private readonly paused = new Set<string>();
  /** Fetched, not yet returned records per partition; valid while its nextOffset is the position. */
  private readonly fetched = new Map<string, FetchedRecords>();
  private readonly maxPollRecords: number;
  private readonly wake = new Signal();
  private readonly clock: Clock;
  private heartbeatTimer: Disposable | undefined;
  private polling = false;
  private closing = false;
  private closed = false;
  private prefetch: Prefetch | undefined;

  constructor(
    private readonly broker: BrokerAccess,
    private readonly client: Pick<LogClient, 'committedOffsets' | 'listOffsets'>,
    private readonly options: GroupConsumerOptions,
    private readonly context: InProcessGroupConsumerContext,
  ) {
    this.groupId = options.groupId;
    this.clock = context.clock;
    this.maxPollRecords = options.maxPollRecords ?? DEFAULT_MAX_POLL_RECORDS;
    if (!(this.maxPollRecords >= 1)) throw new RangeError(`maxPollRecords must be at least 1, got ${this.maxPollRecords}`);
    this.membership = new GroupMembership(broker.groups, options, {
      clientId: context.clientId,
      partitionCount: (topic) => broker.partitionCount(topic),
      owned: () => [...this.owned.values()],
      isClosing: () => this.closing,
      onSettled: () => {
        this.scheduleHeartbeat();
        this.wake.fire();
      },
    });
  }

  get memberId(): string {
    return this.membership.memberId;
  }

  assignment(): TopicPartition[] {
    return sortPartitions(this.owned.values());
  }

  async poll(maxWaitMs: number): Promise<ConsumedRecord[]> {
    this.assertOpen();
    if (this.polling) throw new KafkaError(ErrorCode.INVALID_REQUEST, `poll() of group "${this.groupId}" is already running`, { domain: 'internal' });
    this.polling = true;
    try {
      return await this.pollOnce(this.clock.now() + Math.max(0, maxWaitMs));
    } finally {
      this.polling = false;
    }
  }

  private async pollOnce(deadline: number): Promise<ConsumedRecord[]> {
    for (;;) {
      if (this.closed) return [];
      this.membership.throwFailure();
      if (this.membership.needsJoin) {
        this.stopHeartbeats();
        this.membership.startJoin();
      }
      const assignment = this.membership.takeAssignment();
      if (assignment) {
        await this.applyAssignment(assignment);
        continue;
      }
      const joining = this.membership.joining;
      if (joining) {
        if (!(await settledWithin(this.clock, joining, deadline - this.clock.now()))) return [];
        continue;
      }
      if (this.prefetch !== undefined) {
        await this.takePrefetch(this.prefetch);
        continue;
      }
      const requests = this.fetchRequests();
      const buffered = this.hasBuffered();
      const remaining = deadline - this.clock.now();
      if (requests.length === 0 && !buffered) {
        if (!(await settledWithin(this.clock, this.wake.next(), remaining))) return [];
        continue;
      }
      if (requests.length > 0) {
        const woken = this.wake.next();
        // With records buffered for other partitions, only look: do not park the poll.
        const maxWaitMs = buffered ? 0 : Math.max(0, remaining);
        const fetching = Promise.resolve().then(() =>
          this.broker.fetch(requests, this.fetchOptions(maxWaitMs)),
        );
        const results = await Promise.race([fetching, woken.then(() => undefined)]);
        if (results === undefined) {
          // Woken (rebalance, seek, pause, close): the parked fetch is abandoned and its result
          // dropped; it cannot fail in a way the next fetch would not report again.
          fetching.catch((error: unknown) => void error);
          continue;
        }
        await this.keepFetched(results);
      }
      const records = this.takeBuffered();
      if (records.length > 0) this.sendPrefetch();
      if (records.length > 0 || this.clock.now() >= deadline) return records;
    }
  }

  /** Span records are only read in place, so they may be the log's own memory (FetchOptions). */
  private fetchOptions(maxWaitMs: number): FetchOptions {
    const maxBytes = this.options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES;
    return { maxWaitMs, minBytes: 1, maxBytes, shareLogMemory: this.options.spanRecords === true };
  }

  /** Sends the fetch the next poll will need (partitions whose buffer this poll emptied). */
  private sendPrefetch(): void {
    if (this.prefetch !== undefined || this.closed) return;
    const requests = this.fetchRequests();
    if (requests.length === 0) return;
    const results = Promise.resolve()
      .then(() => this.broker.fetch(requests, this.fetchOptions(0)))
      // A failed prefetch is dropped: the poll's own fetch reports the failure again.
      .catch(() => undefined);
    this.prefetch = { offsets: new Map(requests.map((r) => [tpKey(r), r.fetchOffset])), results };
  }

  /** Keeps what the prefetch returned for partitions still at the offsets it was sent for. */
  private async takePrefetch(prefetch: Prefetch): Promise<void> {
    this.prefetch = undefined;
    const results = await Promise.race([prefetch.results, this.wake.next().then(() => undefined)]);
    if (results === undefined) return;
    await this.keepFetched(results.filter((r) => this.positions.get(tpKey(r)) === prefetch.offsets.get(tpKey(r))));
  }

  /** The owned, unpaused partitions at `position` that have records buffered for it. */
  private usableBuffers(): Array<[string, FetchedRecords]> {
    const usable: Array<[string, FetchedRecords]> = [];
    for (const [key, reader] of this.fetched) {
      if (!this.owned.has(key) || this.positions.get(key) !== reader.nextOffset || reader.exhausted) this.fetched.delete(key);
      else if (!this.paused.has(key)) usable.push([key, reader]);
    }
    return usable;
  }

  private hasBuffered(): boolean {
    return this.usableBuffers().length > 0;
  }

  private fetchRequests() {
    const perPartition = Math.min(this.options.maxBytes ?? DEFAULT_FETCH_MAX_BYTES, DEFAULT_PARTITION_FETCH_BYTES);
    const requests = [];
    for (const [key, tp] of this.owned) {
      const position = this.positions.get(key);
      if (position === undefined || this.paused.has(key)) continue;
      const reader = this.fetched.get(key);
      if (reader !== undefined && reader.nextOffset === position && !reader.exhausted) continue;
      requests.push({ topic: tp.topic, partition: tp.partition, fetchOffset: position, maxBytes: perPartition });
    }
    return requests;
  }

  /** Keeps what a fetch returned, per partition, for takeBuffered to decode. */
  private async keepFetched(results: FetchPartitionResult[]): Promise<void> {
    for (const result of results) {
      const tp = { topic: result.topic, partition: result.partition };
      const key = tpKey(tp);
      const position = this.positions.get(key);
      if (!this.owned.has(key) || this.paused.has(key) || position === undefined) continue;
      if (result.errorCode === ErrorCode.OFFSET_OUT_OF_RANGE) {
        await this.resetPosition(tp);
        continue;
      }
      if (result.errorCode !== ErrorCode.NONE) {
        throw new KafkaError(
          result.errorCode,
          `group "${this.groupId}": fetching ${tp.topic}-${tp.partition} at offset ${position} failed with ${errorName(result.errorCode)}${result.errorMessage ? `: ${result.errorMessage}` : ''}`,
        );
      }
      if (result.records.length === 0) continue;
      const reader = new FetchedRecords(tp.topic, tp.partition, result.records, position, this.options.spanRecords === true);
      if (reader.exhausted) this.positions.set(key, reader.nextOffset);
      else this.fetched.set(key, reader);
    }
  }

  /** Up to maxPollRecords buffered records, shared among the partitions that have some. */
  private takeBuffered(): ConsumedRecord[] {
    const records: ConsumedRecord[] = [];
    const usable = this.usableBuffers();
    let left = this.maxPollRecords;
    usable.forEach(([key, reader], i) => {
      reader.take(Math.ceil(left / (usable.length - i)), records);
      left = this.maxPollRecords - records.length;
      this.positions.set(key, reader.nextOffset);
      if (reader.exhausted) this.fetched.delete(key);
    });
    return records;
  }

  /** Runs the listener for a new assignment (inside poll) and positions new partitions. */
  private async applyAssignment(assignment: TopicPartition[]): Promise<void> {
    const listener = this.options.listener;
    const revoked = subtractPartitions(this.owned.values(), assignment);
    const added = subtractPartitions(assignment, this.owned.values());
    if (revoked.length > 0) {
      try {
        await listener?.onPartitionsRevoked?.(revoked);
      } finally {
        for (const tp of revoked) this.forget(tpKey(tp));
        this.membership.requestRejoin();
      }
    }
    for (const tp of added) this.owned.set(tpKey(tp), tp);
    if (added.length === 0) return;
    try {
      await listener?.onPartitionsAssigned?.(added);
    } finally {
      await this.positionNewPartitions(added);
    }
  }

  /** Committed offsets (or `autoOffsetReset`) for new partitions the listener did not seek. */
  private async positionNewPartitions(added: TopicPartition[]): Promise<void> {
    const unpositioned = added.filter((tp) => this.owned.has(tpKey(tp)) && !this.positions.has(tpKey(tp)));
    if (unpositioned.length === 0) return;
    const committed = await this.client.committedOffsets(this.groupId, unpositioned);
    for (const entry of committed) {
      const key = tpKey(entry);
      if (!this.owned.has(key) || this.positions.has(key)) continue;
      if (entry.offset >= 0) this.positions.set(key, entry.offset);
      else await this.resetPosition(entry);
    }
  }

  private async resetPosition(tp: TopicPartition): Promise<void> {
    const offset = await this.client.listOffsets(tp, this.options.autoOffsetReset ?? 'earliest');
    if (this.owned.has(tpKey(tp))) this.positions.set(tpKey(tp), offset);
  }

  private forget(key: string): void {
    this.fetched.delete(key);
    this.owned.delete(key);
    this.positions.delete(key);
    this.paused.delete(key);
  }

  async commit(offsets: TopicPartitionOffset[]): Promise<void> {
    // Allowed while closing: the revocation listener commits.
    assertCommittable({ groupId: this.groupId, memberId: this.memberId, closed: this.closed, owned: this.owned }, offsets);
    if (offsets.length === 0) return;
    await this.membership.commit(offsets);
  }

  seek(partition: TopicPartition, offset: number): void {
    this.assertOwned(partition, 'seek');
    if (!Number.isInteger(offset) || offset < 0) throw new RangeError(`seek offset must be a non-negative integer, got ${offset}`);
    this.positions.set(tpKey(partition), offset);
    this.wake.fire();
  }

  pause(partitions: TopicPartition[]): void {
    for (const tp of partitions) this.assertOwned(tp, 'pause');
    for (const tp of partitions) this.paused.add(tpKey(tp));
    this.wake.fire();
  }

  resume(partitions: TopicPartition[]): void {
    for (const tp of partitions) this.paused.delete(tpKey(tp));
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
      this.stopHeartbeats();
      for (const key of [...this.owned.keys()]) this.forget(key);
      this.wake.fire();
      this.context.onClose();
      await this.membership.leave();
    }
  }

  // ── heartbeats ────────────────────────────────────────────────────────────────────────────

  private scheduleHeartbeat(): void {
    this.stopHeartbeats();
    if (this.closing) return;
    this.heartbeatTimer = this.clock.schedule(heartbeatIntervalOf(this.options), () => {
      this.heartbeatTimer = undefined;
      void this.membership.heartbeat().then((keepGoing) => {
        if (keepGoing) this.scheduleHeartbeat();
        if (this.membership.needsJoin || !keepGoing) this.wake.fire();
      });
    });
  }

  private stopHeartbeats(): void {
    this.heartbeatTimer?.dispose();
    this.heartbeatTimer = undefined;
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
