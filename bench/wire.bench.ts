/**
 * Wire benchmark (issue 3), against `sluice broker` on port 0:
 *   - kcat -P of 1,000,000 records of 100 bytes (acks=1, no compression), beside the same payload
 *     pushed by kcat over loopback TCP into a sink that discards it (bench/support/discard-broker:
 *     it answers ApiVersions, Metadata and Produce and stores nothing) — the baseline, measured in
 *     the same run — and the ratio. For scale it also prints the file streamed raw over loopback
 *     TCP by Node (no Kafka client at all) and kcat into librdkafka's own mock broker;
 *   - kcat -C of the same records;
 *   - end-to-end latency produce → consume (p50, p99) at 10,000 records/s with kafkajs.
 */
import { spawn } from 'node:child_process';
import { createReadStream, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { noDelaySocketFactory } from '../engine/client/kafka-socket.js';
import { startDiscardBroker } from './support/discard-broker.js';
import { startBrokerProcess } from '../test/support/broker-process.js';
import { fmt, line, nowMs, verdict, withTempDir } from './bench-util.js';

const RECORDS = 1_000_000;
const RECORD_BYTES = 100;

function makeInput(dir: string): string {
  const path = join(dir, 'records.txt');
  const record = 'x'.repeat(RECORD_BYTES - 8);
  const lines: string[] = [];
  for (let i = 0; i < RECORDS; i++) lines.push(`${String(i).padStart(8, '0')}${record}`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** Streams the file through loopback TCP into a server that discards it; resolves with ms. */
function loopbackBaseline(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer((socket) => {
      socket.on('data', () => undefined);
      socket.on('end', () => {
        resolve(nowMs() - start);
        server.close();
      });
    });
    let start = 0;
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      if (!address || typeof address === 'string') return reject(new Error('no address'));
      const socket = connect(address.port, '127.0.0.1', () => {
        start = nowMs();
        createReadStream(path, { highWaterMark: 1 << 20 }).pipe(socket);
      });
    });
  });
}

function run(command: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = nowMs();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('exit', (code) => (code === 0 ? resolve(nowMs() - start) : reject(new Error(`${command} exited with ${code}`))));
  });
}

async function latency(bootstrap: string): Promise<{ p50: number; p99: number; count: number }> {
  // TCP_NODELAY, as Java and librdkafka use by default (kafkajs leaves Nagle on unless told).
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, socketFactory: noDelaySocketFactory });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'latency', numPartitions: 1 }] });
  await admin.disconnect();
  const consumer = kafka.consumer({ groupId: 'latency', maxWaitTimeInMs: 1000 });
  const producer = kafka.producer();
  await Promise.all([consumer.connect(), producer.connect()]);
  await consumer.subscribe({ topic: 'latency', fromBeginning: true });
  const samples: number[] = [];
  const total = 50_000;
  let joined: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (joined = resolve));
  consumer.on(consumer.events.GROUP_JOIN, () => joined());
  const done = new Promise<void>((resolve) => {
    void consumer.run({
      eachBatch: async ({ batch }) => {
        const now = nowMs();
        for (const message of batch.messages) samples.push(now - Number(message.value!.toString()));
        if (samples.length >= total) resolve();
      },
    });
  });
  await ready;
  const perTickRecords = 50;
  const tickMs = 5; // 50 records every 5 ms = 10,000 records/s
  const start = nowMs();
  for (let sent = 0; sent < total; sent += perTickRecords) {
    const due = start + (sent / perTickRecords) * tickMs;
    const wait = due - nowMs();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const stamp = String(nowMs());
    void producer.send({ topic: 'latency', acks: 1, messages: Array.from({ length: perTickRecords }, () => ({ value: stamp })) });
  }
  await done;
  await Promise.all([consumer.disconnect(), producer.disconnect()]);
  samples.sort((a, b) => a - b);
  const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!;
  return { p50: at(0.5), p99: at(0.99), count: samples.length };
}

async function main(): Promise<void> {
  await withTempDir('sluice-wire-', async (dir) => {
    const input = makeInput(dir);
    const bytes = RECORDS * RECORD_BYTES;
    const baselineMs = await loopbackBaseline(input);
    const kcatArgs = ['-t', 'wire', '-q', '-l', '-z', 'none', '-X', 'acks=1', '-X', 'linger.ms=5', '-X', 'batch.num.messages=10000'];
    const mockMs = await run('kcat', ['-P', '-b', '127.0.0.1:1', '-X', 'test.mock.num.brokers=1', '-X', 'log_level=0', ...kcatArgs, input]);
    const sink = await startDiscardBroker();
    const sinkMs = await run('kcat', ['-P', '-b', `127.0.0.1:${sink.port}`, ...kcatArgs, input]);
    await sink.close();
    const broker = await startBrokerProcess({ config: { 'num.partitions': '1' } });
    try {
      const common = ['-b', broker.bootstrap, '-t', 'wire', '-q'];
      const produceMs = await run('kcat', ['-P', '-b', broker.bootstrap, ...kcatArgs, input]);
      const consumeMs = await run('kcat', ['-C', ...common, '-o', 'beginning', '-e', '-f', '%o\n', '-X', 'fetch.message.max.bytes=4194304']);
      const lat = await latency(broker.bootstrap);
      console.log(`${fmt(RECORDS)} records of ${RECORD_BYTES} bytes (${fmt(bytes / 1e6, 1)} MB of payload)`);
      console.log(line('for scale: file streamed raw over loopback TCP', RECORDS, bytes, baselineMs));
      console.log(line('baseline: kcat -P into a discarding TCP sink', RECORDS, bytes, sinkMs));
      console.log(line("reference: kcat -P into librdkafka's mock broker", RECORDS, bytes, mockMs));
      console.log(line('kcat -P into sluice broker (acks=1, no compression)', RECORDS, bytes, produceMs));
      console.log(line('kcat -C from sluice broker', RECORDS, bytes, consumeMs));
      console.log(`end-to-end latency with kafkajs at 10,000 rec/s over ${fmt(lat.count)} records: p50 ${fmt(lat.p50, 2)} ms, p99 ${fmt(lat.p99, 2)} ms`);
      const produceRate = RECORDS / (produceMs / 1000);
      const consumeRate = RECORDS / (consumeMs / 1000);
      console.log(verdict('produce >= 500,000 rec/s', produceRate >= 5e5, `${fmt(produceRate)} rec/s`));
      console.log(verdict('produce >= 70 % of loopback baseline', sinkMs / produceMs >= 0.7, `${fmt((sinkMs / produceMs) * 100, 1)} % of kcat into the discarding sink`));
      console.log(`      (${fmt((mockMs / produceMs) * 100, 1)} % of kcat into its own mock broker; ${fmt((baselineMs / produceMs) * 100, 1)} % of the raw Node stream)`);
      console.log(verdict('consume >= 800,000 rec/s', consumeRate >= 8e5, `${fmt(consumeRate)} rec/s`));
      console.log(verdict('p99 <= 10 ms', lat.p99 <= 10, `${fmt(lat.p99, 2)} ms`));
    } finally {
      await broker.stop();
    }
  });
}

await main();
