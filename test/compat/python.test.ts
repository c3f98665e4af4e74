/**
 * The Python clients Debian ships, against `sluice broker` as a black box: kafka-python 2.0.2
 * (python3-kafka; it probes with ApiVersions v0 and then sends hard-coded old versions) and
 * confluent-kafka-python 1.7.0 on librdkafka 2.0.2 (python3-confluent-kafka). Each step is a
 * short script run with /usr/bin/python3 (the only interpreter that can import them); it prints
 * one JSON object per line, and the test compares those with exact expectations.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startBrokerProcess } from '../support/broker-process.js';
import type { BrokerProcess } from '../support/broker-process.js';

const PYTHON = '/usr/bin/python3';
/** Each script bounds its own waits (15–20 s); this kills it if it hangs anyway. */
const SCRIPT_TIMEOUT_MS = 25_000;

const KAFKA_PYTHON_ADMIN = `
import json, sys
from kafka.admin import KafkaAdminClient, NewTopic
bootstrap, topics, partitions = sys.argv[1], sys.argv[2].split(','), int(sys.argv[3])
admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id='compat-kafka-python-admin', request_timeout_ms=10000)
admin.create_topics([NewTopic(name=t, num_partitions=partitions, replication_factor=1) for t in topics])
print(json.dumps({'event': 'created', 'topics': sorted(t for t in admin.list_topics() if t in topics)}), flush=True)
admin.close()
`;

const KAFKA_PYTHON_PRODUCE = `
import json, sys
from kafka import KafkaProducer
bootstrap, topic, prefix, count, partitions = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
producer = KafkaProducer(bootstrap_servers=bootstrap, client_id='compat-kafka-python', acks='all')
futures = [producer.send(topic, key=f'{prefix}-key-{i}'.encode(), value=f'{prefix} value {i}'.encode(), partition=i % partitions,
                         headers=[('index', str(i).encode())]) for i in range(count)]
for i, future in enumerate(futures):
    meta = future.get(timeout=15)
    print(json.dumps({'event': 'ack', 'index': i, 'partition': meta.partition, 'offset': meta.offset}), flush=True)
producer.close(timeout=10)
`;

const KAFKA_PYTHON_CONSUME = `
import json, sys, time
from kafka import KafkaConsumer
bootstrap, topic, group, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
consumer = KafkaConsumer(topic, bootstrap_servers=bootstrap, client_id='compat-kafka-python', group_id=group,
                         auto_offset_reset='earliest', enable_auto_commit=False, session_timeout_ms=6000, heartbeat_interval_ms=500)
received = 0
deadline = time.monotonic() + 20
while received < expected:
    if time.monotonic() > deadline:
        sys.exit(f'only {received} of {expected} records arrived')
    for records in consumer.poll(timeout_ms=200).values():
        for r in records:
            received += 1
            print(json.dumps({'event': 'record', 'partition': r.partition, 'offset': r.offset, 'key': r.key.decode(),
                              'value': r.value.decode(), 'headers': {k: v.decode() for k, v in r.headers}}), flush=True)
consumer.commit()
print(json.dumps({'event': 'committed'}), flush=True)
consumer.close()
`;

const CONFLUENT_PRODUCE = `
import json, sys
from confluent_kafka import Producer
bootstrap, topic, prefix, count, partitions = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
producer = Producer({'bootstrap.servers': bootstrap, 'client.id': 'compat-confluent-kafka', 'acks': 'all'})
def report(index):
    def on_delivery(error, message):
        if error is not None:
            print(json.dumps({'event': 'error', 'index': index, 'error': str(error)}), flush=True)
        else:
            print(json.dumps({'event': 'ack', 'index': index, 'partition': message.partition(), 'offset': message.offset()}), flush=True)
    return on_delivery
for i in range(count):
    producer.produce(topic, key=f'{prefix}-key-{i}', value=f'{prefix} value {i}', partition=i % partitions,
                     headers=[('index', str(i).encode())], on_delivery=report(i))
left = producer.flush(15)
if left:
    sys.exit(f'{left} records were not delivered')
`;

const CONFLUENT_CONSUME = `
import json, sys, time
from confluent_kafka import Consumer
bootstrap, topic, group, expected = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
consumer = Consumer({'bootstrap.servers': bootstrap, 'client.id': 'compat-confluent-kafka', 'group.id': group,
                     'auto.offset.reset': 'earliest', 'enable.auto.commit': False, 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 500})
consumer.subscribe([topic])
received = 0
deadline = time.monotonic() + 20
while received < expected:
    if time.monotonic() > deadline:
        sys.exit(f'only {received} of {expected} records arrived')
    m = consumer.poll(0.2)
    if m is None:
        continue
    if m.error():
        sys.exit(f'consumer error: {m.error()}')
    received += 1
    print(json.dumps({'event': 'record', 'partition': m.partition(), 'offset': m.offset(), 'key': m.key().decode(),
                      'value': m.value().decode(), 'headers': {k: v.decode() for k, v in (m.headers() or [])}}), flush=True)
consumer.commit(asynchronous=False)
print(json.dumps({'event': 'committed'}), flush=True)
consumer.close()
`;

