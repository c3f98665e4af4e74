/**
 * Value plumbing of the compiler: serdes per record format, the expression scope of a record, and
 * immutable field-path access (`key`, `value`, `value.a.b`) used by map, flat-map and aggregates.
 *
 * Invariants: nothing here mutates its input — setPath/dropPath copy every object on the path and
 * share the rest; getPath reads own properties of plain objects and array indices only (never a
 * prototype or getter), and gives null when the path is absent.
 */
import { Serdes, type Serde, type StreamRecord } from '../../streams/index.js';
import type { ExprScope } from '../expr/index.js';

export type RecordFormat = 'json' | 'string' | 'bytes';

/** The serde of a record format: json → JSON, string → UTF-8 string, bytes → raw bytes. */
export function serdeFor(format: RecordFormat): Serde<unknown> {
  switch (format) {
    case 'json':
      return Serdes.JSON();
    case 'string':
      return Serdes.String() as Serde<unknown>;
    case 'bytes':
      return Serdes.Bytes() as Serde<unknown>;
  }
}

/** What an expression sees of a record. */
export function scopeOf(r: StreamRecord<unknown, unknown>): ExprScope {
  return { key: r.key, value: r.value, headers: r.headers, timestamp: r.timestamp };
}

/** A name usable inside a topic or store name: characters Kafka forbids become `_`. */
export const topicSafe = (name: string): string => name.replace(/[^a-zA-Z0-9._-]/g, '_');

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object' || Array.isArray(v) || Buffer.isBuffer(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function child(v: unknown, segment: string): unknown {
  if (Array.isArray(v)) {
    if (!/^(0|[1-9][0-9]*)$/.test(segment)) return null;
    const item: unknown = v[Number(segment)];
    return item === undefined ? null : item;
  }
  if (!isPlainObject(v) || FORBIDDEN.has(segment) || !Object.hasOwn(v, segment)) return null;
  const item = v[segment];
  return item === undefined ? null : item;
}

/** A record as the two roots a field path starts at. */
export interface KeyValuePair {
  key: unknown;
  value: unknown;
}

/** Splits `value.a.b` into its root (`value`) and segments (`['a', 'b']`). */
export function splitPath(path: string): { root: 'key' | 'value'; segments: string[] } {
  const [root, ...segments] = path.split('.');
  return { root: root === 'key' ? 'key' : 'value', segments };
}

/** The value at `path` (`key`, `value`, `value.a.0.b`), or null when absent. */
export function getPath(pair: KeyValuePair, path: string): unknown {
  const { root, segments } = splitPath(path);
  let v: unknown = pair[root];
  for (const segment of segments) v = child(v, segment);
  return v === undefined ? null : v;
}

function setIn(target: unknown, segments: readonly string[], value: unknown): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return value;
  if (FORBIDDEN.has(head)) return target;
  if (Array.isArray(target) && /^(0|[1-9][0-9]*)$/.test(head)) {
    const copy = [...(target as unknown[])];
    const index = Number(head);
    while (copy.length < index) copy.push(null);
    copy[index] = setIn(copy[index], rest, value);
    return copy;
  }
  const base: Record<string, unknown> = isPlainObject(target) ? { ...target } : {};
  base[head] = setIn(base[head], rest, value);
  return base;
}

/** A new pair with `path` set to `value`; objects on the path are copied, never mutated. */
export function setPath(pair: KeyValuePair, path: string, value: unknown): KeyValuePair {
  const { root, segments } = splitPath(path);
  return { ...pair, [root]: setIn(pair[root], segments, value) };
}

function dropIn(target: unknown, segments: readonly string[]): unknown {
  const [head, ...rest] = segments;
  if (head === undefined) return null;
  if (!isPlainObject(target) || !Object.hasOwn(target, head)) return target;
  const copy = { ...target };
  if (rest.length === 0) delete copy[head];
  else copy[head] = dropIn(copy[head], rest);
  return copy;
}

/** A new pair without `path` (dropping `key` or `value` itself makes it null). */
export function dropPath(pair: KeyValuePair, path: string): KeyValuePair {
  const { root, segments } = splitPath(path);
  return { ...pair, [root]: dropIn(pair[root], segments) };
}
