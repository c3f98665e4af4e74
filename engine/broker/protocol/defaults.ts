/**
 * Field defaults, as Kafka's message generator defines them: the explicit `default` when the spec
 * gives one, otherwise 0 / false / "" / empty bytes / zero uuid / empty array / null records, and
 * for a struct an object of its fields' defaults. A field absent in a version decodes to its
 * default; a tagged field equal to its default is not written.
 *
 * Invariant: factories return fresh arrays and objects on every call (callers may mutate them);
 * the shared empty Buffer has length 0 and so cannot be mutated.
 */
import type { Field, FieldType } from './schema.js';
import { inVersions } from './schema.js';

export const ZERO_UUID = '00000000-0000-0000-0000-000000000000';
const EMPTY_BYTES = Buffer.alloc(0);

export type DefaultFactory = () => unknown;

/** A factory for the default value of a field (covering all of its versions). */
export function defaultFactory(field: Field): DefaultFactory {
  const explicit = field.default;
  if (explicit === null) return () => null;
  if (explicit !== undefined) {
    const value = explicit;
    return () => value;
  }
  return typeDefault(field.type);
}

function typeDefault(type: FieldType): DefaultFactory {
  if (typeof type === 'string') {
    switch (type) {
      case 'bool':
        return () => false;
      case 'string':
        return () => '';
      case 'uuid':
        return () => ZERO_UUID;
      case 'bytes':
        return () => EMPTY_BYTES;
      case 'records':
        return () => null;
      default:
        return () => 0;
    }
  }
  if (type.kind === 'array') return () => [];
  const names = type.fields.map((f) => f.name);
  const factories = type.fields.map(defaultFactory);
  return () => {
    const out: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) out[names[i]!] = factories[i]!();
    return out;
  };
}

/** A predicate "is this value the field's default?" for the fields present in `version`. */
export function defaultTester(field: Field, version: number): (value: unknown) => boolean {
  const explicit = field.default;
  if (explicit !== undefined) return (value) => value === explicit;
  return typeDefaultTester(field.type, version);
}

function typeDefaultTester(type: FieldType, version: number): (value: unknown) => boolean {
  if (typeof type === 'string') {
    switch (type) {
      case 'bool':
        return (value) => value === false;
      case 'string':
        return (value) => value === '';
      case 'uuid':
        return (value) => value === ZERO_UUID;
      case 'bytes':
        return (value) => value instanceof Uint8Array && value.length === 0;
      case 'records':
        return (value) => value === null;
      default:
        return (value) => value === 0;
    }
  }
  if (type.kind === 'array') return (value) => Array.isArray(value) && value.length === 0;
  const present = type.fields.filter((f) => inVersions(f.versions, version));
  const testers = present.map((f) => ({ name: f.name, isDefault: defaultTester(f, version) }));
  return (value) => {
    if (value === null || typeof value !== 'object') return false;
    const record = value as Record<string, unknown>;
    for (let i = 0; i < testers.length; i++) {
      const t = testers[i]!;
      const v = record[t.name];
      if (v !== undefined && !t.isDefault(v)) return false;
    }
    return true;
  };
}
