/**
 * Stream-table joins (Kafka's KStreamKTableJoinProcessor, non-versioned): each stream record
 * looks up the table's current value for its key at processing time; only stream records trigger
 * output, at the stream record's timestamp. Inner joins emit only on a match; left joins emit
 * (v, tableValue | null). Stream records with a null value, or a null key (inner join), are
 * skipped; a left join forwards a null-key record as (v, null) (KIP-962).
 */
import type { ProcessorContext, StreamRecord } from '../processor/api.js';
import type { ValueGetterSupplier } from '../processors/table-supplier.js';

type Ctx = ProcessorContext<unknown, unknown>;

export function streamTableJoinSupplier<K, V, VT, VR>(
  getterSupplier: ValueGetterSupplier<K, VT>,
  joiner: (value: V, tableValue: VT | null, key: K) => VR,
  leftJoin: boolean,
) {
  return () => {
    let ctx: Ctx;
    const getter = getterSupplier.get();
    return {
      init: (c: Ctx) => {
        ctx = c;
        getter.init(c);
      },
      process: (r: StreamRecord<unknown, unknown>) => {
        const nullKey = r.key === null || r.key === undefined;
        const nullValue = r.value === null || r.value === undefined;
        if (leftJoin && nullKey && !nullValue) {
          ctx.forward({ ...r, value: joiner(r.value as V, null, r.key as K) });
          return;
        }
        if (nullKey || nullValue) {
          ctx.recordDropped(nullKey ? 'null-key' : 'null-value');
          return;
        }
        const tableValue = getter.get(r.key as K)?.value ?? null;
        if (leftJoin || tableValue !== null) ctx.forward({ ...r, value: joiner(r.value as V, tableValue, r.key as K) });
      },
    };
  };
}
