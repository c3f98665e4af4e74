/**
 * The wire listener's rules, over real sockets against an in-memory broker: response order on a
 * connection, no response for acks=0, UNSUPPORTED_VERSION answers, connection-closing inputs that
 * leave other connections alone, idle timeout, and unexpected handler failures.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Broker } from './broker.js';
import { startKafkaListener, type KafkaListener } from './kafka-listener.js';
import { API_KEYS, decodeResponse, encodeRequest } from './protocol/index.js';
import { ErrorCode } from './errors.js';
import { encodeBatch } from './records/record-batch.js';
import { memoryLogger } from '../util/logger.js';

interface Harness {
  broker: Broker;
  listener: KafkaListener;
  logger: ReturnType<typeof memoryLogger>;
}

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of open.splice(0).reverse()) await close();
});

async function harness(config: Record<string, string> = {}): Promise<Harness> {
  const logger = memoryLogger();
  const broker = await Broker.open({ config });
  const listener = await startKafkaListener(broker, { port: 0, logger });
  open.push(() => broker.close(), () => listener.close());
  return { broker, listener, logger };
}

/** A raw client socket that collects whole response frames in arrival order. */
async function rawClient(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise((resolve) => socket.once('connect', resolve));
  open.push(async () => void socket.destroy());
  let pending = Buffer.alloc(0);
  const frames: Buffer[] = [];
  const waiters: Array<() => void> = [];
  socket.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
      frames.push(pending.subarray(4, 4 + pending.readInt32BE(0)));
      pending = pending.subarray(4 + pending.readInt32BE(0));
      waiters.splice(0).forEach((wake) => wake());
    }
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    closed,
    send: (frame: Buffer) => socket.write(frame),
    async next(): Promise<Buffer> {
      while (frames.length === 0) await new Promise<void>((wake) => waiters.push(wake));
      return frames.shift()!;
    },
  };
}

const correlationOf = (frame: Buffer) => frame.readInt32BE(0);

function fetchRequest(correlationId: number, maxWaitMs: number) {
  return encodeRequest(API_KEYS.Fetch, 4, correlationId, 'test', {
    replicaId: -1,
    maxWaitMs,
    minBytes: 1,
    maxBytes: 1 << 20,
    isolationLevel: 0,
    topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: 1 << 20 }] }],
  });
}

const metadataRequest = (correlationId: number) => encodeRequest(API_KEYS.Metadata, 1, correlationId, 'test', { topics: null });

