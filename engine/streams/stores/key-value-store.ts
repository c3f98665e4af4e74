/**
 * In-memory key-value store (Kafka's InMemoryKeyValueStore + ChangeLoggingKeyValueBytesStore).
 * Keys and values are kept serialized, so a value read back is always a fresh copy (an aggregator
 * that mutates its aggregate cannot corrupt the stored one) and iteration follows key-byte order.
 * A null value deletes. `ValueAndTimestamp` values use Kafka's timestamped layout: an 8-byte
 * timestamp followed by the value bytes. Their changelog records hold the value bytes alone, with
 * that timestamp as the record's (Kafka's ChangeLoggingTimestampedKeyValueBytesStore), and restore
 * puts it back in front (RecordConverters.rawValueToTimestampedValue).
 */
import type { KeyValue } from '../processor/api.js';
import { SerdeStoreBase, nullKey } from './store-base.js';
import { Serdes, type Serde } from '../serdes/serde.js';
import { SortedHexMap, hexOf, readInt64, writeInt64 } from './bytes.js';
import { type ChangelogRecord, type RuntimeStateStore } from './state-store.js';

const LONG = Serdes.Long();

export interface ValueAndTimestamp<V> {
  readonly value: V;
  readonly timestamp: number;
}

export function valueAndTimestamp<V>(value: V, timestamp: number): ValueAndTimestamp<V> {
  return { value, timestamp };
}

/** Whether a timestamped value holds nothing: stored, it deletes (Kafka's ValueAndTimestamp.make(null, t) is null). */
const holdsNothing = (v: ValueAndTimestamp<unknown> | null | undefined): boolean => v === null || v === undefined || v.value === null || v.value === undefined;

/** The serdes timestampedSerde made: a store with one logs and restores the plain value. */
const timestampedSerdes = new WeakSet<Serde<unknown>>();

export function isTimestampedSerde(serde: Serde<unknown>): boolean {
  return timestampedSerdes.has(serde);
}

/** A changelog record's value as the timestamped layout: its timestamp (≥ 0), then the value bytes. */
export function withTimestamp(value: Buffer, timestamp: number | undefined): Buffer {
  const out = Buffer.allocUnsafe(8 + value.length);
  writeInt64(out, Math.max(0, timestamp ?? 0), 0);
  out.set(value, 8);
  return out;
}

export function timestampedSerde<V>(inner: Serde<V>): Serde<ValueAndTimestamp<V>> {
  const serde: Serde<ValueAndTimestamp<V>> = {
    serialize(topic, v) {
      if (holdsNothing(v)) return null;
      if (inner === (LONG as Serde<unknown>) && Number.isSafeInteger(v.value)) {
        // Counts: Int64 written in place, the same bytes as LONG.serialize would give, one buffer.
        const out = Buffer.allocUnsafe(16);
        writeInt64(out, v.timestamp, 0);
        writeInt64(out, v.value as number, 8);
        return out;
      }
      const bytes = inner.serialize(topic, v.value);
      const out = Buffer.allocUnsafe(8 + (bytes === null ? 0 : bytes.length));
      writeInt64(out, v.timestamp, 0);
      if (bytes !== null) out.set(bytes, 8);
      return out;
    },
    deserialize(topic, bytes) {
      if (inner === (LONG as Serde<unknown>) && bytes.length === 16) return { timestamp: readInt64(bytes, 0), value: readInt64(bytes, 8) as V };
      return { timestamp: readInt64(bytes, 0), value: inner.deserialize(topic, bytes.subarray(8)) };
    },
  };
  timestampedSerdes.add(serde as Serde<unknown>);
  return serde;
}

export interface ReadOnlyKeyValueStore<K, V> {
  readonly name: string;
  get(key: K): V | null;
  /** Entries with from <= key <= to in key-byte order; a null bound is open, as in Kafka. */
  range(from: K | null, to: K | null): KeyValue<K, V>[];
  /** As range, in reverse key-byte order. */
  reverseRange(from: K | null, to: K | null): KeyValue<K, V>[];
  all(): KeyValue<K, V>[];
  reverseAll(): KeyValue<K, V>[];
  /** Entries whose key bytes start with the bytes `prefixSerde` gives for `prefix`, in key-byte order. */
  prefixScan<P>(prefix: P, prefixSerde: Serde<P>): KeyValue<K, V>[];
  approximateNumEntries(): number;
}

export interface KeyValueStore<K, V> extends ReadOnlyKeyValueStore<K, V> {
  put(key: K, value: V | null): void;
  putAll(entries: readonly KeyValue<K, V | null>[]): void;
  putIfAbsent(key: K, value: V | null): V | null;
  delete(key: K): V | null;
}

interface Entry {
  key: Buffer;
  value: Buffer;
}

export class InMemoryKeyValueStore<K, V> extends SerdeStoreBase<K> implements KeyValueStore<K, V>, RuntimeStateStore {
  private readonly data = new SortedHexMap<Entry>();
  private readonly timestamped: boolean;