type Line = Record<string, unknown> & { event: string };

/** Children still running; afterEach kills them so a failed test leaves nothing behind. */
const running = new Set<ChildProcess>();
afterEach(() => {
  for (const child of running) child.kill('SIGKILL');
  running.clear();
});

/** Runs a script to completion and returns its JSON lines; rejects (with its stderr) on a non-zero exit or a hang. */
function python(script: string, ...args: (string | number)[]): Promise<Line[]> {
  const child = spawn(PYTHON, ['-c', script, ...args.map(String)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const lines: Line[] = [];
  const stderr: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => lines.push(JSON.parse(line) as Line));
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(
          `python script timed out after ${SCRIPT_TIMEOUT_MS} ms (args ${args.join(' ')}):\n${stderr.join('\n')}`,
        ),
      );
    }, SCRIPT_TIMEOUT_MS);
    child.once('error', reject);
    // 'close' (not 'exit') so every stdout line has been read.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      if (code === 0) resolve(lines);
      else
        reject(
          new Error(
            `python script exited with ${code ?? signal} (args ${args.join(' ')}):\n${stderr.join('\n')}`,
          ),
        );
    });
  });
}

/** What the produce scripts send: record i goes to partition i % 2. */
function expectedRecords(prefix: string, count: number, firstOffset: number) {
  return Array.from({ length: count }, (_, i) => ({
    event: 'record',
    partition: i % 2,
    offset: firstOffset + Math.floor(i / 2),
    key: `${prefix}-key-${i}`,
    value: `${prefix} value ${i}`,
    headers: { index: String(i) },
  }));
}

function expectedAcks(count: number, firstOffset: number) {
  return Array.from({ length: count }, (_, i) => ({
    event: 'ack',
    index: i,
    partition: i % 2,
    offset: firstOffset + Math.floor(i / 2),
  }));
}

const byIndex = (x: Line, y: Line) => Number(x.index) - Number(y.index);
const byPosition = (x: Line, y: Line) =>
  Number(x.partition) - Number(y.partition) || Number(x.offset) - Number(y.offset);
const records = (lines: Line[]) => lines.filter((line) => line.event === 'record').sort(byPosition);
const sortedExpected = (prefix: string, count: number, firstOffset: number) =>
  expectedRecords(prefix, count, firstOffset).sort(
    (x, y) => x.partition - y.partition || x.offset - y.offset,
  );

describe('Python clients against sluice broker', () => {
  let broker: BrokerProcess;

  beforeAll(async () => {
    broker = await startBrokerProcess();
    expect(await python(KAFKA_PYTHON_ADMIN, broker.bootstrap, 'kafka-python,confluent', 2)).toEqual([
      { event: 'created', topics: ['confluent', 'kafka-python'] },
    ]);
  });

  afterAll(async () => {
    expect(await broker?.stop()).toBe(0);
  });

  it('kafka-python 2.0.2: produces, consumes in a group, and a second run resumes from the committed offsets', async () => {
    expect(
      (await python(KAFKA_PYTHON_PRODUCE, broker.bootstrap, 'kafka-python', 'old', 6, 2)).sort(byIndex),
    ).toEqual(expectedAcks(6, 0));

    const first = await python(KAFKA_PYTHON_CONSUME, broker.bootstrap, 'kafka-python', 'kp-group', 6);
    expect(records(first)).toEqual(sortedExpected('old', 6, 0));
    expect(first.at(-1)).toEqual({ event: 'committed' });

    expect(
      (await python(KAFKA_PYTHON_PRODUCE, broker.bootstrap, 'kafka-python', 'new', 4, 2)).sort(byIndex),
    ).toEqual(expectedAcks(4, 3));
    // Each partition is read in offset order: had the commit been lost, old records would come first.
    const second = await python(KAFKA_PYTHON_CONSUME, broker.bootstrap, 'kafka-python', 'kp-group', 4);
    expect(records(second)).toEqual(sortedExpected('new', 4, 3));
  });

  it('confluent-kafka-python 1.7.0 (librdkafka 2.0.2): produces with acks=all, consumes in a group, and resumes', async () => {
    expect(
      (await python(CONFLUENT_PRODUCE, broker.bootstrap, 'confluent', 'old', 6, 2)).sort(byIndex),
    ).toEqual(expectedAcks(6, 0));

    const first = await python(CONFLUENT_CONSUME, broker.bootstrap, 'confluent', 'ck-group', 6);
    expect(records(first)).toEqual(sortedExpected('old', 6, 0));
    expect(first.at(-1)).toEqual({ event: 'committed' });

    expect(
      (await python(CONFLUENT_PRODUCE, broker.bootstrap, 'confluent', 'new', 2, 2)).sort(byIndex),
    ).toEqual(expectedAcks(2, 3));
    const second = await python(CONFLUENT_CONSUME, broker.bootstrap, 'confluent', 'ck-group', 2);
    expect(records(second)).toEqual(sortedExpected('new', 2, 3));
  });
});
