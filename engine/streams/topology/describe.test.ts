import { describe, expect, it } from 'vitest';
import { JoinWindows, Serdes, StreamsBuilder, TimeWindows } from '../index.js';

const S = Serdes.String();

describe('Topology#describe', () => {
  it('prints the word-count topology exactly as Kafka Streams (3.x/4.x) does, with store-named repartition nodes', () => {
    const builder = new StreamsBuilder();
    builder
      .stream<string, string>('streams-plaintext-input', { keySerde: S, valueSerde: S })
      .flatMapValues((v) => v.toLowerCase().split(/\W+/))
      .groupBy((_k, word) => word, { keySerde: S })
      .count({ storeName: 'counts-store' })
      .toStream()
      .to('streams-wordcount-output', { keySerde: S, valueSerde: Serdes.Int64() });
    const text = builder.build().describe().toString();
    expect(text).toBe(
      'Topologies:\n' +
        '   Sub-topology: 0\n' +
        '    Source: KSTREAM-SOURCE-0000000000 (topics: [streams-plaintext-input])\n' +
        '      --> KSTREAM-FLATMAPVALUES-0000000001\n' +
        '    Processor: KSTREAM-FLATMAPVALUES-0000000001 (stores: [])\n' +
        '      --> KSTREAM-KEY-SELECT-0000000002\n' +
        '      <-- KSTREAM-SOURCE-0000000000\n' +
        '    Processor: KSTREAM-KEY-SELECT-0000000002 (stores: [])\n' +
        '      --> counts-store-repartition-filter\n' +
        '      <-- KSTREAM-FLATMAPVALUES-0000000001\n' +
        '    Processor: counts-store-repartition-filter (stores: [])\n' +
        '      --> counts-store-repartition-sink\n' +
        '      <-- KSTREAM-KEY-SELECT-0000000002\n' +
        '    Sink: counts-store-repartition-sink (topic: counts-store-repartition)\n' +
        '      <-- counts-store-repartition-filter\n' +
        '\n' +
        '  Sub-topology: 1\n' +
        '    Source: counts-store-repartition-source (topics: [counts-store-repartition])\n' +
        '      --> KSTREAM-AGGREGATE-0000000003\n' +
        '    Processor: KSTREAM-AGGREGATE-0000000003 (stores: [counts-store])\n' +
        '      --> KTABLE-TOSTREAM-0000000007\n' +
        '      <-- counts-store-repartition-source\n' +
        '    Processor: KTABLE-TOSTREAM-0000000007 (stores: [])\n' +
        '      --> KSTREAM-SINK-0000000008\n' +
        '      <-- KSTREAM-AGGREGATE-0000000003\n' +
        '    Sink: KSTREAM-SINK-0000000008 (topic: streams-wordcount-output)\n' +
        '      <-- KTABLE-TOSTREAM-0000000007\n' +
        '\n' +
        'Repartition topics: [counts-store-repartition]\n' +
        'Changelog topics: [counts-store-changelog]\n',
    );
  });

  it('golden: a repartition, a stream-table join, a windowed aggregate and a stream-stream join', () => {
    const J = Serdes.JSON<{ customer: string; amount: number }>();
    const builder = new StreamsBuilder();
    const orders = builder.stream('orders', { keySerde: S, valueSerde: J });
    const customers = builder.table('customers', { keySerde: S, valueSerde: Serdes.JSON<{ region: string }>() });
    const enriched = orders.selectKey((_k, o) => o.customer).join(customers, (o, c) => ({ ...o, region: c.region }));
    enriched
      .groupBy((_k, o) => o.region, { keySerde: S })
      .windowedBy(TimeWindows.ofSizeAndGrace(60_000, 5_000))
      .count()
      .toStream()
      .to('orders-per-region');
    const payments = builder.stream('payments', { keySerde: S, valueSerde: J });
    enriched.leftJoin(payments, (o, p) => ({ o, p }), JoinWindows.ofTimeDifferenceAndGrace(10_000, 1_000)).to('paid');
    const description = builder.build().describe();
    expect(description.repartitionTopics).toEqual(['KSTREAM-KEY-SELECT-0000000004-repartition', 'KSTREAM-AGGREGATE-STATE-STORE-0000000010-repartition']);
    expect(description.subtopologies.map((s) => s.nodes.length)).toEqual([4, 14, 4]);
    expect(description.toString('shop')).toBe(GOLDEN);
  });
});

