/**
 * kcat 1.7.1 (librdkafka 2.0.2) against `sluice broker` as a black box on port 0:
 * - metadata: `-L` text and `-L -J` JSON, exact;
 * - produce `-P` with keys (`-K:`), null keys/values (`-Z`) and headers (`-H`), once per
 *   compression codec, read back with `-C -e -f` (key, value, headers, partition, offset,
 *   timestamp) exactly; the stored batches carry the codec kcat used (raw Fetch);
 * - start positions: beginning, absolute offset, relative to the end, `-o end` (only records
 *   produced after kcat reached the end), `-o s@TS` (ListOffsets by timestamp);
 * - consumer groups (`-G`): two members split a 4-partition topic 2 + 2 and together read every
 *   record exactly once across a rebalance; a restarted member resumes from its committed offsets.
 * kcat `-G` never exits by itself: it is read line by line and stopped with SIGTERM (it then
 * commits and leaves the group).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.js';
import { LineProcess, runOk, waitForAny } from '../support/processes.js';
import { fetchBatchHeaders } from '../support/wire.js';
import { compressionOf } from '../../engine/broker/records/batch-header.js';
import { partitionForKey } from '../../engine/client/partitioner.js';

/** One consumed record as kcat prints it with FORMAT (tab-separated; -Z prints NULL for null). */
interface KcatRecord {
  key: string | null;
  value: string | null;
  headers: string;
  partition: number;
  offset: number;
  timestamp: number;
}

/** `-e` stops at the empty fetch that follows the last record; a short long-poll makes that quick. */
const SHORT_POLL = 'fetch.wait.max.ms=50';

const FORMAT = '%k\\t%K\\t%s\\t%S\\t%h\\t%p\\t%o\\t%T\\n';

function parseRecord(line: string): KcatRecord {
  const fields = line.split('\t');
  if (fields.length !== 8) throw new Error(`unexpected kcat line: ${JSON.stringify(line)}`);
  const [key, keyLength, value, valueLength, headers, partition, offset, timestamp] = fields as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    key: keyLength === '-1' ? null : key,
    value: valueLength === '-1' ? null : value,
    headers,
    partition: Number(partition),
    offset: Number(offset),
    timestamp: Number(timestamp),
  };
}

function parseOutput(stdout: Buffer | string): KcatRecord[] {
  return stdout
    .toString()
    .split('\n')
    .filter((line) => line !== '')
    .map(parseRecord);
}

/** What a test produced, and the wall-clock window the producer ran in (CreateTime bounds). */
interface Produced {
  before: number;
  after: number;
}

function kcatClient(broker: BrokerProcess) {
  const base = ['-b', broker.bootstrap];
  return {
    /** `kcat -P`: one record per line, `key:value`, with -Z (empty → NULL) and any extra options. */
    async produce(topic: string, lines: readonly string[], extra: readonly string[] = []): Promise<Produced> {
      const before = Date.now();
      await runOk('kcat', [...base, '-P', '-t', topic, '-K:', '-Z', '-q', ...extra], {
        input: lines.map((line) => `${line}\n`).join(''),
      });
      return { before, after: Date.now() };
    },
    /** `kcat -C -e`: everything from the given start (default beginning) to the current end. */
    async consume(topic: string, extra: readonly string[] = []): Promise<KcatRecord[]> {
      return parseOutput(
        await runOk('kcat', [...base, '-C', '-t', topic, '-e', '-q', '-Z', '-X', SHORT_POLL, '-f', FORMAT, ...extra]),
      );
    },
    async metadata(extra: readonly string[]): Promise<string> {
      return (await runOk('kcat', [...base, '-L', ...extra])).toString();
    },
    /** A long-running kcat (`-C` without -e, or `-G`); not quiet, so it reports EOF and rebalances on stderr. */
    spawn(name: string, args: readonly string[]): LineProcess {
      return new LineProcess(name, 'kcat', [...base, '-u', '-Z', '-X', SHORT_POLL, '-f', FORMAT, ...args]);
    },
  };
}

function expectTimestampsWithin(records: readonly KcatRecord[], produced: Produced): void {
  for (const record of records) {
    expect(record.timestamp).toBeGreaterThanOrEqual(produced.before);
    expect(record.timestamp).toBeLessThanOrEqual(produced.after);
  }
}

const CODECS = [
  { name: 'none', code: 0 },
  { name: 'gzip', code: 1 },
  { name: 'snappy', code: 2 },
  { name: 'lz4', code: 3 },
  { name: 'zstd', code: 4 },
] as const;

