import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, Serdes, StreamsBuilder, StreamsError, TopologyTestDriver } from '../index.js';

const S = Serdes.String();
const header = (headers: { key: string; value: Buffer | null }[], key: string) => headers.find((h) => h.key === key)?.value?.toString();

function topology() {
  const builder = new StreamsBuilder();
  builder
    .stream<string, number>('in', { keySerde: S, valueSerde: Serdes.Int32() })
    .mapValues((v) => {
      if (v === 13) throw new Error('unlucky number');
      return v * 2;
    })
    .to('out', { keySerde: S, valueSerde: Serdes.Int32() });
  return builder.build();
}

describe('error policy', () => {
  it("'continue' sends the original record to <applicationId>-dlq with Kafka Streams' dead-letter headers and keeps processing", () => {
    const driver = new TopologyTestDriver(topology(), { applicationId: 'orders-app', errorPolicy: 'continue' });
    const input = driver.createInputTopic('in', S, Serdes.Int32());
    input.pipeInput('a', 1, 10);
    input.pipeInput('b', 13, 20, [{ key: 'trace', value: Buffer.from('t-1') }]);
    input.pipeInput('c', 3, 30);
    expect(driver.createOutputTopic('out', S, Serdes.Int32()).readKeyValuesToList()).toEqual([
      { key: 'a', value: 2 },
      { key: 'c', value: 6 },
    ]);
    const [dead, ...more] = driver.capturedRecords('orders-app-dlq');
    expect(more).toEqual([]);
    expect(dead!.key?.toString()).toBe('b');
    expect(dead!.value).toEqual(Serdes.Int32().serialize('in', 13));
    expect(dead!.timestamp).toBe(20);
    expect(header(dead!.headers, 'trace')).toBe('t-1');
    expect(header(dead!.headers, DLQ_HEADERS.message)).toBe('unlucky number');
    expect(header(dead!.headers, DLQ_HEADERS.exception)).toBe('Error: unlucky number');
    expect(header(dead!.headers, DLQ_HEADERS.stacktrace)).toMatch(/^Error: unlucky number\n\s+at /);
    expect(header(dead!.headers, DLQ_HEADERS.node)).toBe('KSTREAM-MAPVALUES-0000000001');
    expect(header(dead!.headers, DLQ_HEADERS.topic)).toBe('in');
    expect(header(dead!.headers, DLQ_HEADERS.partition)).toBe('0');
    expect(header(dead!.headers, DLQ_HEADERS.offset)).toBe('1');
    const node = driver.metrics()[0]!.nodes.find((n) => n.node === 'KSTREAM-MAPVALUES-0000000001')!;
    // Kafka counts a record its continue handler skipped in dropped-records.
    expect(node).toMatchObject({ recordsIn: 3, recordsOut: 2, errors: 1, droppedRecords: 1 });
  });

  it("'continue' also routes records that fail to deserialize, naming the source node, to a configured topic", () => {
    const driver = new TopologyTestDriver(topology(), { errorPolicy: 'continue', deadLetterTopic: 'poison' });
    driver.createInputTopic('in', S, S).pipeInput('x', 'not four bytes', 5);
    driver.createInputTopic('in', S, Serdes.Int32()).pipeInput('y', 4, 6);
    const [dead] = driver.capturedRecords('poison');
    expect(dead!.value?.toString()).toBe('not four bytes');
    expect(header(dead!.headers, DLQ_HEADERS.node)).toBe('KSTREAM-SOURCE-0000000000');
    expect(header(dead!.headers, DLQ_HEADERS.message)).toMatch(/Int32 deserializer/);
    // Kafka's header names (KIP-1034), so a consumer of a Kafka Streams dead-letter topic reads these.
    expect(dead!.headers.map((h) => h.key)).toEqual([
      '__streams.errors.exception',
      '__streams.errors.stacktrace',
      '__streams.errors.message',
      '__streams.errors.topic',
      '__streams.errors.partition',
      '__streams.errors.offset',
      '__streams.errors.processor.node.id',
    ]);
    expect(driver.createOutputTopic('out', S, Serdes.Int32()).readKeyValuesToList()).toEqual([{ key: 'y', value: 8 }]);
    expect(driver.metrics()[0]!.nodes.find((n) => n.node === 'KSTREAM-SOURCE-0000000000')).toMatchObject({ errors: 1, droppedRecords: 1 });
  });

  it("'fail' throws a StreamsError naming the node, topic, partition and offset", () => {
    const driver = new TopologyTestDriver(topology(), { errorPolicy: 'fail' });
    const input = driver.createInputTopic('in', S, Serdes.Int32());
    input.pipeInput('a', 1, 10);
    let error: unknown;
    try {
      input.pipeInput('b', 13, 20);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StreamsError);
    const e = error as StreamsError;
    expect(e.code).toBe('STREAMS_PROCESSING_FAILED');
    expect(e.message).toBe('Processing failed at node KSTREAM-MAPVALUES-0000000001 for record topic=in partition=0 offset=1: unlucky number');
    expect({ node: e.node, topic: e.topic, partition: e.partition, offset: e.offset }).toEqual({ node: 'KSTREAM-MAPVALUES-0000000001', topic: 'in', partition: 0, offset: 1 });
    expect((e.cause as Error).message).toBe('unlucky number');
    expect(driver.capturedRecords().filter((r) => r.topic.endsWith('-dlq'))).toEqual([]);
  });

  it("'fail' on a deserialization error uses STREAMS_DESERIALIZATION_FAILED", () => {
    const driver = new TopologyTestDriver(topology());
    expect(() => driver.createInputTopic('in', S, S).pipeInput('x', 'abc', 1)).toThrow(
      expect.objectContaining({ code: 'STREAMS_DESERIALIZATION_FAILED', node: 'KSTREAM-SOURCE-0000000000', topic: 'in', offset: 0 }),
    );
  });

  it('failures after a repartition name the internal topic the record came from', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('in', { keySerde: S, valueSerde: S })
      .selectKey((_k, v) => v)
      .groupByKey({ keySerde: S })
      .aggregate(
        () => '',
        (_k, v) => {
          if (v === 'bad') throw new Error('cannot aggregate');
          return v;
        },
        { valueSerde: S },
      );
    const driver = new TopologyTestDriver(builder.build(), { applicationId: 'app', errorPolicy: 'continue' });
    driver.createInputTopic('in', S, S).pipeInput('k', 'bad', 1);
    const [dead] = driver.capturedRecords('app-dlq');
    expect(header(dead!.headers, DLQ_HEADERS.topic)).toBe('app-KSTREAM-AGGREGATE-STATE-STORE-0000000002-repartition');
    expect(header(dead!.headers, DLQ_HEADERS.node)).toBe('KSTREAM-AGGREGATE-0000000003');
  });
});
