/**
 * Runs a pipeline template (templates/<slug>/) through the TopologyTestDriver: compiles its
 * `pipeline.sluice.json` (trusted), pipes `fixtures/input.jsonl` into the topics of the named source
 * nodes — a datagen node's per-stream topic (the plan's `datagen[].outputs[].topic`, string keys,
 * JSON values) or a source.topic node's topic with the serdes of its formats — and returns every
 * record written to a sink topic or to the dead-letter topic, in the order the driver sent them.
 *
 * Input line: `{ "node", "stream"?, "topic"?, "key", "value", "timestamp" }` (`topic` may stand in
 * for `node` for source.topic nodes). Output record: `{ "topic", "key", "value", "timestamp" }`,
 * keys and values decoded with the sink's formats (dead letters: as UTF-8 text).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compilePipeline, type CompiledPlan } from '../../engine/pipeline/compile/index.js';
import { serdeFor } from '../../engine/pipeline/compile/values.js';
import { Serdes, TopologyTestDriver, type Serde } from '../../engine/streams/index.js';

export const TEMPLATES_DIR = join(import.meta.dirname, '..', '..', 'templates');

export interface InputRecord {
  node?: string;
  stream?: string;
  topic?: string;
  key: unknown;
  value: unknown;
  timestamp: number;
}

export interface OutputRecord {
  topic: string;
  key: unknown;
  value: unknown;
  timestamp: number;
}

/** The template directories under templates/, sorted. */
export function templateSlugs(): string[] {
  if (!existsSync(TEMPLATES_DIR)) return [];
  return readdirSync(TEMPLATES_DIR, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

export const templatePath = (slug: string, ...parts: string[]): string => join(TEMPLATES_DIR, slug, ...parts);

export function readJsonLines<T>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, index) => {
      try {
        return JSON.parse(line) as T;
      } catch (error) {
        throw new Error(`${path}:${index + 1}: ${(error as Error).message}`, { cause: error });
      }
    });
}

export const toJsonLines = (records: readonly unknown[]): string => records.map((r) => `${JSON.stringify(r)}\n`).join('');

interface Target {
  topic: string;
  keySerde: Serde<unknown>;
  valueSerde: Serde<unknown>;
}

/** Where an input line goes: the topic of its source node (or stream) and that topic's serdes. */
function targetOf(plan: CompiledPlan, input: InputRecord, line: number): Target {
  const where = `fixtures/input.jsonl line ${line}`;
  const datagen = plan.datagen.find((d) => d.nodeId === input.node);
  if (datagen !== undefined) {
    const output = datagen.outputs.find((o) => o.stream === input.stream);
    if (output === undefined) throw new Error(`${where}: datagen node "${datagen.nodeId}" has no stream "${String(input.stream)}" (${datagen.outputs.map((o) => o.stream).join(', ')})`);
    return { topic: output.topic, keySerde: Serdes.String() as Serde<unknown>, valueSerde: Serdes.JSON() };
  }
  const source = plan.sources.find((s) => (input.node === undefined ? s.topic === input.topic : s.nodeId === input.node));
  if (source === undefined) throw new Error(`${where}: no source node ${input.node === undefined ? `reads topic "${String(input.topic)}"` : `"${input.node}"`}`);
  return { topic: source.topic, keySerde: serdeFor(source.keyFormat), valueSerde: serdeFor(source.format) };
}

const utf8: Serde<unknown> = { serialize: (_t, v) => Buffer.from(String(v)), deserialize: (_t, b) => b.toString('utf8') };

/** A decoded key or value as plain JSON (bytes-formatted data as base64 text). */
function decode(serde: Serde<unknown>, topic: string, bytes: Buffer | null): unknown {
  if (bytes === null) return null;
  const v = serde.deserialize(topic, bytes);
  return Buffer.isBuffer(v) ? v.toString('base64') : v;
}

/** Compiles and runs one template over its fixtures; the sink and dead-letter records, in order. */
export function runTemplate(slug: string): OutputRecord[] {
  const doc: unknown = JSON.parse(readFileSync(templatePath(slug, 'pipeline.sluice.json'), 'utf8'));
  const result = compilePipeline(doc, { trusted: true });
  if (!result.ok) throw new Error(`${slug} does not compile: ${JSON.stringify(result.diagnostics, null, 2)}`);
  const { topology, plan } = result;
  const driver = new TopologyTestDriver(topology, { applicationId: plan.applicationId, errorPolicy: plan.taskErrorPolicy, deadLetterTopic: plan.deadLetterTopic });
  try {
    readJsonLines<InputRecord>(templatePath(slug, 'fixtures', 'input.jsonl')).forEach((input, index) => {
      const { topic, keySerde, valueSerde } = targetOf(plan, input, index + 1);
      const key = input.key === null ? null : keySerde.serialize(topic, input.key);
      const value = input.value === null ? null : valueSerde.serialize(topic, input.value);
      driver.pipe(topic, key, value, input.timestamp, []);
    });
    const sinks = new Map<string, { key: Serde<unknown>; value: Serde<unknown> }>(plan.sinks.map((s) => [s.topic, { key: serdeFor(s.keyFormat), value: serdeFor(s.format) }]));
    sinks.set(plan.deadLetterTopic, { key: utf8, value: utf8 });
    return driver
      .capturedRecords()
      .filter((r) => sinks.has(r.topic))
      .map((r) => {
        const serdes = sinks.get(r.topic)!;
        return { topic: r.topic, key: decode(serdes.key, r.topic, r.key), value: decode(serdes.value, r.topic, r.value), timestamp: r.timestamp };
      });
  } finally {
    driver.close();
  }
}
