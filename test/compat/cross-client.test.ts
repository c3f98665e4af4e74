/**
 * What one client produces, another consumes byte for byte (key, value, headers, timestamp,
 * partition, offset), through `sluice broker` as a black box:
 *   kcat → kafkajs, kcat → kafka-python, kafkajs → kcat, kafkajs → kafka-python,
 *   kafka-python → kcat, kafka-python → kafkajs.
 * Keys, values and (where the consumer can print them unambiguously) header values are binary,
 * non-UTF-8 bytes, except from kcat, which reads text lines. kafkajs and kafka-python set explicit,
 * out-of-order CreateTime timestamps; kcat's own timestamps are checked against the window it ran
 * in and against what kcat itself reads back. kafka-python runs as /usr/bin/python3 (Debian's
 * python3-kafka 2.0.2) with an inline script that prints JSON lines with base64 fields.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CompressionTypes, Kafka, logLevel, type IHeaders, type Producer } from 'kafkajs';
import { startBrokerProcess, type BrokerProcess } from '../support/broker-process.js';
import { run, runOk } from '../support/processes.js';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

const SAFETY_MS = 20_000;
const PYTHON = '/usr/bin/python3';

/** A record as every consumer reports it: bytes as base64, headers in order. */
interface Seen {
  partition: number;
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: [string, string | null][];
}

/** A record to produce (explicit timestamp where the producer supports one). */
interface Outgoing {
  key: Buffer | null;
  value: Buffer | null;
  headers: [string, Buffer][];
  timestamp: number;
}

const b64 = (bytes: Buffer | null | undefined): string | null =>
  bytes == null ? null : bytes.toString('base64');

function expected(records: readonly Outgoing[]): Seen[] {
  return records.map((r, offset) => ({
    partition: 0,
    offset,
    timestamp: r.timestamp,
    key: b64(r.key),
    value: b64(r.value),
    headers: r.headers.map(([name, value]) => [name, b64(value)]),
  }));
}

/**
 * Binary records: bytes that are not UTF-8 (0xff, 0xc3 0x28), NULs, newlines and the separators
 * kcat's format uses, a null key, a null value, an empty value; CreateTime out of order.
 * `textHeaders` keeps header values printable (kcat prints them as `name=value,…`).
 */
function binaryRecords(tag: string, textHeaders: boolean): Outgoing[] {
  const base = 1_700_000_000_000;
  const header = (text: string, bytes: number[]): Buffer =>
    textHeaders ? Buffer.from(text) : Buffer.from(bytes);
  return [
    {
      key: Buffer.from([0x00, 0xff, 0x0a, 0x7c, 0x3a]),
      value: Buffer.from([0xc3, 0x28, 0x00, 0x0a, 0xfe, 0x7c, 0x0a]),
      headers: [
        ['trace', header(`${tag}-1`, [0xff, 0x00, 0x01])],
        ['source', Buffer.from(tag)],
      ],
      timestamp: base + 5_000,
    },
    {
      key: null,
      value: Buffer.from(`${tag} null key`),
      headers: [['trace', header(`${tag}-2`, [0x80])]],
      timestamp: base + 1_000,
    },
    { key: Buffer.from(`${tag}-tombstone`), value: null, headers: [], timestamp: base + 9_000 },
    {
      key: Buffer.from([0xe2, 0x82]),
      value: Buffer.alloc(0),
      headers: [['empty', Buffer.alloc(0)]],
      timestamp: base,
    },
    {
      key: Buffer.from('k'),
      value: Buffer.from(Array.from({ length: 300 }, (_, i) => (i * 37) & 0xff)),
      headers: [
        ['a', Buffer.from('1')],
        ['b', Buffer.from('2')],
      ],
      timestamp: base + 7_500,
    },
  ];
}

/**
 * kcat -C with a length-prefixed format, so binary keys and values parse unambiguously:
 * `%K:%k|%S:%s|%T|%p|%o|%h\n` (a null key or value has length -1 and prints nothing).
 */
const KCAT_BINARY_FORMAT = '%K:%k|%S:%s|%T|%p|%o|%h\\n';

