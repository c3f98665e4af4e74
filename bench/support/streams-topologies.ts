/**
 * The streams benchmark's topologies and records, in a module of their own so that stream threads
 * (which build their topology themselves, by module and export name) run exactly what the
 * single-thread cases run.
 */
import { JoinWindows, Serdes, StreamsBuilder, TimeWindows, keyValue, type Topology } from '../../engine/streams/index.js';

export const KEYS = 10_000;

export interface Order {
  id: number;
  customer: string;
  amount: number;
  ts: number;
}

export function order(i: number): Order {
  return { id: i, customer: `c${i % KEYS}`, amount: (i * 7919) % 1000, ts: 1_700_000_000_000 + i };
}

const S = Serdes.String();
const J = Serdes.JSON<Order>();

/** (a) filter + mapValues: orders of 500 or more, in cents. */
export function filterMap(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, Order>('orders', { keySerde: S, valueSerde: J })
    .filter((_k, o) => o.amount >= 500)
    .mapValues((o) => ({ id: o.id, customer: o.customer, cents: o.amount * 100 }))
    .to('big-orders', { keySerde: S, valueSerde: Serdes.JSON() });
  return builder.build();
}

/** (b) a tumbling 1 s window count per customer, emitted on every update. */
export function windowCount(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, Order>('orders', { keySerde: S, valueSerde: J })
    .groupByKey()
    .windowedBy(TimeWindows.ofSizeWithNoGrace(1000))
    .count()
    .toStream()
    .map((w, count) => keyValue(`${w.key}@${w.window.start}`, String(count)))
    .to('counts', { keySerde: S, valueSerde: S });
  return builder.build();
}

/** (c) a stream-stream inner join of the same customer's orders within 1 s. */
export function join(): Topology {
  const builder = new StreamsBuilder();
  const l = builder.stream<string, Order>('left', { keySerde: S, valueSerde: J });
  const r = builder.stream<string, Order>('right', { keySerde: S, valueSerde: J });
  l.join(r, (a, b) => ({ left: a.id, right: b.id }), JoinWindows.ofTimeDifferenceWithNoGrace(1000)).to('joined', { keySerde: S, valueSerde: Serdes.JSON() });
  return builder.build();
}
