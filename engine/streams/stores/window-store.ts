/**
 * In-memory window store (Kafka's InMemoryWindowStore with a change-logging layer).
 *
 * Entries are (key, window start[, sequence number]) → value, kept per window start; iteration is
 * by window start, then key bytes, then insertion. `retainDuplicates` (stream-stream join stores)
 * keeps every put under a fresh sequence number and ignores null puts. Retention follows Kafka:
 * the store's observed stream time is the max window start put; a put with
 * start <= observed − retention is dropped as expired, and fetches never return such windows.
 * Changelog key: key bytes + 8-byte window start + 4-byte sequence number (WindowKeySchema).
 */
import type { KeyValue } from '../processor/api.js';
import type { Serde } from '../serdes/serde.js';
import { windowed, type Windowed } from '../windows/windowed.js';
import { SortedHexMap, SortedSet, hexOf } from './bytes.js';
import { notInitialized, type ChangelogRecord, type RuntimeStateStore, type StoreContext } from './state-store.js';

export interface WindowStoreEntry<V> {
  /** The window start. */
  readonly timestamp: number;
  readonly value: V;
}

export interface ReadOnlyWindowStore<K, V> {
  readonly name: string;
  /** The value of the window of `key` starting at `windowStart`. */
  fetch(key: K, windowStart: number): V | null;
  /** Windows of `key` with timeFrom <= start <= timeTo, oldest first. */
  fetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  /** Windows of every key with timeFrom <= start <= timeTo, by start then key bytes. */
  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[];
  all(): KeyValue<Windowed<K>, V>[];
}

export interface WindowStore<K, V> extends ReadOnlyWindowStore<K, V> {
  put(key: K, value: V | null, windowStart: number): void;
}

interface Slot {
  key: Buffer;
  values: { seq: number; value: Buffer }[];
}

const NO_TIMESTAMP = -1;

export class InMemoryWindowStore<K, V> implements WindowStore<K, V>, RuntimeStateStore {
  private readonly segments = new Map<number, SortedHexMap<Slot>>();
  private readonly starts = new SortedSet<number>();
  private observedStreamTime = NO_TIMESTAMP;
  private seq = 0;
  private ctx: StoreContext | undefined;

  constructor(
    readonly name: string,
    private readonly keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
    readonly retentionMs: number,
    readonly windowSizeMs: number,
    readonly retainDuplicates: boolean,
  ) {}

  init(context: StoreContext): void {
    this.ctx = context;
  }

  private context(): StoreContext {
    if (!this.ctx) throw notInitialized(this.name);
    return this.ctx;
  }

  private keyBytes(key: K): Buffer {
    const bytes = this.keySerde.serialize(this.context().serdeTopic, key);
    if (bytes === null) throw new Error(`State store ${this.name}: the key serde returned null`);
    return bytes;
  }

  put(key: K, value: V | null, windowStart: number): void {
    const keyBytes = this.keyBytes(key);
    const valueBytes = value === null || value === undefined ? null : this.valueSerde.serialize(this.context().serdeTopic, value);
    if (this.retainDuplicates && valueBytes === null) return;
    const seq = this.retainDuplicates ? ++this.seq : 0;
    if (this.putBytes(keyBytes, windowStart, seq, valueBytes)) {
      this.context().logChange(changelogKey(keyBytes, windowStart, seq), valueBytes);
    }
  }

  fetch(key: K, windowStart: number): V | null;
  fetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[];
  fetch(key: K, timeFrom: number, timeTo?: number): V | null | WindowStoreEntry<V>[] {
    if (timeTo === undefined) {
      if (timeFrom <= this.observedStreamTime - this.retentionMs) return null;
      const slot = this.segments.get(timeFrom)?.get(hexOf(this.keyBytes(key)));
      const last = slot?.values[slot.values.length - 1];
      return last ? this.valueSerde.deserialize(this.context().serdeTopic, last.value) : null;
    }
    return this.fetchRange(key, timeFrom, timeTo);
  }

  backwardFetch(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[] {
    return this.fetchRange(key, timeFrom, timeTo).reverse();
  }

  fetchAll(timeFrom: number, timeTo: number): KeyValue<Windowed<K>, V>[] {
    const out: KeyValue<Windowed<K>, V>[] = [];
    const topic = this.context().serdeTopic;
    for (const start of this.liveStarts(timeFrom, timeTo)) {
      for (const [, slot] of this.segments.get(start)?.range() ?? []) {
        const key = this.keySerde.deserialize(topic, slot.key);
        for (const v of slot.values) {
          out.push({ key: windowed(key, start, start + this.windowSizeMs), value: this.valueSerde.deserialize(topic, v.value) });
        }
      }
    }
    return out;
  }

  all(): KeyValue<Windowed<K>, V>[] {
    return this.fetchAll(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  }

  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      if (!r.key || r.key.length < 12) continue;
      const keyLength = r.key.length - 12;
      const start = Number(r.key.readBigInt64BE(keyLength));
      const seq = r.key.readInt32BE(keyLength + 8);
      this.seq = Math.max(this.seq, seq);
      this.putBytes(r.key.subarray(0, keyLength), start, seq, r.value);
    }
  }

  flush(): void {}

  close(): void {
    this.segments.clear();
    this.starts.clear();
  }

  private fetchRange(key: K, timeFrom: number, timeTo: number): WindowStoreEntry<V>[] {
    const hex = hexOf(this.keyBytes(key));
    const topic = this.context().serdeTopic;
    const out: WindowStoreEntry<V>[] = [];
    for (const start of this.liveStarts(timeFrom, timeTo)) {
      const slot = this.segments.get(start)?.get(hex);
      for (const v of slot?.values ?? []) out.push({ timestamp: start, value: this.valueSerde.deserialize(topic, v.value) });
    }
    return out;
  }

  private liveStarts(timeFrom: number, timeTo: number): number[] {
    return this.starts.range(Math.max(timeFrom, this.observedStreamTime - this.retentionMs + 1), timeTo);
  }

  /** Applies a write; false when the window has already expired. */
  private putBytes(key: Buffer, start: number, seq: number, value: Buffer | null): boolean {
    this.observedStreamTime = Math.max(this.observedStreamTime, start);
    if (start <= this.observedStreamTime - this.retentionMs) return false;
    const hex = hexOf(key);
    let segment = this.segments.get(start);
    if (value === null) {
      segment?.delete(hex);
      if (segment && segment.size === 0) {
        this.segments.delete(start);
        this.starts.delete(start);
      }
    } else {
      if (!segment) {
        this.segments.set(start, (segment = new SortedHexMap<Slot>()));
        this.starts.add(start);
      }
      const slot = segment.get(hex);
      if (this.retainDuplicates && slot) slot.values.push({ seq, value: Buffer.from(value) });
      else segment.set(hex, { key: Buffer.from(key), values: [{ seq, value: Buffer.from(value) }] });
    }
    this.expire();
    return true;
  }

  private expire(): void {
    for (const start of this.starts.deleteBelow(this.observedStreamTime - this.retentionMs + 1)) this.segments.delete(start);
  }
}

function changelogKey(key: Buffer, start: number, seq: number): Buffer {
  const out = Buffer.alloc(key.length + 12);
  key.copy(out, 0);
  out.writeBigInt64BE(BigInt(start), key.length);
  out.writeInt32BE(seq, key.length + 8);
  return out;
}
