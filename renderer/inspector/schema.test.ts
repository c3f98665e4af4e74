import { describe, expect, it } from 'vitest';
import { catalog } from '../testing/fixtures.js';
import { boundsHint, fieldKind, initialValue, matchUnion, parseNumber, switchAlternative, unionInfo, type JsonSchema } from './schema.js';

const schemaOf = (kind: string) => catalog.kinds.find((k) => k.kind === kind)!.configSchema as JsonSchema;
const windowSchema = schemaOf('aggregate.window@1').properties!.window!;

describe('inspector schema', () => {
  it('classifies fields', () => {
    const source = schemaOf('source.datagen@1').properties!;
    expect(fieldKind(source.generator!)).toBe('enum');
    expect(fieldKind(source.seed!)).toBe('integer');
    expect(fieldKind(source.ratePerSec!)).toBe('number');
    expect(fieldKind(source.startTime!)).toBe('union');
    expect(fieldKind(windowSchema)).toBe('union');
    expect(fieldKind(schemaOf('aggregate.window@1').properties!.aggregations!)).toBe('array');
    expect(fieldKind({ type: 'object' })).toBe('json');
  });

  it('finds the discriminator of a oneOf and which alternative a value is', () => {
    const info = unionInfo(windowSchema);
    expect(info.discriminator).toBe('type');
    expect(info.options.map((o) => o.label)).toEqual(['tumbling', 'hopping', 'sliding', 'session']);
    expect(matchUnion(info, { type: 'session', gapMs: 5 })).toBe(3);
    expect(matchUnion(info, undefined)).toBe(-1);
    const byType = unionInfo(schemaOf('source.datagen@1').properties!.startTime!);
    expect(byType.discriminator).toBeNull();
    expect(byType.options.map((o) => o.label)).toEqual(['string (date-time)', 'integer']);
    expect(matchUnion(byType, 1000)).toBe(1);
    expect(matchUnion(byType, '2024-01-01T00:00:00Z')).toBe(0);
  });

  it('builds initial values with required members and defaults', () => {
    expect(initialValue(windowSchema)).toEqual({ type: 'tumbling', graceMs: 0 });
    const aggregation = schemaOf('aggregate.window@1').properties!.aggregations!.items!;
    expect(initialValue(aggregation)).toEqual({ fn: 'count', as: '' });
    const map = schemaOf('transform.map@1').properties!.operations!.items!;
    expect(initialValue(map)).toEqual({ op: 'set', field: '', expr: '' });
  });

  it('keeps shared members when switching alternatives', () => {
    const hopping = unionInfo(windowSchema).options[1]!.schema;
    expect(switchAlternative(hopping, { type: 'tumbling', sizeMs: 60000, graceMs: 5 })).toEqual({ type: 'hopping', sizeMs: 60000, graceMs: 5 });
    const session = unionInfo(windowSchema).options[3]!.schema;
    expect(switchAlternative(session, { type: 'tumbling', sizeMs: 60000 })).toEqual({ type: 'session', graceMs: 0 });
  });

  it('parses numbers and describes bounds', () => {
    expect(parseNumber('', true)).toBeUndefined();
    expect(parseNumber('12', true)).toBe(12);
    expect(parseNumber('1.5', true)).toBeNull();
    expect(parseNumber('1.5', false)).toBe(1.5);
    expect(parseNumber('abc', false)).toBeNull();
    expect(boundsHint({ exclusiveMinimum: 0, maximum: 9007199254740991 })).toBe('> 0');
    expect(boundsHint({ minimum: 0, maximum: 1 })).toBe('≥ 0, ≤ 1');
    expect(boundsHint({})).toBeNull();
  });
});
