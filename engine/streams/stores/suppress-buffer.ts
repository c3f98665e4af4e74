/**
 * The suppression buffer (Kafka's InMemoryTimeOrderedKeyValueChangeBuffer): buffered KTable
 * changes ordered by (buffer time, key bytes), with non-resetting semantics — a key already
 * buffered keeps its place and time, only its value is replaced, and the value it had before
 * buffering started (the prior value) is kept. Evictions hand back the record with the record
 * context (timestamp, headers, origin) it was buffered with.
 *
 * Changelog: key bytes → buffer time, record context, prior value (if defined), old and new value;
 * an evicted key is logged as a tombstone.
 */
import type { Header, RecordMetadata } from '../processor/api.js';
import type { Change } from '../processor/change.js';
import type { Serde } from '../serdes/serde.js';
import { BinaryReader, BinaryWriter, SortedHexMap, hexOf } from './bytes.js';
import { notInitialized, type ChangelogRecord, type RuntimeStateStore, type StoreContext } from './state-store.js';

export interface BufferedRecordContext {
  readonly timestamp: number;
  readonly headers: readonly Header[];
  readonly origin: RecordMetadata | null;
}

export interface Eviction<K, V> {
  readonly key: K;
  readonly value: Change<V>;
  readonly context: BufferedRecordContext;
}

interface Slot {
  time: number;
  key: Buffer;
  newValue: Buffer | null;
  oldValue: Buffer | null;
  prior: { value: Buffer | null } | null;
  context: BufferedRecordContext;
}

function sortKey(time: number, keyHex: string): string {
  // Offset so that negative times order correctly as strings; 16 hex digits of (time + 2^53).
  return (BigInt(time) + 2n ** 53n).toString(16).padStart(16, '0') + ':' + keyHex;
}

export class InMemorySuppressBuffer<K, V> implements RuntimeStateStore {
  private readonly byKey = new Map<string, Slot>();
  private readonly ordered = new SortedHexMap<string>();
  private ctx: StoreContext | undefined;
  private bytes = 0;

  constructor(
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {}

  init(context: StoreContext): void {
    this.ctx = context;
  }

  private context(): StoreContext {
    if (!this.ctx) throw notInitialized(this.name);
    return this.ctx;
  }

  numRecords(): number {
    return this.byKey.size;
  }

  /** The buffered records' estimated size in bytes (Kafka's bufferSize; see slotSize). */
  bufferSize(): number {
    return this.bytes;
  }

  minTimestamp(): number {
    const first = this.ordered.firstKey();
    const slot = first === undefined ? undefined : this.byKey.get(this.ordered.get(first) ?? '');
    return slot ? slot.time : Number.MAX_SAFE_INTEGER;
  }

  put(time: number, key: K, value: Change<V>, context: BufferedRecordContext): void {
    const topic = this.context().serdeTopic;
    const keyBytes = this.keySerde.serialize(topic, key);
    if (keyBytes === null) throw new Error(`Suppression buffer ${this.name}: the key serde returned null`);
    const hex = hexOf(keyBytes);
    const newValue = value.newValue === null ? null : this.valueSerde.serialize(topic, value.newValue);
    const oldValue = value.oldValue === null ? null : this.valueSerde.serialize(topic, value.oldValue);
    const previous = this.byKey.get(hex);
    const slot: Slot = previous
      ? { ...previous, newValue, oldValue, context }
      : { time, key: keyBytes, newValue, oldValue, prior: { value: oldValue }, context };
    this.store(hex, slot);
    this.context().logChange(keyBytes, encodeSlot(slot));
  }

  /** The value the key had before it was buffered; undefined when the key is not buffered. */
  priorValueForBuffered(key: K): { value: V | null } | undefined {
    const topic = this.context().serdeTopic;
    const keyBytes = this.keySerde.serialize(topic, key);
    const slot = keyBytes ? this.byKey.get(hexOf(keyBytes)) : undefined;
    if (!slot?.prior) return undefined;
    return { value: slot.prior.value ? this.valueSerde.deserialize(topic, slot.prior.value) : null };
  }

  evictWhile(predicate: () => boolean, callback: (eviction: Eviction<K, V>) => void): void {
    const topic = this.context().serdeTopic;
    while (predicate()) {
      const first = this.ordered.firstKey();
      if (first === undefined) return;
      const hex = this.ordered.get(first) ?? '';
      const slot = this.byKey.get(hex);
      this.ordered.delete(first);
      this.byKey.delete(hex);
      if (!slot) continue;
      this.bytes -= slotSize(slot);
      this.context().logChange(slot.key, null);
      callback({
        key: this.keySerde.deserialize(topic, slot.key),
        value: {
          newValue: slot.newValue ? this.valueSerde.deserialize(topic, slot.newValue) : null,
          oldValue: slot.oldValue ? this.valueSerde.deserialize(topic, slot.oldValue) : null,
        },
        context: slot.context,
      });
    }
  }

  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      if (!r.key) continue;
      const hex = hexOf(r.key);
      const existing = this.byKey.get(hex);
      if (existing) {
        this.ordered.delete(sortKey(existing.time, hex));
        this.byKey.delete(hex);
        this.bytes -= slotSize(existing);
      }
      if (r.value) this.store(hex, decodeSlot(r.key, r.value));
    }
  }

  flush(): void {}

  close(): void {
    this.byKey.clear();
    this.ordered.clear();
    this.bytes = 0;
  }

  /** Adds or replaces the key's slot (a replaced slot keeps its time, so its place in `ordered`). */
  private store(hex: string, slot: Slot): void {
    const replaced = this.byKey.get(hex);
    if (replaced !== undefined) this.bytes -= slotSize(replaced);
    this.byKey.set(hex, slot);
    this.ordered.set(sortKey(slot.time, hex), hex);
    this.bytes += slotSize(slot);
  }
}

