/**
 * The durable log of one partition: a list of segments (oldest first, the last one active),
 * appended to synchronously and fsynced with group commit.
 *
 * Invariants:
 * - Offsets are assigned here, consecutively from `logEndOffset`; batches are stored exactly as
 *   given apart from their baseOffset (outside the CRC). `logEndOffset` is also the high watermark.
 * - Segments are sorted by base offset and cover [logStartOffset, logEndOffset) without overlap;
 *   compaction may leave gaps but never moves an offset.
 * - `sync()` resolves only after everything appended before the call is on disk; one fsync
 *   round at a time (SyncScheduler). Segments rolled since the last round are fsynced in the next
 *   one, after which the recovery point moves to the active segment.
 * - `close()` leaves a clean-shutdown marker; its absence at `open` triggers recovery.
 */
import { baseOffsetAt, batchSizeAt, lastOffsetAt, maxTimestampAt } from '../records/batch-header.js';
import { ErrorCode, KafkaError } from '../errors.js';
import { systemClock, type Clock, type Disposable } from '../../util/clock.js';
import { assignOffsets } from './assign-offsets.js';
import { compactSegments, emptyCompactionResult, type CompactionHost, type CompactionResult } from './compaction.js';
import { resolveLogConfig, type LogConfig } from './log-config.js';
import { linkSegments, loadSegments, writeCleanShutdown, writeRecoveryPoint } from './recovery.js';
import { segmentsToDelete } from './retention.js';
import { Segment, floorSegment, type LogContext } from './segment.js';
import type { Storage } from './storage.js';
import { SyncScheduler } from './sync-scheduler.js';
import { findOffsetForTimestamp, type TimestampOffset } from './timestamp-lookup.js';

export interface PartitionLogOptions {
  /** The partition's own directory. */
  storage: Storage;
  /** The partition's name for messages, e.g. "orders-0". */
  name: string;
  config?: Partial<LogConfig>;
  clock?: Clock;
  /** Receives warnings (recovery truncations, rebuilt indexes); console.warn by default. */
  logger?: (message: string) => void;
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
}

export type AppendListener = (appended: AppendResult) => void;

const EMPTY = Buffer.alloc(0);
const MAX_RELATIVE_OFFSET = 0x7fff_ffff;

export class PartitionLog {
  private readonly ctx: LogContext;
  private segments: Segment[] = [];
  private startOffset = 0;
  private endOffset = 0;
  private state: 'open' | 'closing' | 'closed' = 'open';
  private closing: Promise<void> | undefined;
  private readonly syncs = new SyncScheduler(() => this.flushRound());
  /** Rolled segments whose files are not fsynced yet. */
  private unsynced: Segment[] = [];
  /** Retired segments to close once the sync round touching them is over. */
  private closeLater: Segment[] = [];
  private compaction: Promise<CompactionResult> | undefined;
  /** Durably recorded: every segment below it is complete and fsynced. */
  private recoveryPoint = 0;
  private readonly listeners = new Set<AppendListener>();

  private constructor(
    options: PartitionLogOptions,
    private cfg: LogConfig,
    private readonly clock: Clock,
  ) {
    const logger = options.logger ?? ((message: string) => console.warn(message));
    const currentConfig = () => this.cfg;
    this.ctx = {
      storage: options.storage,
      name: options.name,
      get config() {
        return currentConfig();
      },
      warn: logger,
    };
  }

  static async open(options: PartitionLogOptions): Promise<PartitionLog> {
    const log = new PartitionLog(options, resolveLogConfig(options.config), options.clock ?? systemClock);
    const loaded = await loadSegments(log.ctx, log.clock);
    log.segments = loaded.segments;
    log.recoveryPoint = loaded.recoveryPoint;
    log.startOffset = log.segments[0]!.baseOffset;
    log.endOffset = log.active.nextOffset;
    return log;
  }

  get name(): string {
    return this.ctx.name;
  }

