// InProcessClient over a MessagePort (PortBrokerAccess ↔ serveBrokerAccess): the whole shared
// LogClient contract, as a stream thread's client sees the broker, plus what only the port can get
// wrong (error codes, bytes that must not be lent out, a closed port).
import { MessageChannel } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Broker } from '../broker/broker.js';
import { ErrorCode, KafkaError } from '../broker/errors.js';
import { localBrokerAccess } from './broker-access.js';
import { PortBrokerAccess, serveBrokerAccess } from './broker-port.js';
import { InProcessClient } from './in-process-client.js';
import { describeLogClient, firstSpanRecord } from './log-client.contract.js';
import { EngineError } from '../api/errors.js';
import { MemoryStorage } from '../broker/log/memory-storage.js';
import { RecordBatchBuilder } from './record-batch-builder.js';
import { decodeError, encodeError, packBytes, reviveBytes } from './port-codec.js';

let broker: Broker;
const channels: Array<{ access: PortBrokerAccess; dispose(): void }> = [];

function portClient(): InProcessClient {
  const { port1, port2 } = new MessageChannel();
  const served = serveBrokerAccess(port1, localBrokerAccess(broker));
  const access = new PortBrokerAccess(port2);
  channels.push({ access, dispose: () => served.dispose() });
  return new InProcessClient(access);
}

beforeAll(async () => {
  broker = await Broker.open({ config: { 'group.initial.rebalance.delay.ms': '0' } });
});

afterAll(async () => {
  for (const channel of channels) channel.dispose();
  await broker.close();
});

describeLogClient('InProcessClient over a MessagePort', async () => portClient());