/**
 * A buffered record's size as Kafka estimates it (computeRecordSize): 8 bytes of buffer time, the
 * key, the prior, old (unless the same as the prior: compared by bytes, so a restored buffer has
 * the size it had) and new values, and the record context — 20 bytes of timestamp, offset and
 * partition, the topic's characters, each header's key characters and value bytes.
 */
function slotSize(slot: Slot): number {
  let size = 8 + slot.key.length + (slot.newValue?.length ?? 0);
  const prior = slot.prior?.value ?? null;
  size += prior?.length ?? 0;
  const sameAsPrior = slot.oldValue === prior || (slot.oldValue !== null && prior !== null && slot.oldValue.equals(prior));
  if (!sameAsPrior) size += slot.oldValue?.length ?? 0;
  const { origin, headers } = slot.context;
  size += 20 + (origin?.topic.length ?? 0);
  for (const h of headers) size += h.key.length + (h.value?.length ?? 0);
  return size;
}

function encodeSlot(slot: Slot): Buffer {
  const w = new BinaryWriter().int64(slot.time).int64(slot.context.timestamp).int32(slot.context.headers.length);
  for (const h of slot.context.headers) w.string(h.key).bytes(h.value);
  const origin = slot.context.origin;
  w.int8(origin ? 1 : 0);
  if (origin) w.string(origin.topic).int32(origin.partition).int64(origin.offset);
  w.int8(slot.prior ? 1 : 0);
  if (slot.prior) w.bytes(slot.prior.value);
  return w.bytes(slot.oldValue).bytes(slot.newValue).build();
}

function decodeSlot(key: Buffer, bytes: Buffer): Slot {
  const r = new BinaryReader(bytes);
  const time = r.int64();
  const timestamp = r.int64();
  const headers: Header[] = [];
  for (let n = r.int32(); n > 0; n--) headers.push({ key: r.string(), value: r.bytes() });
  const origin = r.int8() ? { topic: r.string(), partition: r.int32(), offset: r.int64() } : null;
  const prior = r.int8() ? { value: r.bytes() } : null;
  const oldValue = r.bytes();
  const newValue = r.bytes();
  return { time, key: Buffer.from(key), newValue, oldValue, prior, context: { timestamp, headers, origin } };
}