describe('kcat against sluice broker (1 partition per topic)', () => {
  let broker: BrokerProcess;
  let kcat: ReturnType<typeof kcatClient>;

  beforeAll(async () => {
    broker = await startBrokerProcess();
    kcat = kcatClient(broker);
  });
  afterAll(async () => {
    expect(await broker.stop()).toBe(0);
  });

  it('lists metadata with -L and -L -J', async () => {
    await kcat.produce('meta-topic', ['k:v']);
    const text = await kcat.metadata(['-t', 'meta-topic']);
    expect(text.split('\n')).toEqual([
      `Metadata for meta-topic (from broker 1: ${broker.bootstrap}/1):`,
      ' 1 brokers:',
      `  broker 1 at ${broker.bootstrap} (controller)`,
      ' 1 topics:',
      '  topic "meta-topic" with 1 partitions:',
      '    partition 0, leader 1, replicas: 1, isrs: 1',
      '',
    ]);
    const json: unknown = JSON.parse((await kcat.metadata(['-J'])).trim());
    expect(json).toEqual({
      originating_broker: { id: 1, name: `${broker.bootstrap}/1` },
      query: { topic: '*' },
      controllerid: 1,
      brokers: [{ id: 1, name: broker.bootstrap }],
      topics: expect.arrayContaining([
        {
          topic: 'meta-topic',
          partitions: [{ partition: 0, leader: 1, replicas: [{ id: 1 }], isrs: [{ id: 1 }] }],
        },
        {
          topic: '__consumer_offsets',
          partitions: [{ partition: 0, leader: 1, replicas: [{ id: 1 }], isrs: [{ id: 1 }] }],
        },
      ]),
    });
    expect((json as { topics: unknown[] }).topics).toHaveLength(2);
  });

  it.each(CODECS)('produces with -z $name and consumes every field back exactly', async ({ name, code }) => {
    const topic = `codec-${name}`;
    // Every record is long and repetitive on its own: librdkafka splits records into batches as it
    // pleases, and sends a batch uncompressed when compressing does not make it smaller.
    const filler = 'sluice-'.repeat(20);
    const nullValueKey = 'gamma-'.repeat(20);
    const lines = [
      'alpha:first ' + filler,
      'beta:second ' + filler,
      ':null key ' + filler,
      `${nullValueKey}:`,
      'delta:fifth é ü ' + filler,
    ];
    const extra = ['-H', 'trace=abc-123', '-H', 'source=kcat', '-H', 'trace=second'];
    if (name !== 'none') extra.push('-z', name);
    const produced = await kcat.produce(topic, lines, extra);

    const records = await kcat.consume(topic);
    expect(records.map(({ timestamp: _t, ...rest }) => rest)).toEqual([
      {
        key: 'alpha',
        value: 'first ' + filler,
        headers: 'trace=abc-123,source=kcat,trace=second',
        partition: 0,
        offset: 0,
      },
      {
        key: 'beta',
        value: 'second ' + filler,
        headers: 'trace=abc-123,source=kcat,trace=second',
        partition: 0,
        offset: 1,
      },
      {
        key: null,
        value: 'null key ' + filler,
        headers: 'trace=abc-123,source=kcat,trace=second',
        partition: 0,
        offset: 2,
      },
      {
        key: nullValueKey,
        value: null,
        headers: 'trace=abc-123,source=kcat,trace=second',
        partition: 0,
        offset: 3,
      },
      {
        key: 'delta',
        value: 'fifth é ü ' + filler,
        headers: 'trace=abc-123,source=kcat,trace=second',
        partition: 0,
        offset: 4,
      },
    ]);
    expectTimestampsWithin(records, produced);

    const batches = await fetchBatchHeaders(broker.port, topic, 0);
    expect(batches.map((batch) => compressionOf(batch.attributes))).toEqual(batches.map(() => code));
    expect(batches.reduce((sum, batch) => sum + batch.recordCount, 0)).toBe(lines.length);
  });

  it('starts from the beginning, an absolute offset and an offset relative to the end', async () => {
    const lines = Array.from({ length: 10 }, (_, i) => `key-${i}:value-${i}`);
    const produced = await kcat.produce('positions', lines);
    const all = await kcat.consume('positions', ['-o', 'beginning']);
    expect(all.map((r) => [r.offset, r.key, r.value])).toEqual(
      lines.map((_, i) => [i, `key-${i}`, `value-${i}`]),
    );
    expectTimestampsWithin(all, produced);

    const fromThree = await kcat.consume('positions', ['-o', '3']);
    expect(fromThree).toEqual(all.slice(3));
    const lastTwo = await kcat.consume('positions', ['-o', '-2']);
    expect(lastTwo).toEqual(all.slice(8));
  });

  it('with -o end delivers only records produced after it reached the end', async () => {
    await kcat.produce('tail', ['old-1:a', 'old-2:b', 'old-3:c']);
    const tail = kcat.spawn('kcat -o end', ['-C', '-t', 'tail', '-o', 'end']);
    try {
      await tail.waitFor('EOF at offset 3', () =>
        tail.stderr.some((line) => line.includes('Reached end of topic tail [0] at offset 3')),
      );
      const second = await kcat.produce('tail', ['new-1:x', 'new-2:y']);
      await tail.waitForStdoutLines(2);
      await tail.waitFor('EOF at offset 5', () =>
        tail.stderr.some((line) => line.includes('Reached end of topic tail [0] at offset 5')),
      );
      const records = tail.stdout.map(parseRecord);
      expect(records.map(({ timestamp: _t, ...rest }) => rest)).toEqual([
        { key: 'new-1', value: 'x', headers: '', partition: 0, offset: 3 },
        { key: 'new-2', value: 'y', headers: '', partition: 0, offset: 4 },
      ]);
      expectTimestampsWithin(records, second);
    } finally {
      await tail.stop();
    }
  });

  it('starts at a timestamp with -o s@TS', async () => {
    const early = await kcat.produce('by-time', ['e1:early-1', 'e2:early-2', 'e3:early-3']);
    const earlyRecords = await kcat.consume('by-time');
    expectTimestampsWithin(earlyRecords, early);
    const startTs = Math.max(...earlyRecords.map((r) => r.timestamp)) + 1;
    const late = await kcat.produce('by-time', ['l1:late-1', 'l2:late-2']);
    const all = await kcat.consume('by-time');
    const lateRecords = all.slice(3);
    expectTimestampsWithin(lateRecords, late);
    // The premise: every late record is at or after startTs (the producer ran after the first consume).
    expect(Math.min(...lateRecords.map((r) => r.timestamp))).toBeGreaterThanOrEqual(startTs);

    expect(await kcat.consume('by-time', ['-o', `s@${startTs}`])).toEqual(lateRecords);
    // Kafka's rule: the first offset whose timestamp is at or after the target.
    const atLastEarly = startTs - 1;
    expect(await kcat.consume('by-time', ['-o', `s@${atLastEarly}`])).toEqual(
      all.slice(all.findIndex((r) => r.timestamp >= atLastEarly)),
    );
    expect(await kcat.consume('by-time', ['-o', `s@${earlyRecords[0]!.timestamp}`])).toEqual(all);
  });
});

