/**
 * Infers a TypeScript type from sample JSON values (the records seen on a code node's input), so
 * the code editor can type `record.value`: objects merge their members (a member missing from some
 * samples is optional), arrays merge their elements, mixed samples become unions.
 *
 * Invariants: pure and total — any JSON input gives a valid TypeScript type text; nesting deeper
 * than MAX_DEPTH becomes `unknown`; no samples give `unknown`.
 */
import type { RecordDto } from '../../engine/api/index.js';

export const MAX_DEPTH = 8;

interface Shape {
  primitives: Set<'null' | 'boolean' | 'number' | 'string'>;
  array: Shape | null;
  /** Samples that were (non-empty or empty) arrays. */
  arrays: number;
  object: { count: number; members: Map<string, { shape: Shape; count: number }> } | null;
  seen: number;
}

const emptyShape = (): Shape => ({ primitives: new Set(), array: null, arrays: 0, object: null, seen: 0 });

function add(shape: Shape, value: unknown, depth: number): void {
  shape.seen++;
  if (depth > MAX_DEPTH) return;
  if (value === null || value === undefined) shape.primitives.add('null');
  else if (typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') shape.primitives.add(typeof value as 'boolean' | 'number' | 'string');
  else if (Array.isArray(value)) {
    shape.arrays++;
    shape.array ??= emptyShape();
    for (const item of value) add(shape.array, item, depth + 1);
  } else if (typeof value === 'object') {
    shape.object ??= { count: 0, members: new Map() };
    shape.object.count++;
    for (const [key, member] of Object.entries(value as Record<string, unknown>)) {
      let entry = shape.object.members.get(key);
      if (entry === undefined) shape.object.members.set(key, (entry = { shape: emptyShape(), count: 0 }));
      entry.count++;
      add(entry.shape, member, depth + 1);
    }
  }
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const propertyName = (key: string): string => (IDENTIFIER.test(key) ? key : JSON.stringify(key));

function render(shape: Shape, indent: string): string {
  const parts: string[] = [];
  for (const primitive of ['string', 'number', 'boolean'] as const) if (shape.primitives.has(primitive)) parts.push(primitive);
  if (shape.object !== null) {
    const { count, members } = shape.object;
    if (members.size === 0) parts.push('Record<string, never>');
    else {
      const inner = `${indent}  `;
      const lines = [...members].map(([key, m]) => `${inner}${propertyName(key)}${m.count < count ? '?' : ''}: ${render(m.shape, inner)};`);
      parts.push(`{\n${lines.join('\n')}\n${indent}}`);
    }
  }
  if (shape.arrays > 0) {
    const element = shape.array === null || shape.array.seen === 0 ? 'unknown' : render(shape.array, indent);
    parts.push(/^[A-Za-z]+$/.test(element) ? `${element}[]` : `Array<${element}>`);
  }
  if (shape.primitives.has('null')) parts.push('null');
  return parts.length === 0 ? 'unknown' : parts.join(' | ');
}

/** The TypeScript type of all `values` together. */
export function inferType(values: readonly unknown[]): string {
  const shape = emptyShape();
  for (const value of values) add(shape, value, 0);
  return render(shape, '');
}

/** A record value as a code node sees it with the default JSON format (text that is not JSON stays a string). */
export function decodeValue(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A record key as a code node sees it with the default string key format (JSON objects and arrays decoded). */
export function decodeKey(text: string | null): unknown {
  if (text === null) return null;
  if (!/^\s*[[{]/.test(text)) return text;
  return decodeValue(text);
}

/** Declarations of the sample-derived key and value types for the code editor. */
export function recordTypeDeclarations(samples: readonly RecordDto[]): string {
  if (samples.length === 0) {
    return '/** No sample records yet: run the pipeline (or tap the input edge) to type `record.value`. */\ntype SluiceKey = SluiceJson;\ntype SluiceValue = SluiceJson;\n';
  }
  const usable = samples.filter((r) => !r.truncated);
  const key = inferType(usable.map((r) => decodeKey(r.key)));
  const value = inferType(usable.map((r) => decodeValue(r.value)));
  return `/** Inferred from ${usable.length} sample record(s) on the node's input. */\ntype SluiceKey = ${key};\n/** Inferred from ${usable.length} sample record(s) on the node's input. */\ntype SluiceValue = ${value};\n`;
}
