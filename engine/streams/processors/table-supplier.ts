/**
 * The contract between a KTable and the processor that produces it (Kafka's
 * KTableProcessorSupplier / KTableValueGetterSupplier): a table can be asked to send old values
 * (`enableSendingOldValues`, which may force its source to materialize) and offers a value getter —
 * a point lookup used by joins and by downstream views — over the stores it names.
 *
 * Also `TableForwarder`: how a table processor with an optional store (Materialized) writes and
 * forwards its Change (Kafka's TimestampedTupleForwarder with caching disabled).
 */
import type { Processor, ProcessorContext, StreamRecord } from '../processor/api.js';
import { change, type Change } from '../processor/change.js';
import type { KeyValueStore, ValueAndTimestamp } from '../stores/key-value-store.js';

export interface ValueGetter<K, V> {
  init(context: ProcessorContext<unknown, unknown>): void;
  get(key: K): ValueAndTimestamp<V> | null;
}

export interface ValueGetterSupplier<K, V> {
  readonly storeNames: string[];
  get(): ValueGetter<K, V>;
}

export interface TableProcessorSupplier<K, V> {
  /** Kafka's enableSendingOldValues(forceMaterialization): true when old values will be sent. */
  enableSendingOldValues(forceMaterialization: boolean): boolean;
  view(): ValueGetterSupplier<K, V>;
  get(): Processor<unknown, unknown, unknown, unknown>;
}

export type TimestampedStore<K, V> = KeyValueStore<K, ValueAndTimestamp<V>>;

export function storeGetter<K, V>(storeName: string): ValueGetterSupplier<K, V> {
  return {
    storeNames: [storeName],
    get() {
      let store: TimestampedStore<K, V> | undefined;
      return {
        init: (ctx) => void (store = ctx.getStateStore<TimestampedStore<K, V> & { name: string }>(storeName)),
        get: (key) => store?.get(key) ?? null,
      };
    },
  };
}

/** Writes to the table's store (if materialized) and forwards Change(new, old-if-asked). */
export function forwardChange<K, V>(
  ctx: ProcessorContext<unknown, unknown>,
  r: StreamRecord<unknown, unknown>,
  store: TimestampedStore<K, V> | undefined,
  newValue: V | null,
  oldValue: V | null,
  sendOldValues: boolean,
): void {
  if (store) store.put(r.key as K, newValue === null ? null : { value: newValue, timestamp: r.timestamp });
  const value: Change<V> = change(newValue, sendOldValues ? oldValue : null);
  ctx.forward({ ...r, value });
}

export function valueOrNull<V>(vt: ValueAndTimestamp<V> | null | undefined): V | null {
  return vt ? vt.value : null;
}