/** The latest `assigned:` partitions a non-quiet kcat -G member reported on stderr. */
function latestAssignment(member: LineProcess, topic: string): number[] | undefined {
  const line = member.stderr.filter((l) => /rebalanced .*: (assigned|revoked):/.test(l)).at(-1);
  if (!line) return undefined;
  if (line.includes('revoked:')) return [];
  return [...line.matchAll(new RegExp(`${topic} \\[(\\d+)\\]`, 'g'))]
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/** Whether the member reported EOF on `partition` at `offset`. */
function reachedEnd(member: LineProcess, topic: string, partition: number, offset: number): boolean {
  return member.stderr.some((line) =>
    line.includes(`Reached end of topic ${topic} [${partition}] at offset ${offset}`),
  );
}

const GROUP_OPTIONS = [
  '-X',
  'auto.offset.reset=earliest',
  '-X',
  'heartbeat.interval.ms=100',
  '-X',
  'auto.commit.interval.ms=100',
];

describe('kcat consumer groups against sluice broker (4 partitions per topic)', () => {
  let broker: BrokerProcess;
  let kcat: ReturnType<typeof kcatClient>;

  beforeAll(async () => {
    broker = await startBrokerProcess({ config: { 'num.partitions': '4' } });
    kcat = kcatClient(broker);
  });
  afterAll(async () => {
    expect(await broker.stop()).toBe(0);
  });

  it('places keyed records with murmur2 and two -G members split the partitions 2 + 2, reading every record once', async () => {
    const keyedLines = (prefix: string, count: number) =>
      Array.from({ length: count }, (_, i) => `${prefix}-${i}:${prefix} value ${i}`);
    const partitionOf = (line: string) => partitionForKey(Buffer.from(line.slice(0, line.indexOf(':'))), 4);
    const murmur = ['-X', 'topic.partitioner=murmur2_random'];
    const early = keyedLines('early', 12);
    await kcat.produce('split', early, murmur);

    const members: LineProcess[] = [];
    try {
      const a = kcat.spawn('member A', ['-G', 'split-group', ...GROUP_OPTIONS, 'split']);
      members.push(a);
      await a.waitFor('A assigned all 4 partitions', () => latestAssignment(a, 'split')?.length === 4);
      await a.waitForStdoutLines(early.length);

      const b = kcat.spawn('member B', ['-G', 'split-group', ...GROUP_OPTIONS, 'split']);
      members.push(b);
      const split = () => {
        const [pa, pb] = [latestAssignment(a, 'split'), latestAssignment(b, 'split')];
        return pa?.length === 2 && pb?.length === 2 && new Set([...pa, ...pb]).size === 4;
      };
      await waitForAny([a, b], 'a 2 + 2 split', split);

      const late = keyedLines('late', 40);
      await kcat.produce('split', late, murmur);
      const total = early.length + late.length;
      await waitForAny(
        [a, b],
        `${total} records across both members`,
        () => a.stdout.length + b.stdout.length >= total,
      );

      // Placement: every record sits where Java's murmur2 partitioner puts its key, in produce order.
      const expected = new Map<string, { partition: number; offset: number }>();
      const nextOffset = [0, 0, 0, 0];
      for (const line of [...early, ...late]) {
        const partition = partitionOf(line);
        expected.set(line, { partition, offset: nextOffset[partition]!++ });
      }
      expect(nextOffset.every((n) => n > 0)).toBe(true);

      const seen = [...a.stdout, ...b.stdout].map(parseRecord);
      expect(seen.map((r) => `${r.key}:${r.value}`).sort()).toEqual([...early, ...late].sort());
      for (const record of seen)
        expect({ partition: record.partition, offset: record.offset }).toEqual(
          expected.get(`${record.key}:${record.value}`),
        );

      // After the split each member reads only its own partitions.
      const lateOf = (member: LineProcess) =>
        member.stdout.map(parseRecord).filter((r) => r.key!.startsWith('late-'));
      expect(new Set(lateOf(a).map((r) => r.partition))).toEqual(new Set(latestAssignment(a, 'split')));
      expect(new Set(lateOf(b).map((r) => r.partition))).toEqual(new Set(latestAssignment(b, 'split')));
    } finally {
      for (const member of members) await member.stop();
    }
  });

  it('resumes a restarted -G member from its committed offsets', async () => {
    const first = Array.from({ length: 6 }, (_, i) => `one-${i}:first run ${i}`);
    await kcat.produce('resume', first);

    const run1 = kcat.spawn('first run', ['-G', 'resume-group', ...GROUP_OPTIONS, 'resume']);
    try {
      await run1.waitForStdoutLines(first.length);
    } finally {
      expect((await run1.stop()).code).toBe(0);
    }
    expect(
      run1.stdout
        .map(parseRecord)
        .map((r) => `${r.key}:${r.value}`)
        .sort(),
    ).toEqual([...first].sort());

    const second = Array.from({ length: 5 }, (_, i) => `two-${i}:second run ${i}`);
    await kcat.produce('resume', second);
    const all = await kcat.consume('resume');
    expect(all).toHaveLength(first.length + second.length);
    const endOffsets = [0, 1, 2, 3].map((p) => all.filter((r) => r.partition === p).length);

    const run2 = kcat.spawn('second run', ['-G', 'resume-group', ...GROUP_OPTIONS, 'resume']);
    try {
      await run2.waitFor('EOF on every partition at its end offset', () =>
        endOffsets.every((end, p) => reachedEnd(run2, 'resume', p, end)),
      );
    } finally {
      expect((await run2.stop()).code).toBe(0);
    }
    const resumed = run2.stdout.map(parseRecord);
    expect(resumed.map((r) => `${r.key}:${r.value}`).sort()).toEqual([...second].sort());
    expect(resumed.sort((x, y) => x.partition - y.partition || x.offset - y.offset)).toEqual(
      all
        .filter((r) => r.key!.startsWith('two-'))
        .sort((x, y) => x.partition - y.partition || x.offset - y.offset),
    );
  });
});
