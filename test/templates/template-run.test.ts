/**
 * One template end to end as a user runs it: `sluice run templates/log-aggregation/…` on the
 * embedded broker with `--listen`; its fixtures are produced over the Kafka protocol and every
 * sink (and the dead-letter topic) must end up holding exactly the template's expected output, in
 * order per topic. This is the same check the test-driver suite makes, through the real runtime,
 * the broker and a real client.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { KafkaClient } from '../../engine/client/kafka-client.js';
import { LineProcess } from '../support/processes.js';
import { waitForRecords } from '../streams/runtime-support.js';
import { readJsonLines, templatePath, type InputRecord, type OutputRecord } from './run-template.js';

const SLUICE = join(import.meta.dirname, '..', '..', 'bin', 'sluice.mjs');
const SLUG = 'log-aggregation';
const SOURCE_TOPIC = 'app-logs';

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const bytes = (value: unknown): Buffer | null => (value === null ? null : Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)));

it(`sluice run ${SLUG} turns its fixtures into its expected output`, async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-template-run-'));
  const proc = new LineProcess('sluice run', process.execPath, [SLUICE, 'run', templatePath(SLUG, 'pipeline.sluice.json'), '--data-dir', dataDir, '--listen', '127.0.0.1:0']);
  cleanup.push(() => proc.stop());
  await proc.waitFor('the pipeline to run', () => proc.stdout.includes(`running ${SLUG}`));
  const address = proc.stdout.find((l) => l.startsWith('listening on '))!.slice('listening on '.length);
  const client = new KafkaClient({ brokers: [address] });
  cleanup.push(() => client.close());

  const input = readJsonLines<InputRecord>(templatePath(SLUG, 'fixtures', 'input.jsonl'));
  expect(input.every((r) => r.node === 'logs')).toBe(true);
  // One record per produce call keeps the fixtures' order and timestamps exactly.
  for (const r of input) await client.produce(SOURCE_TOPIC, [{ key: bytes(r.key), value: bytes(r.value), timestamp: r.timestamp }]);

  const expected = readJsonLines<OutputRecord>(templatePath(SLUG, 'expected', 'output.jsonl'));
  const topics = [...new Set(expected.map((r) => r.topic))];
  for (const topic of topics) {
    const want = expected.filter((r) => r.topic === topic);
    const got = await waitForRecords(client, topic, want.length);
    const decoded = got.map((r, i) => ({
      topic,
      key: r.key === null ? null : r.key.toString(),
      value: r.value === null ? null : typeof want[i]?.value === 'string' ? r.value.toString() : JSON.parse(r.value.toString()),
      timestamp: r.timestamp,
    }));
    expect(decoded, `topic ${topic}`).toEqual(want);
  }
  expect((await proc.stop()).code).toBe(0);
});