  get config(): Readonly<LogConfig> {
    return this.cfg;
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  /** The next offset to assign; also the high watermark of this single-replica log. */
  get logEndOffset(): number {
    return this.endOffset;
  }

  get sizeBytes(): number {
    let total = 0;
    for (const segment of this.segments) total += segment.size;
    return total;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Base offsets of the segments, oldest first (for tools and tests). */
  segmentBaseOffsets(): number[] {
    return this.segments.map((segment) => segment.baseOffset);
  }

  /** Replaces the config (missing fields take the defaults); applies from the next append. */
  setConfig(config: Partial<LogConfig>): void {
    this.cfg = resolveLogConfig(config);
  }

  /**
   * Appends one or more validated RecordBatch v2 batches, assigning their offsets in place.
   * One storage write; per batch only header fields are touched.
   */
  append(batches: Buffer): AppendResult {
    this.checkOpen();
    const length = batches.length;
    const baseOffset = this.endOffset;
    const { nextOffset: next, batchCount } = assignOffsets(batches, baseOffset, this.name);
    const lastOffset = next - 1;
    let active = this.active;
    if (this.shouldRoll(active, length, lastOffset, batchCount)) active = this.roll(baseOffset);
    const position = active.size;
    this.write(active, batches, position);
    active.rollStartMs ??= this.clock.now();
    for (let pos = 0; pos < length; ) {
      const size = batchSizeAt(batches, pos);
      active.indexBatch(position + pos, size, baseOffsetAt(batches, pos), lastOffsetAt(batches, pos), maxTimestampAt(batches, pos));
      pos += size;
    }
    this.endOffset = next;
    const appended = { baseOffset, lastOffset };
    for (const listener of this.listeners) this.notify(listener, appended);
    return appended;
  }

  /** Resolves once everything appended before the call is durable (group commit). */
  sync(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(this.closedError());
    return this.syncs.request();
  }

  /**
   * Whole batches from the one holding `offset` (or the first after a compaction gap), up to
   * `maxBytes` but always at least one batch. Empty at the log end offset. `shareMemory`: the
   * storage's own bytes where it can hand them out (read only; see Segment#read).
   */
  read(offset: number, maxBytes: number, shareMemory = false): Buffer {
    this.checkOpen();
    if (offset < this.startOffset || offset > this.endOffset) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `offset ${offset} is outside [${this.startOffset}, ${this.endOffset}) of ${this.name}`);
    }
    if (offset === this.endOffset) return EMPTY;
    for (let i = Math.max(0, floorSegment(this.segments, offset)); i < this.segments.length; i++) {
      const data = this.segments[i]!.read(offset, maxBytes, shareMemory);
      if (data) return data;
    }
    return EMPTY;
  }

  /** The earliest offset whose record timestamp is >= `timestampMs`, with that timestamp; null if none. */
  offsetForTimestamp(timestampMs: number): TimestampOffset | null {
    this.checkOpen();
    return findOffsetForTimestamp(this.segments, timestampMs, this.startOffset);
  }

  /** Deletes whole expired or excess segments (delete policy); returns how many. */
  applyRetention(nowMs: number): number {
    this.checkOpen();
    if (!this.cfg.cleanupPolicy.delete || this.compaction) return 0;
    const count = segmentsToDelete(this.segments, this.cfg, nowMs);
    if (count === 0) return 0;
    for (const segment of this.segments.splice(0, count)) this.retire(segment, true);
    this.startOffset = Math.max(this.startOffset, this.segments[0]!.baseOffset);
    return count;
  }

  /**
   * Kafka's DeleteRecords: records below `offset` are no longer readable (the log start offset
   * moves up to it; fetching below it is out of range), and the segments wholly below it are
   * deleted (never the active one). Within a segment the records stay on disk, so a broker that
   * restarts starts the log at that segment's base offset again. Returns the log start offset.
   */
  deleteRecordsBefore(offset: number): number {
    this.checkOpen();
    if (!this.cfg.cleanupPolicy.delete) {
      throw new KafkaError(ErrorCode.POLICY_VIOLATION, `cannot delete records of ${this.name}: its cleanup.policy is compact only (Kafka allows DeleteRecords only with delete)`);
    }
    if (offset < 0 || offset > this.endOffset) {
      throw new KafkaError(ErrorCode.OFFSET_OUT_OF_RANGE, `cannot delete records before offset ${offset}: ${this.name} holds [${this.startOffset}, ${this.endOffset})`);
    }
    if (this.compaction) throw new KafkaError(ErrorCode.REQUEST_TIMED_OUT, `cannot delete records of ${this.name} while it is being compacted; try again`);
    if (offset <= this.startOffset) return this.startOffset;
    let count = 0;
    while (count < this.segments.length - 1 && this.segments[count + 1]!.baseOffset <= offset) count++;
    for (const segment of this.segments.splice(0, count)) this.retire(segment, true);
    this.startOffset = offset;
    return offset;
  }

