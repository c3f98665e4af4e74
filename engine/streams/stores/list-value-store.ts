/**
 * A key-value store whose puts append to a per-key list (Kafka's ListValueStore), used by
 * stream-stream left/outer joins to hold not-yet-joined records: put(k, v) appends, put(k, null)
 * removes the whole list, `all()` yields one entry per list element in key-byte order.
 * Changelog value: the whole list (4-byte count, then length-prefixed elements), null when removed.
 */
import type { KeyValue } from '../processor/api.js';
import type { Serde } from '../serdes/serde.js';
import { SerdeStoreBase } from './store-base.js';
import { BinaryReader, BinaryWriter, SortedHexMap, hexOf } from './bytes.js';
import { type ChangelogRecord, type RuntimeStateStore } from './state-store.js';

interface Slot {
  key: Buffer;
  values: Buffer[];
}

export class InMemoryListValueStore<K, V> extends SerdeStoreBase<K> implements RuntimeStateStore {
  private readonly data = new SortedHexMap<Slot>();

  constructor(
    name: string,
    keySerde: Serde<K>,
    private readonly valueSerde: Serde<V>,
  ) {
    super(name, keySerde);
  }

  put(key: K, value: V | null): void {
    const keyBytes = this.serializeKey(key);
    const hex = hexOf(keyBytes);
    if (value === null) {
      if (!this.data.delete(hex)) return;
      this.context().logChange(keyBytes, null);
      return;
    }
    const bytes = this.valueSerde.serialize(this.context().serdeTopic, value) ?? Buffer.alloc(0);
    let slot = this.data.get(hex);
    if (!slot) this.data.set(hex, (slot = { key: keyBytes, values: [] }));
    slot.values.push(bytes);
    this.context().logChange(keyBytes, encodeList(slot.values));
  }

  /** Removes the key's list if there is one (Kafka's `putIfAbsent(key, null)` idiom). */
  removeIfPresent(key: K): void {
    this.put(key, null);
  }

  all(): KeyValue<K, V>[] {
    const topic = this.context().serdeTopic;
    const out: KeyValue<K, V>[] = [];
    for (const [, slot] of this.data.range()) {
      const key = this.keySerde.deserialize(topic, slot.key);
      for (const v of slot.values) out.push({ key, value: this.valueSerde.deserialize(topic, v) });
    }
    return out;
  }

  approximateNumEntries(): number {
    return this.data.size;
  }

  restore(records: readonly ChangelogRecord[]): void {
    for (const r of records) {
      if (!r.key) continue;
      const hex = hexOf(r.key);
      if (r.value === null) this.data.delete(hex);
      else this.data.set(hex, { key: Buffer.from(r.key), values: decodeList(r.value) });
    }
  }

  flush(): void {}

  close(): void {
    this.data.clear();
  }
}

function encodeList(values: Buffer[]): Buffer {
  const w = new BinaryWriter().int32(values.length);
  for (const v of values) w.bytes(v);
  return w.build();
}

function decodeList(bytes: Buffer): Buffer[] {
  const r = new BinaryReader(bytes);
  const out: Buffer[] = [];
  for (let n = r.int32(); n > 0; n--) out.push(r.bytes() ?? Buffer.alloc(0));
  return out;
}