function parseKcatBinary(out: Buffer): Seen[] {
  let pos = 0;
  const until = (char: string): string => {
    const end = out.indexOf(char, pos);
    if (end < 0) throw new Error(`kcat output: no "${char}" after byte ${pos}`);
    const text = out.subarray(pos, end).toString();
    pos = end + 1;
    return text;
  };
  const bytes = (length: number): Buffer | null => {
    if (length < 0) return null;
    const chunk = out.subarray(pos, pos + length);
    pos += length;
    return chunk;
  };
  const separator = () => {
    if (out[pos] !== 0x7c) throw new Error(`kcat output: expected "|" at byte ${pos}`);
    pos += 1;
  };
  const records: Seen[] = [];
  while (pos < out.length) {
    const key = bytes(Number(until(':')));
    separator();
    const value = bytes(Number(until(':')));
    separator();
    const timestamp = Number(until('|'));
    const partition = Number(until('|'));
    const offset = Number(until('|'));
    const headerText = until('\n');
    const headers =
      headerText === ''
        ? []
        : headerText.split(',').map((pair): [string, string | null] => {
            const eq = pair.indexOf('=');
            return [pair.slice(0, eq), Buffer.from(pair.slice(eq + 1)).toString('base64')];
          });
    records.push({ partition, offset, timestamp, key: b64(key), value: b64(value), headers });
  }
  return records;
}

const PY_PRODUCE = `
import base64, json, sys
from kafka import KafkaProducer
bootstrap, topic, records = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
def raw(v):
    return None if v is None else base64.b64decode(v)
producer = KafkaProducer(bootstrap_servers=bootstrap, acks='all', linger_ms=50)
futures = [producer.send(topic, key=raw(r['key']), value=raw(r['value']), partition=0,
                         headers=[(h[0], raw(h[1])) for h in r['headers']], timestamp_ms=r['timestamp'])
           for r in records]
producer.flush()
for f in futures:
    m = f.get(timeout=20)
    print(json.dumps({'partition': m.partition, 'offset': m.offset}), flush=True)
producer.close()
`;

const PY_CONSUME = `
import base64, json, sys
from kafka import KafkaConsumer, TopicPartition
bootstrap, topic, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
def enc(v):
    return None if v is None else base64.b64encode(v).decode()
consumer = KafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False,
                         auto_offset_reset='earliest', consumer_timeout_ms=15000)
tp = TopicPartition(topic, 0)
consumer.assign([tp])
consumer.seek_to_beginning(tp)
seen = 0
for m in consumer:
    print(json.dumps({'partition': m.partition, 'offset': m.offset, 'timestamp': m.timestamp,
                      'timestampType': m.timestamp_type, 'key': enc(m.key), 'value': enc(m.value),
                      'headers': [[k, enc(v)] for k, v in m.headers]}), flush=True)
    seen += 1
    if seen >= count:
        break
consumer.close()
`;

function jsonLines<T>(out: Buffer): T[] {
  return out
    .toString()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as T);
}