describe('Kafka listener', () => {
  it('answers in request order even when the first request long-polls', async () => {
    const { broker, listener } = await harness();
    await broker.createTopic('t');
    const client = await rawClient(listener.port);
    client.send(fetchRequest(1, 10_000));
    client.send(metadataRequest(2));
    const other = await rawClient(listener.port);
    other.send(metadataRequest(9));
    expect(correlationOf(await other.next())).toBe(9); // other connections are not held up
    await broker.produce('t', 0, encodeBatch({ records: [{ key: null, value: Buffer.from('wake'), timestamp: 1 }] }));
    const first = await client.next();
    expect(correlationOf(first)).toBe(1);
    const fetched = decodeResponse(API_KEYS.Fetch, 4, first).body;
    expect(fetched.responses[0]!.partitions[0]!.records!.length).toBeGreaterThan(0);
    expect(correlationOf(await client.next())).toBe(2);
  });

  it('sends nothing back for an acks=0 produce', async () => {
    const { broker, listener } = await harness();
    await broker.createTopic('t');
    const client = await rawClient(listener.port);
    const records = encodeBatch({ records: [{ key: null, value: Buffer.from('x'), timestamp: 1 }] });
    client.send(encodeRequest(API_KEYS.Produce, 3, 1, 'test', { transactionalId: null, acks: 0, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records }] }] }));
    client.send(metadataRequest(2));
    expect(correlationOf(await client.next())).toBe(2);
    expect(broker.listOffsets('t', 0, -1).offset).toBe(1);
  });

  it('advertises Produce from v0 (librdkafka < 2.11.1 compresses only then) but refuses v0–2 legacy message sets per partition', async () => {
    const { broker, listener, logger } = await harness();
    await broker.createTopic('t');
    const client = await rawClient(listener.port);
    client.send(encodeRequest(API_KEYS.ApiVersions, 0, 1, 'test', {}));
    const versions = decodeResponse(API_KEYS.ApiVersions, 0, await client.next()).body;
    expect(versions.apiKeys.find((k) => k.apiKey === API_KEYS.Produce)).toEqual({ apiKey: 0, minVersion: 0, maxVersion: 9 });

    // A magic 1 message set (offset, size, crc, magic 1, attributes, timestamp, key -1, value "x").
    const legacy = Buffer.from('0000000000000000' + '00000017' + '00000000' + '01' + '00' + '0000000000000001' + 'ffffffff' + '00000001' + '78', 'hex');
    client.send(encodeRequest(API_KEYS.Produce, 2, 2, 'test', { acks: -1, timeoutMs: 1000, topicData: [{ name: 't', partitionData: [{ index: 0, records: legacy }] }] }));
    const answer = decodeResponse(API_KEYS.Produce, 2, await client.next());
    expect(answer.correlationId).toBe(2);
    expect(answer.body.responses).toEqual([
      { name: 't', partitionResponses: [expect.objectContaining({ index: 0, errorCode: ErrorCode.UNSUPPORTED_FOR_MESSAGE_FORMAT, baseOffset: -1 })] },
    ]);
    expect(broker.listOffsets('t', 0, -1).offset).toBe(0);
    expect(logger.lines.some((line) => line.startsWith('warn Produce v2 from test refused'))).toBe(true);
  });

  it('answers an unsupported ApiVersions version with the v0 body, our ranges and UNSUPPORTED_VERSION', async () => {
    const { listener } = await harness();
    const client = await rawClient(listener.port);
    const frame = encodeRequest(API_KEYS.ApiVersions, 3, 5, 'test', { clientSoftwareName: 'x', clientSoftwareVersion: '1' });
    frame.writeInt16BE(4, 6); // ask for v4, one past what Sluice serves
    client.send(frame);
    const response = decodeResponse(API_KEYS.ApiVersions, 0, await client.next()).body;
    expect(response.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
    expect(response.apiKeys.find((k) => k.apiKey === API_KEYS.ApiVersions)).toEqual({ apiKey: 18, minVersion: 0, maxVersion: 3 });
    expect(response.apiKeys.find((k) => k.apiKey === API_KEYS.Fetch)).toEqual({ apiKey: 1, minVersion: 4, maxVersion: 12 });
  });

  it('answers other unsupported versions with UNSUPPORTED_VERSION at the nearest served version', async () => {
    const { listener } = await harness();
    const client = await rawClient(listener.port);
    const frame = encodeRequest(API_KEYS.ListGroups, 4, 7, 'test', { statesFilter: [] });
    frame.writeInt16BE(5, 6); // ListGroups v5 is one past the served range
    client.send(frame);
    const answer = await client.next();
    expect(correlationOf(answer)).toBe(7);
    expect(decodeResponse(API_KEYS.ListGroups, 4, answer).body.errorCode).toBe(ErrorCode.UNSUPPORTED_VERSION);
  });

  it('closes a connection that sends an unknown API key or an oversized frame, and only that one', async () => {
    const { listener, logger } = await harness({ 'socket.request.max.bytes': '1024' });
    const unknown = await rawClient(listener.port);
    const frame = metadataRequest(1);
    frame.writeInt16BE(999, 4);
    unknown.send(frame);
    await unknown.closed;
    const huge = await rawClient(listener.port);
    huge.send(Buffer.from([0x00, 0x10, 0x00, 0x00]));
    await huge.closed;
    const healthy = await rawClient(listener.port);
    healthy.send(metadataRequest(3));
    expect(correlationOf(await healthy.next())).toBe(3);
    expect(logger.lines.join('\n')).toMatch(/unknown API key 999/);
    expect(logger.lines.join('\n')).toMatch(/1048576 bytes is outside \[0, 1024\]/);
  });

  it('closes idle connections after connections.max.idle.ms', async () => {
    const { listener, logger } = await harness({ 'connections.max.idle.ms': '100' });
    const client = await rawClient(listener.port);
    await client.closed;
    expect(logger.lines.join('\n')).toMatch(/idle for 100 ms/);
  });

  it('answers a Fetch with a negative partition maxBytes with INVALID_FETCH_SIZE, not as a handler failure (found by the wire fuzzer)', async () => {
    const { broker, listener, logger } = await harness();
    await broker.createTopic('t');
    const client = await rawClient(listener.port);
    client.send(
      encodeRequest(API_KEYS.Fetch, 4, 3, 'test', {
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 0,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        topics: [{ topic: 't', partitions: [{ partition: 0, fetchOffset: 0, partitionMaxBytes: -5 }] }],
      }),
    );
    const response = decodeResponse(API_KEYS.Fetch, 4, await client.next()).body;
    expect(response.responses).toEqual([expect.objectContaining({ topic: 't', partitions: [expect.objectContaining({ partitionIndex: 0, errorCode: ErrorCode.INVALID_FETCH_SIZE, records: null })] })]);
    expect(logger.lines.filter((line) => line.startsWith('error'))).toEqual([]);
  });

  it('turns an unexpected handler failure into UNKNOWN_SERVER_ERROR and logs the request', async () => {
    const { broker, listener, logger } = await harness();
    broker.groups.describeGroups = () => Promise.reject(new Error('boom'));
    const client = await rawClient(listener.port);
    client.send(encodeRequest(API_KEYS.DescribeGroups, 1, 42, 'test', { groups: ['g'] }));
    const response = decodeResponse(API_KEYS.DescribeGroups, 1, await client.next()).body;
    expect(response.groups).toEqual([expect.objectContaining({ groupId: 'g', errorCode: ErrorCode.UNKNOWN_SERVER_ERROR })]);
    expect(logger.lines.join('\n')).toMatch(/DescribeGroups v1 \(correlation id 42, client test\) failed unexpectedly: boom/);
  });
});