  constructor(
    name: string,
    keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(name, keySerde);
    this.timestamped = isTimestampedSerde(valueSerde as Serde<unknown>);
  }

  private decode(entry: Entry): KeyValue<K, V> {
    const topic = this.context().serdeTopic;
    return { key: this.keySerde.deserialize(topic, entry.key), value: this.valueSerde.deserialize(topic, entry.value) };
  }

  get(key: K): V | null {
    const entry = this.data.get(hexOf(this.serializeKey(key)));
    return entry ? this.valueSerde.deserialize(this.context().serdeTopic, entry.value) : null;
  }

  put(key: K, value: V | null): void {
    const keyBytes = this.serializeKey(key);
    const valueBytes = value === null || value === undefined ? null : this.valueSerde.serialize(this.context().serdeTopic, value);
    this.putBytes(keyBytes, valueBytes);
    if (this.timestamped && valueBytes !== null) this.context().logChange(keyBytes, valueBytes.subarray(8), (value as ValueAndTimestamp<unknown>).timestamp);
    else this.context().logChange(keyBytes, valueBytes);
  }

  putAll(entries: readonly KeyValue<K, V | null>[]): void {
    for (const { key, value } of entries) this.put(key, value);
  }

  putIfAbsent(key: K, value: V | null): V | null {
    const existing = this.get(key);
    if (existing === null) this.put(key, value);
    return existing;
  }

  delete(key: K): V | null {
    const existing = this.get(key);
    this.put(key, null);
    return existing;
  }

  range(from: K | null, to: K | null): KeyValue<K, V>[] {
    const bound = (key: K | null) => (key === null || key === undefined ? undefined : hexOf(this.serializeKey(key)));
    return this.data.range(bound(from), bound(to)).map(([, e]) => this.decode(e));
  }

  reverseRange(from: K | null, to: K | null): KeyValue<K, V>[] {
    return this.range(from, to).reverse();
  }

  all(): KeyValue<K, V>[] {
    return this.data.range().map(([, e]) => this.decode(e));
  }

  reverseAll(): KeyValue<K, V>[] {
    return this.all().reverse();
  }

  prefixScan<P>(prefix: P, prefixSerde: Serde<P>): KeyValue<K, V>[] {
    const bytes = prefixSerde.serialize(this.context().serdeTopic, prefix);
    if (bytes === null) throw nullKey(this.name);
    const hex = hexOf(bytes);
    // Hex digits sort below 'g': every key starting with the prefix lies in [prefix, prefix + 'g').
    return this.data
      .range(hex, `${hex}g`)
      .filter(([keyHex]) => keyHex.startsWith(hex))
      .map(([, e]) => this.decode(e));
  }

  approximateNumEntries(): number {
    return this.data.size;
  }

  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      if (!r.key) continue;
      this.putBytes(r.key, this.timestamped && r.value !== null ? withTimestamp(r.value, r.timestamp) : r.value);
    }
  }

  flush(): void {}

  close(): void {
    this.data.clear();
  }

  private putBytes(key: Buffer, value: Buffer | null): void {
    const hex = hexOf(key);
    if (value === null) this.data.delete(hex);
    else this.data.set(hex, { key: Buffer.from(key), value: Buffer.from(value) });
  }
}

/** Kafka's ConsumerRecord.NO_TIMESTAMP: the timestamp of a value written without one. */
export const NO_TIMESTAMP = -1;

/**
 * A view of a timestamped store with plain values (Kafka's KeyValueStoreFacade, what
 * TopologyTestDriver#getKeyValueStore returns): reads hide the timestamps; a value written
 * through it is stored with NO_TIMESTAMP.
 */
export function plainValueView<K, V>(store: KeyValueStore<K, ValueAndTimestamp<V>>): KeyValueStore<K, V> {
  const strip = (kv: KeyValue<K, ValueAndTimestamp<V>>): KeyValue<K, V> => ({ key: kv.key, value: kv.value.value });
  const stamped = (value: V | null) => (value === null || value === undefined ? null : valueAndTimestamp(value, NO_TIMESTAMP));
  return {
    name: store.name,
    get: (key) => store.get(key)?.value ?? null,
    range: (from, to) => store.range(from, to).map(strip),
    reverseRange: (from, to) => store.reverseRange(from, to).map(strip),
    all: () => store.all().map(strip),
    reverseAll: () => store.reverseAll().map(strip),
    prefixScan: (prefix, prefixSerde) => store.prefixScan(prefix, prefixSerde).map(strip),
    approximateNumEntries: () => store.approximateNumEntries(),
    put: (key, value) => store.put(key, stamped(value)),
    putAll: (entries) => store.putAll(entries.map(({ key, value }) => ({ key, value: stamped(value) }))),
    putIfAbsent: (key, value) => store.putIfAbsent(key, stamped(value))?.value ?? null,
    delete: (key) => store.delete(key)?.value ?? null,
  };
}