const GOLDEN = `Topologies:
   Sub-topology: 0
    Source: KSTREAM-SOURCE-0000000000 (topics: [orders])
      --> KSTREAM-KEY-SELECT-0000000004
    Processor: KSTREAM-KEY-SELECT-0000000004 (stores: [])
      --> KSTREAM-FILTER-0000000006
      <-- KSTREAM-SOURCE-0000000000
    Processor: KSTREAM-FILTER-0000000006 (stores: [])
      --> KSTREAM-SINK-0000000005
      <-- KSTREAM-KEY-SELECT-0000000004
    Sink: KSTREAM-SINK-0000000005 (topic: KSTREAM-KEY-SELECT-0000000004-repartition)
      <-- KSTREAM-FILTER-0000000006

  Sub-topology: 1
    Source: KSTREAM-SOURCE-0000000007 (topics: [KSTREAM-KEY-SELECT-0000000004-repartition])
      --> KSTREAM-JOIN-0000000008
    Processor: KSTREAM-JOIN-0000000008 (stores: [customers-STATE-STORE-0000000001])
      --> KSTREAM-WINDOWED-0000000018, KSTREAM-KEY-SELECT-0000000009
      <-- KSTREAM-SOURCE-0000000007
    Source: KSTREAM-SOURCE-0000000017 (topics: [payments])
      --> KSTREAM-WINDOWED-0000000019
    Processor: KSTREAM-WINDOWED-0000000018 (stores: [KSTREAM-JOINTHIS-0000000020-store])
      --> KSTREAM-JOINTHIS-0000000020
      <-- KSTREAM-JOIN-0000000008
    Processor: KSTREAM-WINDOWED-0000000019 (stores: [KSTREAM-OUTEROTHER-0000000021-store])
      --> KSTREAM-OUTEROTHER-0000000021
      <-- KSTREAM-SOURCE-0000000017
    Processor: KSTREAM-JOINTHIS-0000000020 (stores: [KSTREAM-OUTEROTHER-0000000021-store, KSTREAM-OUTERSHARED-0000000020-store])
      --> KSTREAM-MERGE-0000000022
      <-- KSTREAM-WINDOWED-0000000018
    Processor: KSTREAM-KEY-SELECT-0000000009 (stores: [])
      --> KSTREAM-FILTER-0000000013
      <-- KSTREAM-JOIN-0000000008
    Processor: KSTREAM-OUTEROTHER-0000000021 (stores: [KSTREAM-JOINTHIS-0000000020-store, KSTREAM-OUTERSHARED-0000000020-store])
      --> KSTREAM-MERGE-0000000022
      <-- KSTREAM-WINDOWED-0000000019
    Processor: KSTREAM-FILTER-0000000013 (stores: [])
      --> KSTREAM-SINK-0000000012
      <-- KSTREAM-KEY-SELECT-0000000009
    Processor: KSTREAM-MERGE-0000000022 (stores: [])
      --> KSTREAM-SINK-0000000023
      <-- KSTREAM-JOINTHIS-0000000020, KSTREAM-OUTEROTHER-0000000021
    Source: KSTREAM-SOURCE-0000000002 (topics: [customers])
      --> KTABLE-SOURCE-0000000003
    Sink: KSTREAM-SINK-0000000012 (topic: KSTREAM-AGGREGATE-STATE-STORE-0000000010-repartition)
      <-- KSTREAM-FILTER-0000000013
    Sink: KSTREAM-SINK-0000000023 (topic: paid)
      <-- KSTREAM-MERGE-0000000022
    Processor: KTABLE-SOURCE-0000000003 (stores: [customers-STATE-STORE-0000000001])
      --> none
      <-- KSTREAM-SOURCE-0000000002

  Sub-topology: 2
    Source: KSTREAM-SOURCE-0000000014 (topics: [KSTREAM-AGGREGATE-STATE-STORE-0000000010-repartition])
      --> KSTREAM-AGGREGATE-0000000011
    Processor: KSTREAM-AGGREGATE-0000000011 (stores: [KSTREAM-AGGREGATE-STATE-STORE-0000000010])
      --> KTABLE-TOSTREAM-0000000015
      <-- KSTREAM-SOURCE-0000000014
    Processor: KTABLE-TOSTREAM-0000000015 (stores: [])
      --> KSTREAM-SINK-0000000016
      <-- KSTREAM-AGGREGATE-0000000011
    Sink: KSTREAM-SINK-0000000016 (topic: orders-per-region)
      <-- KTABLE-TOSTREAM-0000000015

Repartition topics: [shop-KSTREAM-KEY-SELECT-0000000004-repartition, shop-KSTREAM-AGGREGATE-STATE-STORE-0000000010-repartition]
Changelog topics: [shop-customers-STATE-STORE-0000000001-changelog, shop-KSTREAM-AGGREGATE-STATE-STORE-0000000010-changelog, shop-KSTREAM-JOINTHIS-0000000020-store-changelog, shop-KSTREAM-OUTEROTHER-0000000021-store-changelog, shop-KSTREAM-OUTERSHARED-0000000020-store-changelog]
`;
