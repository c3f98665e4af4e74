/**
 * Change<V>: what KTable processors pass each other (Kafka's internal `Change`): the new value
 * and, when the downstream asked for it (`sendOldValues`), the previous one. A null newValue is a
 * delete (tombstone). Also the serde used when a Change crosses a topic (KTable#groupBy's
 * repartition topic): 1 flag byte (bit 0: new present, bit 1: old present), then each present
 * value as 4-byte length + bytes.
 */
import type { Serde } from '../serdes/serde.js';
import { BinaryReader, BinaryWriter } from '../stores/bytes.js';

export interface Change<V> {
  readonly newValue: V | null;
  readonly oldValue: V | null;
}

export function change<V>(newValue: V | null | undefined, oldValue: V | null | undefined): Change<V> {
  return { newValue: newValue ?? null, oldValue: oldValue ?? null };
}

export function changeSerde<V>(inner: Serde<V>): Serde<Change<V>> {
  return {
    serialize(topic, c) {
      const n = c.newValue === null ? null : inner.serialize(topic, c.newValue);
      const o = c.oldValue === null ? null : inner.serialize(topic, c.oldValue);
      const w = new BinaryWriter().int8((n ? 1 : 0) | (o ? 2 : 0));
      if (n) w.bytes(n);
      if (o) w.bytes(o);
      return w.build();
    },
    deserialize(topic, bytes) {
      const r = new BinaryReader(bytes);
      const flags = r.int8();
      const n = flags & 1 ? r.bytes() : null;
      const o = flags & 2 ? r.bytes() : null;
      return change(n ? inner.deserialize(topic, n) : null, o ? inner.deserialize(topic, o) : null);
    },
  };
}
