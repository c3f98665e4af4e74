/**
 * The engine host through EngineClient over an in-memory transport: catalog, templates, documents,
 * workspace files and the dispatcher's errors. Results are checked against the contract's result
 * schemas on the way out (the kit turns `checkResults` on). Topics and runs have their own files.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineMethod } from '../api/contract.js';
import type { PipelineDocument } from '../api/pipeline-document.js';
import { getManifest, listManifests } from '../pipeline/catalog/index.js';
import { CODE_FIELDS, PLACEHOLDERS } from './catalog.js';
import { dispatchRequest } from './dispatch.js';
import { DEFAULT_TEMPLATES_DIR } from './templates.js';
import { engineError, openHostKit, writeTemplate, type HostKit } from './test-kit.js';

let kit: HostKit;
beforeEach(async () => {
  kit = await openHostKit();
});
afterEach(async () => {
  await kit.dispose();
});

const doc = (overrides: Partial<PipelineDocument> = {}): PipelineDocument => ({
  format: 'sluice.pipeline/v1',
  name: 'route',
  nodes: [
    { id: 'gen', kind: 'source.datagen@1', config: { generator: 'iot' }, position: { x: 0, y: 0 } },
    { id: 'route', kind: 'transform.branch@1', config: { conditions: [{ name: 'hot', expr: 'value.temperature > 40' }] } },
    { id: 'keep', kind: 'transform.filter@1', config: { expr: 'value.temperature >' } },
    { id: 'out', kind: 'sink.topic@1', config: { topic: 'hot' } },
    { id: 'rest', kind: 'sink.topic@1', config: { topic: 'rest' } },
  ],
  edges: [
    { from: 'gen', to: 'route' },
    { from: 'route', fromPort: 'hot', to: 'keep' },
    { from: 'keep', to: 'out' },
    { from: 'route', fromPort: 'default', to: 'rest' },
  ],
  ...overrides,
});

describe('catalog.list', () => {
  it('lists the 15 kinds in 5 groups with JSON schemas, ports and default configs that pass their schemas', async () => {
    const { groups, kinds } = await kit.client.api['catalog.list']({});
    expect(groups).toEqual(['Sources', 'Transforms', 'Aggregate & Window', 'Joins', 'Sinks']);
    expect(kinds).toHaveLength(15);
    expect(new Set(kinds.map((k) => k.group)).size).toBe(5);
    for (const kind of kinds) {
      const manifest = getManifest(kind.kind)!;
      expect(kind.configSchema, kind.kind).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
      expect(manifest.configSchema.safeParse(kind.defaultConfig).success, `${kind.kind} default config`).toBe(true);
      expect(kind.ports.inputs.map((p) => p.name)).toEqual(manifest.inputs.map((p) => p.name));
      expect(kind.ports.outputs.map((p) => p.name)).toEqual(manifest.outputs.map((p) => p.name));
    }
    const byKind = new Map(kinds.map((k) => [k.kind, k]));
    expect(byKind.get('join.stream-stream@1')!.defaultConfig).toEqual({ type: 'inner', graceMs: 0, output: { leftAs: 'left', rightAs: 'right' } });
    expect(byKind.get('source.datagen@1')!.defaultConfig).toMatchObject({ generator: 'orders', seed: 42, ratePerSec: 10 });
    expect(byKind.get('sink.topic@1')!.ports.inputs[0]).toMatchObject({ name: 'in', accepts: ['stream', 'table'] });
  });

  it('derives expression fields from the schemas and lists code fields', async () => {
    const { kinds } = await kit.client.api['catalog.list']({});
    const fields = Object.fromEntries(kinds.map((k) => [k.kind, { expressions: [...k.expressionFields].sort(), code: k.codeFields }]));
    expect(fields['transform.filter@1']!.expressions).toEqual(['expr']);
    expect(fields['transform.map@1']!.expressions).toEqual(['operations[].expr']);
    expect(fields['transform.branch@1']!.expressions).toEqual(['conditions[].expr']);
    expect(fields['aggregate.window@1']!.expressions).toEqual(['groupBy']);
    expect(fields['join.stream-stream@1']!.expressions).toEqual(['leftKey', 'rightKey']);
    expect(fields['join.stream-table@1']!.expressions).toEqual(['streamKey']);
    expect(fields['sink.topic@1']!.expressions).toEqual(['key']);
    expect(fields['source.topic@1']!.expressions).toEqual([]);
    expect(fields['transform.code@1']).toEqual({ expressions: [], code: ['source'] });
    for (const kind of kinds) {
      for (const field of kind.codeFields) {
        const property = (kind.configSchema.properties as Record<string, { type?: string }>)[field];
        expect(property?.type, `${kind.kind} code field ${field}`).toBe('string');
      }
    }
  });

  it('uses placeholders only for required fields the schema gives no default', () => {
    for (const [kind, placeholder] of Object.entries(PLACEHOLDERS)) {
      const schema = getManifest(kind)!.configSchema as unknown as { shape: Record<string, { safeParse(v: unknown): { success: boolean } }> };
      for (const field of Object.keys(placeholder)) expect(schema.shape[field]!.safeParse(undefined).success, `${kind}.${field}`).toBe(false);
    }
    expect(Object.keys(CODE_FIELDS).every((kind) => listManifests().some((m) => m.kind === kind))).toBe(true);
  });
});

describe('templates', () => {
  it('lists templates with README title, description and kinds, and instantiates one', async () => {
    const pipeline = JSON.stringify({ ...doc(), description: undefined });
    await writeTemplate(kit.templatesDir, 'iot-alerts', {
      'pipeline.sluice.json': pipeline,
      'README.md': '<!-- generated -->\n# IoT alerts\n\nRoutes hot sensors\nto their own topic.\n\n## Run it\n',
    });
    await writeTemplate(kit.templatesDir, 'described', {
      'pipeline.sluice.json': JSON.stringify(doc({ name: 'described', description: 'From the document.' })),
    });
    await writeTemplate(kit.templatesDir, 'broken', { 'pipeline.sluice.json': '{ nope' });
    await writeTemplate(kit.templatesDir, 'no-pipeline', { 'README.md': '# Nothing' });
    const { templates } = await kit.client.api['templates.list']({});
    expect(templates).toEqual([
      { slug: 'described', title: 'described', description: 'From the document.', kinds: ['source.datagen@1', 'transform.branch@1', 'transform.filter@1', 'sink.topic@1'] },
      { slug: 'iot-alerts', title: 'IoT alerts', description: 'Routes hot sensors to their own topic.', kinds: ['source.datagen@1', 'transform.branch@1', 'transform.filter@1', 'sink.topic@1'] },
    ]);
    expect(kit.logger.lines.some((line) => line.includes('template "broken" left out'))).toBe(true);
    const instance = await kit.client.api['templates.instantiate']({ slug: 'iot-alerts' });
    expect(instance.doc.name).toBe('route');
    expect(instance.readme).toContain('# IoT alerts');
  });

  it('reads the package’s own templates folder, wherever the process runs', async () => {
    const own = await openHostKit({ templatesDir: DEFAULT_TEMPLATES_DIR });
    try {
      const { templates } = await own.client.api['templates.list']({});
      expect(templates.length).toBeGreaterThanOrEqual(7);
      for (const template of templates) {
        expect(template.title, template.slug).not.toBe(template.slug);
        expect(template.description, template.slug).not.toBe('');
        const { doc: instance, readme } = await own.client.api['templates.instantiate']({ slug: template.slug });
        expect(readme.startsWith(`# ${template.title}`), template.slug).toBe(true);
        expect((await own.client.api['pipelines.validate']({ doc: instance })).diagnostics.filter((d) => d.severity === 'error'), template.slug).toEqual([]);
      }
    } finally {
      await own.dispose();
    }
  });

  it('refuses an unknown slug (or one that tries to leave the folder) with HOST_TEMPLATE_NOT_FOUND', async () => {
    for (const slug of ['nope', '../data', '']) {
      const error = await engineError(kit.client.api['templates.instantiate']({ slug }));
      expect(error).toMatchObject({ code: 'HOST_TEMPLATE_NOT_FOUND', domain: 'user' });
    }
  });
});

describe('pipelines: validate, parse, serialize', () => {
  it('returns diagnostics and every node’s ports (branch outputs follow its conditions)', async () => {
    const result = await kit.client.api['pipelines.validate']({ doc: doc() });
    expect(result.diagnostics).toContainEqual(expect.objectContaining({ code: 'PIP_EXPRESSION_INVALID', nodeId: 'keep', field: 'expr' }));
    expect(result.ports.route!.outputs.map((p) => p.name)).toEqual(['hot', 'default']);
    expect(result.ports.out).toEqual({ inputs: [expect.objectContaining({ name: 'in' })], outputs: [] });
    expect(Object.keys(result.ports).sort()).toEqual(['gen', 'keep', 'out', 'rest', 'route']);
  });

  it('round-trips a document through serialize and parse, with a stable key order', async () => {
    const original = doc();
    const { text } = await kit.client.api['pipelines.serialize']({ doc: original });
    expect(text.indexOf('"format"')).toBeLessThan(text.indexOf('"name"'));
    expect(text.endsWith('}\n')).toBe(true);
    const parsed = await kit.client.api['pipelines.parse']({ text });
    expect(parsed).toEqual({ doc: original, diagnostics: [] });
    const again = await kit.client.api['pipelines.serialize']({ doc: parsed.doc! });
    expect(again.text).toBe(text);
  });

  it('reports unparseable text as diagnostics, without a document', async () => {
    const parsed = await kit.client.api['pipelines.parse']({ text: '{"format": "sluice.pipeline/v1", "name": ' });
    expect(parsed.doc).toBeUndefined();
    expect(parsed.diagnostics[0]).toMatchObject({ code: 'PIP_JSON_INVALID', severity: 'error' });
  });
});

describe('workspace files', () => {
  it('saves, lists and opens pipelines under <dataDir>/pipelines', async () => {
    const saved = await kit.client.api['pipelines.save']({ path: 'orders.sluice.json', doc: doc({ name: 'orders' }) });
    await kit.client.api['pipelines.save']({ path: 'team/alerts.sluice.json', doc: doc({ name: 'alerts' }) });
    expect(await readFile(join(kit.dataDir, 'pipelines', 'orders.sluice.json'), 'utf8')).toBe(saved.text);
    await writeFile(join(kit.dataDir, 'pipelines', 'broken.sluice.json'), 'not json');
    await writeFile(join(kit.dataDir, 'pipelines', 'notes.txt'), 'ignored');
    await mkdir(join(kit.dataDir, 'pipelines', '.hidden'));
    await writeFile(join(kit.dataDir, 'pipelines', '.hidden', 'x.sluice.json'), 'ignored');
    const { files } = await kit.client.api['pipelines.list']({});
    expect(files.map(({ path, name }) => ({ path, name }))).toEqual([
      { path: 'broken.sluice.json', name: 'broken' },
      { path: 'orders.sluice.json', name: 'orders' },
      { path: 'team/alerts.sluice.json', name: 'alerts' },
    ]);
    expect(files[0]!.modifiedMs).toBeGreaterThan(0);
    const opened = await kit.client.api['pipelines.open']({ path: 'team/alerts.sluice.json' });
    expect(opened).toMatchObject({ path: 'team/alerts.sluice.json', doc: { name: 'alerts' }, diagnostics: [] });
    const broken = await kit.client.api['pipelines.open']({ path: 'broken.sluice.json' });
    expect(broken).toMatchObject({ text: 'not json', diagnostics: [{ code: 'PIP_JSON_INVALID' }] });
    expect(broken.doc).toBeUndefined();
  });

  it('refuses absolute paths, `..`, backslashes and names not ending in .sluice.json with HOST_BAD_PATH', async () => {
    const bad = ['/etc/passwd.sluice.json', '../outside.sluice.json', 'a/../../b.sluice.json', 'a\\b.sluice.json', 'C:/x.sluice.json', 'notes.txt', '.sluice.json', 'a//b.sluice.json', './a.sluice.json'];
    for (const path of bad) {
      const error = await engineError(kit.client.api['pipelines.save']({ path, doc: doc() }));
      expect(error, path).toMatchObject({ code: 'HOST_BAD_PATH', domain: 'user' });
      expect(error.message).toContain(path);
      expect((await engineError(kit.client.api['pipelines.open']({ path }))).code).toBe('HOST_BAD_PATH');
    }
  });

  it('names a missing file with HOST_FILE_NOT_FOUND', async () => {
    const error = await engineError(kit.client.api['pipelines.open']({ path: 'missing.sluice.json' }));
    expect(error).toMatchObject({ code: 'HOST_FILE_NOT_FOUND', domain: 'user' });
    expect(error.message).toContain('missing.sluice.json');
  });
});

describe('dispatcher', () => {
  it('answers an unknown method with API_UNKNOWN_METHOD', async () => {
    const error = await engineError(kit.client.call('pipelines.explode' as EngineMethod, {} as never));
    expect(error).toMatchObject({ code: 'API_UNKNOWN_METHOD', domain: 'user' });
    expect(error.message).toContain('pipelines.explode');
  });

  it('answers bad parameters with API_BAD_PARAMS naming the fields', async () => {
    const error = await engineError(kit.client.api['topics.create']({ name: 'x', partitions: 0 }));
    expect(error).toMatchObject({ code: 'API_BAD_PARAMS', domain: 'user' });
    expect(error.message).toMatch(/topics\.create: partitions: /);
    const nested = await engineError(kit.client.api['topics.consume']({ topic: 't', from: { type: 'offset', offset: -1 } }));
    expect(nested.message).toContain('from.offset');
    const missing = await engineError(kit.client.call('pipelines.open', {} as never));
    expect(missing.message).toMatch(/path: /);
  });

  it('keeps an EngineError’s code and turns any other exception into API_INTERNAL, logged with the method name', async () => {
    await kit.host.broker.close();
    const error = await engineError(kit.client.api['topics.create']({ name: 'late' }));
    expect(error.code).toBe('KAFKA_NOT_LEADER_OR_FOLLOWER');
    expect(error.message).toContain('"late"');
    const response = await dispatchRequest({ type: 'request', id: 7, method: 'catalog.list', params: {} }, () => Promise.reject(new TypeError('boom')), {
      logger: kit.logger,
    });
    expect(response).toMatchObject({ id: 7, ok: false, error: { code: 'API_INTERNAL', domain: 'internal', message: 'catalog.list failed (a bug in Sluice): boom' } });
    expect(kit.logger.lines).toContain('error catalog.list failed unexpectedly: boom');
  });

  it('answers a malformed request that has an id with API_BAD_MESSAGE and ignores one without', async () => {
    const invoke = () => Promise.reject(new Error('never called'));
    expect(await dispatchRequest({ type: 'request', id: 3, params: {} }, invoke, { logger: kit.logger })).toMatchObject({
      id: 3,
      ok: false,
      error: { code: 'API_BAD_MESSAGE' },
    });
    expect(await dispatchRequest('hello', invoke, { logger: kit.logger })).toBeUndefined();
    expect(kit.logger.lines.some((line) => line.startsWith('warn ignored a message'))).toBe(true);
  });
});
