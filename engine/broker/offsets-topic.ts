/**
 * Committed offsets kept durably in the internal compacted topic `__consumer_offsets`, in Kafka's
 * own record formats (OffsetCommitKey v1, OffsetCommitValue v3), so tools that read that topic
 * understand it. The latest record per (group, topic, partition) wins; a tombstone deletes. On
 * start the whole topic is replayed into memory; afterwards reads come from memory and every
 * commit is appended to the log before it is acknowledged (fsync follows in the background, as
 * Kafka relies on replication rather than a per-commit fsync).
 */
import type { CommittedOffset, OffsetStore } from './group/offset-store.js';
import { decodeRecords, encodeBatch, type RecordInput } from './records/record-batch.js';
import { forEachBatch } from './records/batch-validate.js';
import { Offsets, isControlBatch } from './records/batch-header.js';
import type { Clock } from '../util/clock.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

export interface OffsetsLog {
  partitionCount: number;
  /** Appends a batch to the partition (it survives a broker process crash once this returns). */
  append(partition: number, batch: Buffer): void;
  /** Every batch of the partition from the start, in order. */
  readAll(partition: number): Buffer[];
}

function writeString(parts: Buffer[], value: string): void {
  const bytes = Buffer.from(value, 'utf8');
  const length = Buffer.alloc(2);
  length.writeInt16BE(bytes.length);
  parts.push(length, bytes);
}

export function encodeOffsetKey(groupId: string, topic: string, partition: number): Buffer {
  const parts: Buffer[] = [Buffer.from([0, 1])];
  writeString(parts, groupId);
  writeString(parts, topic);
  const p = Buffer.alloc(4);
  p.writeInt32BE(partition);
  parts.push(p);
  return Buffer.concat(parts);
}

export function encodeOffsetValue(offset: CommittedOffset): Buffer {
  const metadata = Buffer.from(offset.metadata ?? '', 'utf8');
  const buf = Buffer.alloc(2 + 8 + 4 + 2 + metadata.length + 8);
  let pos = buf.writeInt16BE(3, 0);
  pos = buf.writeBigInt64BE(BigInt(offset.offset), pos);
  pos = buf.writeInt32BE(offset.leaderEpoch, pos);
  pos = buf.writeInt16BE(metadata.length, pos);
  pos += metadata.copy(buf, pos);
  buf.writeBigInt64BE(BigInt(offset.commitTimestampMs), pos);
  return buf;
}

interface OffsetKey {
  groupId: string;
  topic: string;
  partition: number;
}

function readString(buf: Buffer, pos: number): [string, number] {
  const length = buf.readInt16BE(pos);
  return [buf.toString('utf8', pos + 2, pos + 2 + length), pos + 2 + length];
}

/** The key, or undefined for record kinds Sluice does not keep here (group metadata, v2 keys). */
export function decodeOffsetKey(buf: Buffer): OffsetKey | undefined {
  const version = buf.readInt16BE(0);
  if (version !== 0 && version !== 1) return undefined;
  const [groupId, afterGroup] = readString(buf, 2);
  const [topic, afterTopic] = readString(buf, afterGroup);
  return { groupId, topic, partition: buf.readInt32BE(afterTopic) };
}

export function decodeOffsetValue(key: OffsetKey, buf: Buffer): CommittedOffset {
  const version = buf.readInt16BE(0);
  let pos = 2;
  const offset = Number(buf.readBigInt64BE(pos));
  pos += 8;
  let leaderEpoch = -1;
  if (version >= 3) {
    leaderEpoch = buf.readInt32BE(pos);
    pos += 4;
  }
  const [metadata, afterMetadata] = readString(buf, pos);
  const commitTimestampMs = Number(buf.readBigInt64BE(afterMetadata));
  return { topic: key.topic, partition: key.partition, offset, leaderEpoch, metadata, commitTimestampMs };
}

/** Java's String.hashCode, which Kafka uses to place a group on an offsets partition. */
function javaStringHash(value: string): number {
  let hash = 0;
  for (let i = 0; i < value.length; i++) hash = (Math.imul(hash, 31) + value.charCodeAt(i)) | 0;
  return hash;
}

const mapKey = (topic: string, partition: number): string => `${partition}:${topic}`;

export class OffsetsTopicStore implements OffsetStore {
  private readonly groups = new Map<string, Map<string, CommittedOffset>>();

  private constructor(
    private readonly log: OffsetsLog,
    private readonly clock: Clock,
  ) {}

  /** Replays the offsets topic into memory. */
  static load(log: OffsetsLog, clock: Clock): OffsetsTopicStore {
    const store = new OffsetsTopicStore(log, clock);
    for (let partition = 0; partition < log.partitionCount; partition++) {
      for (const chunk of log.readAll(partition)) store.replay(chunk);
    }
    return store;
  }

  private replay(chunk: Buffer): void {
    forEachBatch(chunk, (pos) => {
      if (isControlBatch(chunk.readInt16BE(pos + Offsets.attributes))) return;
      for (const record of decodeRecords(chunk, pos)) {
        if (!record.key) continue;
        const key = decodeOffsetKey(record.key);
        if (!key) continue;
        if (record.value === null) this.forget(key);
        else this.remember(key.groupId, decodeOffsetValue(key, record.value));
      }
    });
  }

  private remember(groupId: string, offset: CommittedOffset): void {
    let group = this.groups.get(groupId);
    if (!group) this.groups.set(groupId, (group = new Map()));
    group.set(mapKey(offset.topic, offset.partition), offset);
  }

  private forget(key: OffsetKey): void {
    const group = this.groups.get(key.groupId);
    group?.delete(mapKey(key.topic, key.partition));
    if (group?.size === 0) this.groups.delete(key.groupId);
  }

  private partitionFor(groupId: string): number {
    return (javaStringHash(groupId) & 0x7fffffff) % this.log.partitionCount;
  }

  async commit(groupId: string, offsets: CommittedOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const records: RecordInput[] = offsets.map((offset) => ({
      key: encodeOffsetKey(groupId, offset.topic, offset.partition),
      value: encodeOffsetValue(offset),
      timestamp: offset.commitTimestampMs,
    }));
    this.log.append(this.partitionFor(groupId), encodeBatch({ records }));
    for (const offset of offsets) this.remember(groupId, offset);
  }

  get(groupId: string, topic: string, partition: number): CommittedOffset | undefined {
    return this.groups.get(groupId)?.get(mapKey(topic, partition));
  }

  list(groupId: string): CommittedOffset[] {
    return [...(this.groups.get(groupId)?.values() ?? [])];
  }

  groupIds(): string[] {
    return [...this.groups.keys()];
  }

  async deleteGroup(groupId: string): Promise<void> {
    const offsets = this.list(groupId);
    if (offsets.length === 0) return;
    const now = this.clock.now();
    const records: RecordInput[] = offsets.map((offset) => ({
      key: encodeOffsetKey(groupId, offset.topic, offset.partition),
      value: null,
      timestamp: now,
    }));
    this.log.append(this.partitionFor(groupId), encodeBatch({ records }));
    this.groups.delete(groupId);
  }
}
