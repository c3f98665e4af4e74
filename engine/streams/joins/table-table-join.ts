/**
 * Table-table (primary key) joins (Kafka's KTableKTable{Inner,Left,Right,Outer}Join and
 * KTableKTableJoinMerger). An update on either side looks up the other side's current value and
 * emits the recomputed join result at max(left ts, right ts):
 *
 * - inner: emits only when the other side has a value; a tombstone emits a tombstone.
 * - left: left updates always emit (v, right | null); a right update emits only when the left
 *   side has a value, so a right tombstone emits (v, null); a left tombstone emits a tombstone.
 * - outer: emits whenever either side has a value; (null, null) becomes a tombstone.
 * Null keys are skipped. The merger optionally materializes the result (Materialized).
 */
import type { ProcessorContext, StreamRecord } from '../processor/api.js';
import { change, type Change } from '../processor/change.js';
import {
  forwardChange,
  storeGetter,
  type TableProcessorSupplier,
  type TimestampedStore,
  type ValueGetter,
  type ValueGetterSupplier,
} from '../processors/table-supplier.js';

type Ctx = ProcessorContext<unknown, unknown>;
export type TableJoinType = 'inner' | 'left' | 'outer';
type SideKind = 'inner' | 'left' | 'right' | 'outer';
type Joiner = (thisValue: unknown, otherValue: unknown, key: unknown) => unknown;
const UNKNOWN = -1;

export interface JoinableTable<K, V> {
  enableSendingOldValues(force: boolean): boolean;
  valueGetterSupplier(): ValueGetterSupplier<K, V>;
}

export class TableJoinSide {
  sendOldValues = false;

  constructor(
    private readonly kind: SideKind,
    private readonly other: ValueGetterSupplier<unknown, unknown>,
    private readonly joiner: Joiner,
  ) {}

  get() {
    let ctx: Ctx;
    const getter = this.other.get();
    return {
      init: (c: Ctx) => {
        ctx = c;
        getter.init(c);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        if (r.key === null || r.key === undefined) {
          ctx.recordDropped('null-key');
          return;
        }
        const c = r.value as Change<unknown>;
        const other = getter.get(r.key);
        const otherValue = other?.value ?? null;
        const j = (v: unknown) => this.joiner(v, otherValue, r.key);
        let newValue: unknown = null;
        let oldValue: unknown = null;
        let timestamp: number;
        switch (this.kind) {
          case 'inner':
            if (otherValue === null || !other) return;
            timestamp = Math.max(r.timestamp, other.timestamp);
            if (c.newValue !== null) newValue = j(c.newValue);
            if (this.sendOldValues && c.oldValue !== null) oldValue = j(c.oldValue);
            break;
          case 'left':
            if (otherValue === null && c.newValue === null && c.oldValue === null) return;
            timestamp = Math.max(r.timestamp, other && otherValue !== null ? other.timestamp : UNKNOWN);
            if (c.newValue !== null) newValue = j(c.newValue);
            if (this.sendOldValues && c.oldValue !== null) oldValue = j(c.oldValue);
            break;
          case 'right':
            if (otherValue === null || !other) return;
            timestamp = Math.max(r.timestamp, other.timestamp);
            newValue = j(c.newValue);
            if (this.sendOldValues) oldValue = j(c.oldValue);
            break;
          case 'outer':
            if (otherValue === null && c.newValue === null && c.oldValue === null) return;
            timestamp = otherValue === null || !other ? r.timestamp : Math.max(r.timestamp, other.timestamp);
            if (otherValue !== null || c.newValue !== null) newValue = j(c.newValue);
            if (this.sendOldValues && (otherValue !== null || c.oldValue !== null)) oldValue = j(c.oldValue);
            break;
        }
        ctx.forward({ ...r, value: change(newValue, oldValue), timestamp });
      },
    };
  }
}

export class TableJoinMerger<K, VL, VR, VO> implements TableProcessorSupplier<K, VO> {
  sendOldValues = false;

  constructor(
    private readonly type: TableJoinType,
    private readonly left: JoinableTable<K, VL>,
    private readonly right: JoinableTable<K, VR>,
    private readonly sides: [TableJoinSide, TableJoinSide],
    private readonly joiner: (left: VL | null, right: VR | null, key: K) => VO,
    private readonly queryableName: string | null,
  ) {}

  enableSendingOldValues(): boolean {
    this.left.enableSendingOldValues(true);
    this.right.enableSendingOldValues(true);
    for (const side of this.sides) side.sendOldValues = true;
    this.sendOldValues = true;
    return true;
  }

  view(): ValueGetterSupplier<K, VO> {
    if (this.queryableName !== null) return storeGetter(this.queryableName);
    const lefts = this.left.valueGetterSupplier();
    const rights = this.right.valueGetterSupplier();
    const { type, joiner } = this;
    return {
      storeNames: [...lefts.storeNames, ...rights.storeNames],
      get(): ValueGetter<K, VO> {
        const lg = lefts.get();
        const rg = rights.get();
        return {
          init: (ctx) => {
            lg.init(ctx);
            rg.init(ctx);
          },
          get: (key) => {
            const l = lg.get(key);
            if (!l && type !== 'outer') return null;
            const r = rg.get(key);
            if (!r && (type === 'inner' || !l)) return null;
            return { value: joiner(l?.value ?? null, r?.value ?? null, key), timestamp: Math.max(l?.timestamp ?? UNKNOWN, r?.timestamp ?? UNKNOWN) };
          },
        };
      },
    };
  }

  get() {
    let ctx: Ctx;
    let store: TimestampedStore<K, VO> | undefined;
    return {
      init: (c: Ctx) => {
        ctx = c;
        if (this.queryableName !== null) store = c.getStateStore<TimestampedStore<K, VO>>(this.queryableName);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        const c = r.value as Change<VO>;
        if (store) forwardChange(ctx, r, store, c.newValue, c.oldValue, this.sendOldValues);
        else ctx.forward(this.sendOldValues ? r : { ...r, value: change(c.newValue, null) });
      },
    };
  }
}

/** The two side processors of a join type: [left side, right side]. */
export function tableJoinSides(
  type: TableJoinType,
  leftGetter: ValueGetterSupplier<unknown, unknown>,
  rightGetter: ValueGetterSupplier<unknown, unknown>,
  joiner: (left: unknown, right: unknown, key: unknown) => unknown,
): [TableJoinSide, TableJoinSide] {
  const reversed: Joiner = (thisValue, otherValue, key) => joiner(otherValue, thisValue, key);
  const kinds: Record<TableJoinType, [SideKind, SideKind]> = { inner: ['inner', 'inner'], left: ['left', 'right'], outer: ['outer', 'outer'] };
  const [l, r] = kinds[type];
  return [new TableJoinSide(l, rightGetter, joiner), new TableJoinSide(r, leftGetter, reversed)];
}