  /**
   * Compacts the inactive segments (compact policy). Never rejects: a failure is logged and
   * reported in the result's `error`. Concurrent calls share one run.
   */
  compact(nowMs: number): Promise<CompactionResult> {
    if (this.compaction) return this.compaction;
    if (this.state !== 'open' || !this.cfg.cleanupPolicy.compact) return Promise.resolve(emptyCompactionResult());
    const run = this.runCompaction(nowMs)
      .catch((error: unknown) => {
        const failure = error instanceof Error ? error : new Error(String(error));
        this.ctx.warn(`${this.name}: compaction failed: ${failure.message}`);
        return { ...emptyCompactionResult(), error: failure };
      })
      .finally(() => {
        this.compaction = undefined;
      });
    this.compaction = run;
    return run;
  }

  /** Notifies `listener` after each append (wakes long-polling fetches). */
  onAppend(listener: AppendListener): Disposable {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  /** Flushes indexes, fsyncs everything and writes the clean-shutdown marker. */
  close(): Promise<void> {
    this.closing ??= this.shutdown(false);
    return this.closing;
  }

  /** Closes the log and removes all of the partition's files. */
  deleteAll(): Promise<void> {
    if (this.state === 'closed') {
      this.ctx.storage.destroy();
      return Promise.resolve();
    }
    this.closing ??= this.shutdown(true);
    return this.closing;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  private shouldRoll(active: Segment, bytes: number, lastOffset: number, batchCount: number): boolean {
    if (active.size === 0) return false;
    const config = this.cfg;
    if (active.size + bytes > config.segmentBytes) return true;
    if (active.rollStartMs !== undefined && this.clock.now() - active.rollStartMs > config.segmentMs) return true;
    if (active.offsetIndex.entries + batchCount > Math.floor(config.segmentIndexBytes / 8)) return true;
    if (active.timeIndex.entries + batchCount > Math.floor(config.segmentIndexBytes / 12)) return true;
    return lastOffset - active.baseOffset > MAX_RELATIVE_OFFSET;
  }

  private roll(baseOffset: number): Segment {
    const old = this.active;
    old.seal();
    old.limitOffset = baseOffset;
    this.unsynced.push(old);
    const segment = new Segment(this.ctx, baseOffset);
    if (segment.size > 0) {
      this.ctx.warn(`${segment.label}: discarding ${segment.size} stray bytes found when rolling to it`);
      segment.log.truncate(0);
    }
    segment.indexesLoaded = true;
    this.segments.push(segment);
    return segment;
  }

  private write(active: Segment, batches: Buffer, position: number): void {
    try {
      active.log.append(batches);
    } catch (error) {
      try {
        active.log.truncate(position);
      } catch (truncateError) {
        this.ctx.warn(`${active.label}: could not undo a failed append: ${String(truncateError)}`);
      }
      throw new KafkaError(ErrorCode.UNKNOWN_SERVER_ERROR, `could not write to ${active.label}: ${(error as Error).message}`, {
        cause: error,
        domain: 'external',
      });
    }
  }

  private notify(listener: AppendListener, appended: AppendResult): void {
    try {
      listener(appended);
    } catch (error) {
      this.ctx.warn(`${this.name}: an append listener threw: ${String(error)}`);
    }
  }

  /** One group-commit round: rolled segments in full, the active log up to its current size. */
  private async flushRound(): Promise<void> {
    const rolled = this.unsynced.splice(0);
    const active = this.active;
    const activeSize = active.size;
    // Pending index entries go to their files (no fsync: recovery rebuilds the active segment's).
    active.flushIndexes();
    let done = 0;
    try {
      for (const segment of rolled) {
        await this.syncSegmentFiles(segment);
        done++;
      }
      if (activeSize > active.syncedSize && !this.isRetired(active)) {
        await active.log.sync();
        active.syncedSize = Math.max(active.syncedSize, activeSize);
      }
      await this.ctx.storage.syncDirectory();
      if (rolled.length > 0 && active.baseOffset > this.recoveryPoint) {
        await writeRecoveryPoint(this.ctx.storage, active.baseOffset);
        this.recoveryPoint = Math.max(this.recoveryPoint, active.baseOffset);
      }
    } catch (error) {
      this.unsynced.unshift(...rolled.slice(done).filter((segment) => !this.isRetired(segment)));
      throw error;
    } finally {
      for (const segment of this.closeLater.splice(0)) segment.close();
    }
  }

  private async syncSegmentFiles(segment: Segment): Promise<void> {
    if (this.isRetired(segment)) return;
    await segment.log.sync();
    segment.syncedSize = segment.size;
    if (this.isRetired(segment)) return;
    await segment.offsetIndex.sync();
    if (this.isRetired(segment)) return;
    await segment.timeIndex.sync();
    if (segment !== this.active) {
      segment.offsetIndex.release();
      segment.timeIndex.release();
    }
  }

  private isRetired(segment: Segment): boolean {
    return !this.segments.includes(segment);
  }

  /** Takes a segment out of service: deletes its files if asked, closes it when no sync uses it. */
  private retire(segment: Segment, deleteFiles: boolean): void {
    this.unsynced = this.unsynced.filter((s) => s !== segment);
    if (deleteFiles) for (const name of segment.fileNames()) this.ctx.storage.delete(name);
    if (this.syncs.busy) this.closeLater.push(segment);
    else segment.close();
  }

  private compactionHost(): CompactionHost {
    return {
      ctx: this.ctx,
      segments: () => this.segments,
      replaceSegment: (old, replacement) => {
        const i = this.segments.indexOf(old);
        if (i < 0) throw new Error(`${old.label} is no longer part of the log`);
        if (replacement) {
          replacement.syncedSize = replacement.size;
          this.segments[i] = replacement;
        } else {
          this.segments.splice(i, 1);
        }
        linkSegments(this.segments);
        this.retire(old, !replacement);
      },
    };
  }

  private async runCompaction(nowMs: number): Promise<CompactionResult> {
    // Only durable data may decide what to drop: a record superseded by one a crash could still
    // lose must stay. So sync first and read at most what was appended before the sync.
    const extents = this.segments.map((segment) => ({ segment, end: segment.size }));
    await this.sync();
    if (this.state !== 'open') return emptyCompactionResult();
    const durable = extents.filter(({ segment }) => this.segments.includes(segment));
    return compactSegments(this.compactionHost(), durable, this.recoveryPoint, nowMs);
  }

  private async shutdown(deleteFiles: boolean): Promise<void> {
    this.state = 'closing';
    this.listeners.clear();
    if (this.compaction) await this.compaction;
    await this.syncs.idle();
    if (!deleteFiles) {
      const active = this.active;
      active.seal();
      for (const segment of this.unsynced.splice(0)) await this.syncSegmentFiles(segment);
      await active.log.sync();
      await active.offsetIndex.sync();
      await active.timeIndex.sync();
      await writeRecoveryPoint(this.ctx.storage, active.baseOffset);
      await writeCleanShutdown(this.ctx.storage);
    }
    for (const segment of this.segments) segment.close();
    if (deleteFiles) this.ctx.storage.destroy();
    this.state = 'closed';
  }

  private checkOpen(): void {
    if (this.state !== 'open') throw this.closedError();
  }

  private closedError(): KafkaError {
    return new KafkaError(ErrorCode.NOT_LEADER_OR_FOLLOWER, `the log of ${this.name} is closed`);
  }
}