describe('broker port specifics', () => {
  it('keeps the Kafka error code and message of a failure on the broker side', async () => {
    const client = portClient();
    const failure = await client.describeTopics(['port-no-such-topic']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(KafkaError);
    expect((failure as KafkaError).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
    expect((failure as KafkaError).message).toContain('port-no-such-topic');
    const produced = await client.produce('port-no-such-topic', [{ key: null, value: Buffer.from('x') }]).catch((error: unknown) => error);
    expect((produced as KafkaError).errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
  });

  it('hands the reader copies: the stored log stays intact after records were fetched across', async () => {
    const client = portClient();
    await client.createTopics([{ name: 'port-copies', partitions: 1 }]);
    await client.produce('port-copies', [{ key: Buffer.from('k'), value: Buffer.from('stored value') }]);
    const [fetched] = await client.fetch([{ topic: 'port-copies', partition: 0, offset: 0 }]);
    fetched!.records[0]!.value!.fill(0);
    const local = new InProcessClient(broker);
    const [again] = await local.fetch([{ topic: 'port-copies', partition: 0, offset: 0 }]);
    expect(again!.records[0]!.value!.toString()).toBe('stored value');
  });

  it('gives a span-record consumer across the port the log\'s own memory, and its readers still copies', async () => {
    const client = portClient();
    await client.createTopics([{ name: 'port-spans', partitions: 1 }]);
    await client.produce('port-spans', [{ key: Buffer.from('k'), value: Buffer.from('stored value'), partition: 0 }]);
    const span = await firstSpanRecord(client, 'port-spans');
    expect(span.bytes.buffer).toBeInstanceOf(SharedArrayBuffer);
    span.value!.fill(0);
    const [again] = await new InProcessClient(broker).fetch([{ topic: 'port-spans', partition: 0, offset: 0 }]);
    expect(again!.records[0]!.value!.toString()).toBe('stored value');
  });

  it('keeps the code, domain and node of an EngineError across', () => {
    const decoded = decodeError(encodeError(new EngineError('PIP_INVALID', 'bad node', { domain: 'user', nodeId: 'n1' })));
    expect(decoded).toBeInstanceOf(EngineError);
    expect(decoded).toMatchObject({ code: 'PIP_INVALID', domain: 'user', nodeId: 'n1', message: 'bad node' });
  });

  it('copies bytes into buffers of their own for transfer and revives them as Buffers', () => {
    const pooled = Buffer.from('abc');
    const transfer: ArrayBuffer[] = [];
    const packed = packBytes({ list: [pooled], n: 1 }, transfer) as { list: Uint8Array[]; n: number };
    expect(transfer).toHaveLength(1);
    expect(transfer[0]).not.toBe(pooled.buffer);
    expect(transfer[0]!.byteLength).toBe(3);
    const revived = reviveBytes({ list: [new Uint8Array(packed.list[0]!)], n: 1 }) as { list: Buffer[]; n: number };
    expect(Buffer.isBuffer(revived.list[0])).toBe(true);
    expect(revived.list[0]!.toString()).toBe('abc');
  });

  it('transfers a storage read\'s or a sealed batch\'s own memory without copying it, and never memory others share', () => {
    const storage = new MemoryStorage();
    const file = storage.open('transfer.log');
    file.append(Buffer.alloc(64 * 1024, 7));
    const read = file.read(1024, 32 * 1024).subarray(16);
    const transfer: ArrayBuffer[] = [];
    const packed = packBytes({ records: read, again: read }, transfer) as { records: Uint8Array; again: Uint8Array };
    expect(packed.records).toBe(read);
    expect(transfer).toEqual([read.buffer]);
    // A sealed RecordBatch owns its builder's buffer: it crosses as it is too.
    const builder = new RecordBatchBuilder();
    builder.append('k', 'v', undefined, 1);
    const batch = builder.build();
    const batchTransfer: ArrayBuffer[] = [];
    expect(packBytes(batch, batchTransfer)).toBe(batch);
    expect(batchTransfer).toEqual([batch.buffer]);
    // A Buffer from Node's shared pool, and a view of a larger buffer someone else made, are copied.
    const pooled = Buffer.from('pooled');
    const shared = Buffer.alloc(100_000).subarray(10, 20);
    const copies: ArrayBuffer[] = [];
    packBytes([pooled, shared], copies);
    expect(copies).toHaveLength(2);
    expect(copies).not.toContain(pooled.buffer);
    expect(copies).not.toContain(shared.buffer);
  });

  it('lets a view of the log\'s shared memory cross as it is: shared, neither copied nor transferred', async () => {
    const file = new MemoryStorage().open('shared.log');
    file.append(Buffer.alloc(1024, 7));
    const view = file.view!(16, 100);
    const transfer: ArrayBuffer[] = [];
    expect(packBytes(view, transfer, true)).toBe(view);
    expect(transfer).toEqual([]);
    // In a request (not shared) it is copied: the broker never works on memory its sender holds.
    const copied = packBytes(view, transfer) as Uint8Array;
    expect(copied.buffer).not.toBeInstanceOf(SharedArrayBuffer);
    expect(Buffer.from(copied)).toEqual(view);
    transfer.length = 0;
    const { port1, port2 } = new MessageChannel();
    const arrived = new Promise<unknown>((resolve) => port2.once('message', resolve));
    port1.postMessage(packBytes({ records: view }, transfer, true), transfer);
    const { records } = reviveBytes(await arrived) as { records: Buffer };
    port1.close();
    expect(records.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([records.byteOffset, records.length]).toEqual([16, 100]);
    file.append(Buffer.alloc(8, 9));
    expect(Buffer.from(records.buffer, 1024, 8)).toEqual(Buffer.alloc(8, 9));
  });

  it('serves the same log bytes again after a fetch moved its memory to the other side', async () => {
    const client = portClient();
    await client.createTopics([{ name: 'port-transfer', partitions: 1 }]);
    const values = Array.from({ length: 2_000 }, (_, i) => Buffer.from(`value ${i} `.repeat(8)));
    await client.produce('port-transfer', values.map((value) => ({ key: null, value })));
    for (let round = 0; round < 2; round++) {
      const seen: string[] = [];
      while (seen.length < values.length) {
        const [fetched] = await client.fetch([{ topic: 'port-transfer', partition: 0, offset: seen.length }]);
        for (const r of fetched!.records) seen.push(r.value!.toString());
      }
      expect(seen).toEqual(values.map(String));
    }
  });

  it('fails waiting and later calls with NETWORK_EXCEPTION once the port is closed', async () => {
    const { port1, port2 } = new MessageChannel();
    const access = new PortBrokerAccess(port2);
    // Nobody serves port1: the fetch below waits until the port closes.
    const waiting = access.fetch([{ topic: 'x', partition: 0, fetchOffset: 0, maxBytes: 1024 }], { maxWaitMs: 0, minBytes: 1, maxBytes: 1024 });
    access.close();
    port1.close();
    await expect(waiting).rejects.toMatchObject({ errorCode: ErrorCode.NETWORK_EXCEPTION });
    await expect(access.listTopicNames()).rejects.toMatchObject({ errorCode: ErrorCode.NETWORK_EXCEPTION });
  });
});
