import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getManifest, listManifests, paletteGroups, parseKind, suggestKinds } from './registry.js';
import { PALETTE_GROUPS } from './manifest.js';
import { topicNameProblem } from './fields.js';

const KINDS = [
  'source.topic@1',
  'table.topic@1',
  'source.datagen@1',
  'transform.filter@1',
  'transform.map@1',
  'transform.select-key@1',
  'transform.flat-map@1',
  'transform.branch@1',
  'transform.merge@1',
  'transform.code@1',
  'aggregate.window@1',
  'join.stream-stream@1',
  'join.stream-table@1',
  'join.table-table@1',
  'sink.topic@1',
];

describe('node catalog', () => {
  it('holds every kind once, in palette groups', () => {
    expect(listManifests().map((m) => m.kind)).toEqual(KINDS);
    expect(paletteGroups().map((g) => g.group)).toEqual([...PALETTE_GROUPS]);
  });

  it('gives every manifest a title, a description and described config fields', () => {
    for (const manifest of listManifests()) {
      expect(manifest.title, manifest.kind).not.toBe('');
      expect(manifest.description, manifest.kind).not.toBe('');
      const schema = z.toJSONSchema(manifest.configSchema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, { description?: string }> };
      if (manifest.type === 'source.datagen') continue; // the connector owns that schema
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        expect(property.description, `${manifest.kind} ${name}`).toBeTruthy();
      }
    }
  });

  it('types ports: tables out of table.topic and table-table joins, sinks take both', () => {
    expect(getManifest('table.topic@1')!.outputs).toEqual([expect.objectContaining({ name: 'out', type: 'table' })]);
    expect(getManifest('join.stream-table@1')!.inputs.map((p) => [p.name, p.type])).toEqual([['stream', 'stream'], ['table', 'table']]);
    expect(getManifest('join.table-table@1')!.outputs[0]!.type).toBe('table');
    expect(getManifest('sink.topic@1')!.inputs[0]!.accepts).toEqual(['stream', 'table']);
    expect(getManifest('transform.merge@1')!.inputs[0]!.multiple).toBe(true);
  });

  it('names branch outputs after the conditions plus default, even for a half-typed config', () => {
    const branch = getManifest('transform.branch@1')!;
    const ports = branch.portsFor({ conditions: [{ name: 'big', expr: 'value.amount > 100' }, { name: 'small' }, { expr: 'x' }] });
    expect(ports.outputs.map((p) => p.name)).toEqual(['big', 'small', 'default']);
    expect(branch.portsFor('garbage').outputs.map((p) => p.name)).toEqual(['default']);
  });

  it('applies defaults and reports expression errors with their position', () => {
    const window = getManifest('aggregate.window@1')!.configSchema.parse({
      groupBy: 'key',
      window: { type: 'tumbling', sizeMs: 1000 },
      aggregations: [{ fn: 'count', as: 'n' }],
    });
    expect(window).toEqual({ groupBy: 'key', window: { type: 'tumbling', sizeMs: 1000, graceMs: 0 }, aggregations: [{ fn: 'count', as: 'n' }], emit: 'on-update' });
    expect(getManifest('transform.code@1')!.configSchema.parse({ source: 'export default (r) => r' })).toMatchObject({ timeBudgetMs: 1000 });
    const bad = getManifest('transform.filter@1')!.configSchema.safeParse({ expr: 'value.amount >' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['expr'], params: { diagnostic: 'PIP_EXPRESSION_INVALID', position: expect.any(Number) } });
  });

  it('knows which kinds change the key', () => {
    const map = getManifest('transform.map@1')!;
    expect(map.changesKey({ operations: [{ op: 'set', field: 'value.x', expr: '1' }] })).toBe(false);
    expect(map.changesKey({ operations: [{ op: 'set', field: 'key', expr: 'value.id' }] })).toBe(true);
    expect(getManifest('transform.select-key@1')!.changesKey({ expr: 'value.id' })).toBe(true);
    expect(getManifest('transform.filter@1')!.changesKey({ expr: 'true' })).toBe(false);
  });

  it('parses kinds and suggests close ones', () => {
    expect(parseKind('source.topic@1')).toEqual({ type: 'source.topic', version: 1 });
    expect(parseKind('source.topic')).toEqual({ type: 'source.topic', version: undefined });
    expect(suggestKinds('source.topic@2')).toEqual(['source.topic@1']);
    expect(suggestKinds('transform.filtr@1')).toEqual(['transform.filter@1']);
    expect(suggestKinds('sink.topics@1')[0]).toBe('sink.topic@1');
    expect(suggestKinds('zzzzzzzzzzzz')).toEqual([]);
  });

  it('checks topic names with Kafka’s rules', () => {
    expect(topicNameProblem('orders.v1_x-y')).toBeUndefined();
    for (const bad of ['', '.', '..', 'a b', 'ä', 'x'.repeat(250)]) expect(topicNameProblem(bad), bad).toBeDefined();
    expect(topicNameProblem('x'.repeat(249))).toBeUndefined();
  });
});
