/**
 * The aggregate functions of aggregate.window@1 as an initializer, an adder and a session merger
 * over one JSON state object, plus the projection that turns the state into the output value.
 *
 * Input records are pre-projected (see kinds/aggregate.ts) to `{ f: [field value per aggregation],
 * t: timestamp }`, so the repartition topic carries only what the aggregations read.
 * Semantics: count counts records (with a field: records whose field is not null); sum/avg add
 * finite numbers and ignore the rest (avg keeps sum and count, outputs sum/count or null);
 * min/max compare numbers with numbers and strings with strings (the first kind seen wins);
 * first/last are by event time (ties: arrival order); collect keeps every value in arrival order.
 * Invariant: the adder and merger never mutate the state they are given (stores may hold it).
 */
import type { Aggregation } from '../catalog/index.js';

export interface Projected {
  f: unknown[];
  t: number;
}

type Slot =
  | { n: number } // count
  | { s: number } // sum
  | { s: number; n: number } // avg
  | { v: unknown } // min / max (null = none yet)
  | { v: unknown; t: number } // first / last (t = -1: none yet)
  | { l: unknown[] }; // collect

export type AggregateState = Record<string, Slot>;

function initialSlot(fn: Aggregation['fn']): Slot {
  switch (fn) {
    case 'count':
      return { n: 0 };
    case 'sum':
      return { s: 0 };
    case 'avg':
      return { s: 0, n: 0 };
    case 'min':
    case 'max':
      return { v: null };
    case 'first':
    case 'last':
      return { v: null, t: -1 };
    case 'collect':
      return { l: [] };
  }
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

function better(fn: 'min' | 'max', current: unknown, candidate: unknown): boolean {
  if (candidate === null || candidate === undefined) return false;
  if (current === null || current === undefined) return isNumber(candidate) || typeof candidate === 'string';
  if (typeof current !== typeof candidate) return false;
  if (!(isNumber(candidate) || typeof candidate === 'string')) return false;
  return fn === 'min' ? (candidate as number | string) < (current as number | string) : (candidate as number | string) > (current as number | string);
}

function addSlot(agg: Aggregation, slot: Slot, value: unknown, t: number): Slot {
  switch (agg.fn) {
    case 'count':
      return agg.field === undefined || (value !== null && value !== undefined) ? { n: (slot as { n: number }).n + 1 } : slot;
    case 'sum':
      return isNumber(value) ? { s: (slot as { s: number }).s + value } : slot;
    case 'avg': {
      const s = slot as { s: number; n: number };
      return isNumber(value) ? { s: s.s + value, n: s.n + 1 } : slot;
    }
    case 'min':
    case 'max':
      return better(agg.fn, (slot as { v: unknown }).v, value) ? { v: value } : slot;
    case 'first': {
      const s = slot as { v: unknown; t: number };
      return s.t < 0 || t < s.t ? { v: value, t } : slot;
    }
    case 'last': {
      const s = slot as { v: unknown; t: number };
      return t >= s.t ? { v: value, t } : slot;
    }
    case 'collect':
      return { l: [...(slot as { l: unknown[] }).l, value] };
  }
}

function mergeSlot(agg: Aggregation, a: Slot, b: Slot): Slot {
  switch (agg.fn) {
    case 'count':
      return { n: (a as { n: number }).n + (b as { n: number }).n };
    case 'sum':
      return { s: (a as { s: number }).s + (b as { s: number }).s };
    case 'avg': {
      const x = a as { s: number; n: number };
      const y = b as { s: number; n: number };
      return { s: x.s + y.s, n: x.n + y.n };
    }
    case 'min':
    case 'max':
      return better(agg.fn, (a as { v: unknown }).v, (b as { v: unknown }).v) ? b : a;
    case 'first': {
      const x = a as { t: number };
      const y = b as { t: number };
      return x.t < 0 || (y.t >= 0 && y.t < x.t) ? b : a;
    }
    case 'last':
      return (b as { t: number }).t > (a as { t: number }).t ? b : a;
    case 'collect':
      return { l: [...(a as { l: unknown[] }).l, ...(b as { l: unknown[] }).l] };
  }
}

function resultOf(agg: Aggregation, slot: Slot | undefined): unknown {
  if (slot === undefined) return null;
  switch (agg.fn) {
    case 'count':
      return (slot as { n: number }).n;
    case 'sum':
      return (slot as { s: number }).s;
    case 'avg': {
      const s = slot as { s: number; n: number };
      return s.n === 0 ? null : s.s / s.n;
    }
    case 'collect':
      return (slot as { l: unknown[] }).l;
    default:
      return (slot as { v: unknown }).v ?? null;
  }
}

export interface AggregateFunctions {
  initializer: () => AggregateState;
  adder: (key: unknown, value: Projected, state: AggregateState) => AggregateState;
  merger: (key: unknown, a: AggregateState, b: AggregateState) => AggregateState;
  /** The output value: `{ windowStart, windowEnd, <as>: result, … }`. */
  output: (state: AggregateState, windowStart: number, windowEnd: number) => Record<string, unknown>;
}

export function aggregateFunctions(aggregations: readonly Aggregation[]): AggregateFunctions {
  const slotOf = (state: AggregateState, agg: Aggregation): Slot => state[agg.as] ?? initialSlot(agg.fn);
  return {
    initializer: () => Object.fromEntries(aggregations.map((agg) => [agg.as, initialSlot(agg.fn)])),
    adder: (_key, projected, state) =>
      Object.fromEntries(aggregations.map((agg, i) => [agg.as, addSlot(agg, slotOf(state, agg), projected.f[i] ?? null, projected.t)])),
    merger: (_key, a, b) => Object.fromEntries(aggregations.map((agg) => [agg.as, mergeSlot(agg, slotOf(a, agg), slotOf(b, agg))])),
    output: (state, windowStart, windowEnd) => {
      const out: Record<string, unknown> = { windowStart, windowEnd };
      for (const agg of aggregations) out[agg.as] = resultOf(agg, state[agg.as]);
      return out;
    },
  };
}
