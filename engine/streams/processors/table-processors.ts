/**
 * KTable processors (Kafka's KTableSource, KTableFilter, KTableMapValues, KTableRepartitionMap):
 * they consume and forward Change<V>. Semantics kept from Kafka, including the visible ones:
 * a source skips null keys; an unmaterialized filter forwards a tombstone for every record that
 * does not pass unless old values are being sent (then a delete of a never-passing key is
 * dropped); groupBy forwards subtract(old) before add(new), or one combined change when the
 * selected key is unchanged.
 */
import type { KeyValue, ProcessorContext, StreamRecord } from '../processor/api.js';
import { change, type Change } from '../processor/change.js';
import type { KeyValueMapper, Predicate, ValueMapper } from '../dsl/functions.js';
import {
  forwardChange,
  storeGetter,
  valueOrNull,
  type TableProcessorSupplier,
  type TimestampedStore,
  type ValueGetterSupplier,
} from './table-supplier.js';

type Ctx = ProcessorContext<unknown, unknown>;

export class KTableSourceSupplier<K, V> implements TableProcessorSupplier<K, V> {
  sendOldValues = false;
  queryableName: string | null = null;

  /** `onMaterialize` adds the store to the topology the first time the table is materialized. */
  constructor(
    readonly storeName: string,
    private readonly onMaterialize: () => void,
  ) {}

  materialized(): boolean {
    return this.queryableName !== null;
  }

  materialize(): void {
    if (this.queryableName !== null) return;
    this.queryableName = this.storeName;
    this.onMaterialize();
  }

  enableSendingOldValues(force: boolean): boolean {
    if (!force && !this.materialized()) return false;
    this.sendOldValues = true;
    this.materialize();
    return true;
  }

  view(): ValueGetterSupplier<K, V> {
    this.materialize();
    return storeGetter(this.storeName);
  }

  get() {
    let ctx: Ctx;
    let store: TimestampedStore<K, V> | undefined;
    return {
      init: (c: Ctx) => {
        ctx = c;
        if (this.queryableName !== null) store = c.getStateStore<TimestampedStore<K, V>>(this.queryableName);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        if (r.key === null || r.key === undefined) {
          ctx.recordDropped('null-key');
          return;
        }
        const value = (r.value ?? null) as V | null;
        if (!store) {
          ctx.forward({ ...r, value: change(value, null) });
          return;
        }
        const old = valueOrNull(store.get(r.key as K));
        forwardChange(ctx, r, store, value, old, this.sendOldValues);
      },
    };
  }
}

interface ParentTable<K, V> {
  enableSendingOldValues(force: boolean): boolean;
  valueGetterSupplier(): ValueGetterSupplier<K, V>;
}

/** Shared shape of filter and mapValues: optional own store, else computed from the parent. */
abstract class DerivedTableSupplier<K, VIn, V> implements TableProcessorSupplier<K, V> {
  sendOldValues = false;

  constructor(
    protected readonly parent: ParentTable<K, VIn>,
    protected readonly queryableName: string | null,
  ) {}

  protected abstract compute(key: K, value: VIn | null): V | null;

  enableSendingOldValues(force: boolean): boolean {
    if (this.queryableName !== null) {
      this.sendOldValues = true;
      return true;
    }
    if (this.parent.enableSendingOldValues(force)) this.sendOldValues = true;
    return this.sendOldValues;
  }

  view(): ValueGetterSupplier<K, V> {
    if (this.queryableName !== null) return storeGetter(this.queryableName);
    const parent = this.parent.valueGetterSupplier();
    return {
      storeNames: parent.storeNames,
      get: () => {
        const getter = parent.get();
        return {
          init: (ctx) => getter.init(ctx),
          get: (key) => {
            const vt = getter.get(key);
            if (!vt) return null;
            const v = this.compute(key, vt.value);
            return v === null ? null : { value: v, timestamp: vt.timestamp };
          },
        };
      },
    };
  }

  /** Whether a change whose new and old results are both null is dropped. */
  protected dropEmpty(): boolean {
    return false;
  }

  get() {
    let ctx: Ctx;
    let store: TimestampedStore<K, V> | undefined;
    return {
      init: (c: Ctx) => {
        ctx = c;
        if (this.queryableName !== null) store = c.getStateStore<TimestampedStore<K, V>>(this.queryableName);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        const key = r.key as K;
        const c = r.value as Change<VIn>;
        const newValue = this.compute(key, c.newValue);
        let oldValue: V | null = null;
        if (this.sendOldValues) oldValue = store ? valueOrNull(store.get(key)) : this.compute(key, c.oldValue);
        if (this.dropEmpty() && this.sendOldValues && oldValue === null && newValue === null) return;
        forwardChange(ctx, r, store, newValue, oldValue, this.sendOldValues);
      },
    };
  }
}

export class KTableFilterSupplier<K, V> extends DerivedTableSupplier<K, V, V> {
  constructor(
    parent: ParentTable<K, V>,
    queryableName: string | null,
    private readonly predicate: Predicate<K, V>,
    private readonly not: boolean,
  ) {
    super(parent, queryableName);
    // If upstream is already materialized, send old values to avoid unnecessary tombstones.
    this.sendOldValues = parent.enableSendingOldValues(false);
  }

  protected compute(key: K, value: V | null): V | null {
    return value !== null && this.predicate(key, value) !== this.not ? value : null;
  }

  protected override dropEmpty(): boolean {
    return true;
  }
}

export class KTableMapValuesSupplier<K, V, VR> extends DerivedTableSupplier<K, V, VR> {
  constructor(
    parent: ParentTable<K, V>,
    queryableName: string | null,
    private readonly mapper: ValueMapper<V, VR, K>,
  ) {
    super(parent, queryableName);
  }

  protected compute(key: K, value: V | null): VR | null {
    return value === null ? null : (this.mapper(value, key) ?? null);
  }
}

/** KTable#groupBy's selector: re-keys each change, old value first (Kafka's KTableRepartitionMap). */
export function tableRepartitionMapSupplier<K, V, K2, V2>(selector: KeyValueMapper<K, V, KeyValue<K2, V2>>) {
  return () => {
    let ctx: Ctx;
    return {
      init: (c: Ctx) => void (ctx = c),
      process(r: StreamRecord<unknown, unknown>) {
        if (r.key === null || r.key === undefined) throw new Error('Record key for the grouping KTable should not be null.');
        const c = r.value as Change<V>;
        const newPair = c.newValue === null ? null : selector(r.key as K, c.newValue);
        const oldPair = c.oldValue === null ? null : selector(r.key as K, c.oldValue);
        const ok = (p: KeyValue<K2, V2> | null): p is KeyValue<K2, V2> => p !== null && p.key !== null && p.key !== undefined && p.value !== null && p.value !== undefined;
        if (ok(oldPair) && ok(newPair) && sameKey(oldPair.key, newPair.key)) {
          ctx.forward({ ...r, key: oldPair.key, value: change(newPair.value, oldPair.value) });
          return;
        }
        if (ok(oldPair)) ctx.forward({ ...r, key: oldPair.key, value: change<V2>(null, oldPair.value) });
        if (ok(newPair)) ctx.forward({ ...r, key: newPair.key, value: change<V2>(newPair.value, null) });
      },
    };
  };
}

function sameKey(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  return typeof a === 'object' && typeof b === 'object' && JSON.stringify(a) === JSON.stringify(b);
}