describe('cross-client round trips through sluice broker', () => {
  let broker: BrokerProcess;
  let kafka: Kafka;
  let producer: Producer;
  let groupSeq = 0;

  beforeAll(async () => {
    broker = await startBrokerProcess();
    kafka = new Kafka({ clientId: 'cross-client', brokers: [broker.bootstrap], logLevel: logLevel.NOTHING });
    producer = kafka.producer();
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    expect(await broker.stop()).toBe(0);
  });

  // ---- producers ----

  async function produceKafkajs(
    topic: string,
    records: readonly Outgoing[],
    compression = CompressionTypes.None,
  ): Promise<void> {
    const acks = await producer.send({
      topic,
      acks: -1,
      compression,
      messages: records.map((r) => {
        const headers: IHeaders = {};
        for (const [name, value] of r.headers) headers[name] = value;
        return { partition: 0, key: r.key, value: r.value, headers, timestamp: String(r.timestamp) };
      }),
    });
    expect(acks).toEqual([
      expect.objectContaining({ topicName: topic, partition: 0, errorCode: 0, baseOffset: '0' }),
    ]);
  }

  async function producePython(topic: string, records: readonly Outgoing[]): Promise<void> {
    const spec = records.map((r) => ({
      key: b64(r.key),
      value: b64(r.value),
      headers: r.headers.map(([name, value]) => [name, b64(value)]),
      timestamp: r.timestamp,
    }));
    const out = await runOk(PYTHON, ['-c', PY_PRODUCE, broker.bootstrap, topic, JSON.stringify(spec)], {
      timeoutMs: SAFETY_MS,
    });
    expect(jsonLines(out)).toEqual(records.map((_, offset) => ({ partition: 0, offset })));
  }

  /** kcat -P: text lines `key:value`, the same headers on every record; returns the time window. */
  async function produceKcat(topic: string, lines: readonly string[], headers: readonly [string, string][]) {
    const before = Date.now();
    const headerArgs = headers.flatMap(([name, value]) => ['-H', `${name}=${value}`]);
    await runOk('kcat', ['-b', broker.bootstrap, '-P', '-t', topic, '-p', '0', '-K:', '-q', ...headerArgs], {
      input: lines.map((l) => `${l}\n`).join(''),
    });
    return { before, after: Date.now() };
  }

  // ---- consumers ----

  async function consumeKcat(topic: string): Promise<Seen[]> {
    return parseKcatBinary(
      await runOk(
        'kcat',
        ['-b', broker.bootstrap, '-C', '-t', topic, '-o', 'beginning', '-e', '-q', '-X', 'fetch.wait.max.ms=50', '-f', KCAT_BINARY_FORMAT],
        { timeoutMs: SAFETY_MS },
      ),
    );
  }

  async function consumePython(topic: string, count: number): Promise<Seen[]> {
    const result = await run(PYTHON, ['-c', PY_CONSUME, broker.bootstrap, topic, String(count)], {
      timeoutMs: SAFETY_MS,
    });
    expect(result.code, result.stderr).toBe(0);
    const seen = jsonLines<Seen & { timestampType: number }>(result.stdout);
    for (const record of seen) expect(record.timestampType).toBe(0); // CreateTime
    return seen.map(({ timestampType: _t, ...rest }) => rest);
  }

  async function consumeKafkajs(topic: string, count: number): Promise<Seen[]> {
    const consumer = kafka.consumer({ groupId: `cross-${topic}-${groupSeq++}`, maxWaitTimeInMs: 100 });
    const seen: Seen[] = [];
    try {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`kafkajs read ${seen.length} of ${count} records within ${SAFETY_MS} ms`)),
          SAFETY_MS,
        );
        consumer
          .run({
            eachMessage: async ({ partition, message }) => {
              const headers: [string, string | null][] = [];
              for (const [name, value] of Object.entries(message.headers ?? {})) {
                for (const one of Array.isArray(value) ? value : [value])
                  headers.push([name, typeof one === 'string' ? b64(Buffer.from(one)) : b64(one)]);
              }
              seen.push({
                partition,
                offset: Number(message.offset),
                timestamp: Number(message.timestamp),
                key: b64(message.key),
                value: b64(message.value),
                headers,
              });
              if (seen.length >= count) {
                clearTimeout(timer);
                resolve();
              }
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  // ---- kcat as the producer (text only) ----

  const KCAT_LINES = ['alpha:first value', 'beta:second value with spaces', 'gamma:third: with a colon'];
  const KCAT_HEADERS: [string, string][] = [
    ['trace', 'kcat-1'],
    ['origin', 'cli'],
  ];

  /** What kcat wrote, as kcat itself reads it back (its timestamps are its own clock's). */
  async function kcatTruth(topic: string): Promise<Seen[]> {
    const window = await produceKcat(topic, KCAT_LINES, KCAT_HEADERS);
    const truth = await consumeKcat(topic);
    expect(truth.map(({ timestamp: _t, ...rest }) => rest)).toEqual(
      KCAT_LINES.map((line, offset) => {
        const colon = line.indexOf(':');
        return {
          partition: 0,
          offset,
          key: b64(Buffer.from(line.slice(0, colon))),
          value: b64(Buffer.from(line.slice(colon + 1))),
          headers: KCAT_HEADERS.map(([name, value]): [string, string | null] => [
            name,
            b64(Buffer.from(value)),
          ]),
        };
      }),
    );
    for (const record of truth) {
      expect(record.timestamp).toBeGreaterThanOrEqual(window.before);
      expect(record.timestamp).toBeLessThanOrEqual(window.after);
    }
    return truth;
  }

  it('kcat → kafkajs', async () => {
    const truth = await kcatTruth('kcat-to-kafkajs');
    expect(await consumeKafkajs('kcat-to-kafkajs', truth.length)).toEqual(truth);
  });

  it('kcat → kafka-python', async () => {
    const truth = await kcatTruth('kcat-to-python');
    expect(await consumePython('kcat-to-python', truth.length)).toEqual(truth);
  });

  // ---- kafkajs as the producer ----

  it('kafkajs → kcat (gzip, binary keys and values)', async () => {
    const records = binaryRecords('kafkajs', true);
    await produceKafkajs('kafkajs-to-kcat', records, CompressionTypes.GZIP);
    expect(await consumeKcat('kafkajs-to-kcat')).toEqual(expected(records));
  });

  it('kafkajs → kafka-python (binary keys, values and header values)', async () => {
    const records = binaryRecords('kafkajs', false);
    await produceKafkajs('kafkajs-to-python', records);
    expect(await consumePython('kafkajs-to-python', records.length)).toEqual(expected(records));
  });

  // ---- kafka-python as the producer ----

  it('kafka-python → kcat (binary keys and values)', async () => {
    const records = binaryRecords('python', true);
    await producePython('python-to-kcat', records);
    expect(await consumeKcat('python-to-kcat')).toEqual(expected(records));
  });

  it('kafka-python → kafkajs (binary keys, values and header values)', async () => {
    const records = binaryRecords('python', false);
    await producePython('python-to-kafkajs', records);
    expect(await consumeKafkajs('python-to-kafkajs', records.length)).toEqual(expected(records));
  });
});
