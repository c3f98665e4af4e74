import { describe, expect, it } from 'vitest';
import {
  JoinWindows,
  Serdes,
  SessionWindows,
  StreamsBuilder,
  Suppressed,
  TimeWindows,
  TopologyTestDriver,
  formatWindowed,
  keyValue,
  type Topology,
} from '../index.js';

const S = Serdes.String();
const L = Serdes.Int64();

function build(): Topology {
  const builder = new StreamsBuilder();
  const events = builder.stream<string, string>('events', { keySerde: S, valueSerde: S });
  const others = builder.stream<string, string>('others', { keySerde: S, valueSerde: S });
  const grouped = events.groupByKey();
  grouped.count({ storeName: 'counts' });
  grouped
    .windowedBy(TimeWindows.ofSizeAndGrace(10, 5))
    .count({ storeName: 'windowed' })
    .suppress(Suppressed.untilWindowCloses())
    .toStream()
    .map((k, v) => keyValue(formatWindowed(k), v))
    .to('final', { keySerde: S, valueSerde: L });
  grouped.windowedBy(SessionWindows.ofInactivityGapWithNoGrace(5)).count({ storeName: 'sessions' });
  events.leftJoin(others, (a, b) => `${a}+${b}`, JoinWindows.ofTimeDifferenceAndGrace(5, 0), { storeName: 'j' }).to('joined', { keySerde: S, valueSerde: S });
  return builder.build();
}

function feed(driver: TopologyTestDriver): void {
  const events = driver.createInputTopic('events', S, S);
  const others = driver.createInputTopic('others', S, S);
  events.pipeInput('a', 'e1', 1);
  others.pipeInput('a', 'o1', 3);
  events.pipeInput('b', 'e2', 2);
  events.pipeInput('a', 'e3', 4);
  events.pipeInput('a', 'e4', 12);
  events.pipeInput('b', 'e5', 13);
}

interface Dumpable {
  all(): unknown[];
}

const STORES = ['counts', 'windowed', 'sessions', 'j-this-join-store', 'j-outer-other-join-store', 'j-left-shared-join-store', 'KTABLE-SUPPRESS-STATE-STORE-0000000005'];

describe('store restore from changelogs', () => {
  it('rebuilds every kind of store from the captured changelog records, and processing continues identically', () => {
    const original = new TopologyTestDriver(build(), { applicationId: 'app' });
    feed(original);
    const changelogRecords = original.capturedRecords().filter((r) => r.topic.endsWith('-changelog'));
    expect(new Set(changelogRecords.map((r) => r.topic))).toEqual(new Set(STORES.map((s) => `app-${s}-changelog`)));
    expect(changelogRecords.every((r) => r.partition === 0)).toBe(true);

    const restored = new TopologyTestDriver(build(), { applicationId: 'app' });
    for (const task of restored.streamTasks()) {
      for (const [store, topic] of task.changelogTopics()) task.restore(store, changelogRecords.filter((r) => r.topic === topic));
    }
    for (const name of STORES.filter((s) => !s.startsWith('KTABLE-SUPPRESS'))) {
      expect(restored.getStateStore<Dumpable>(name).all(), name).toEqual(original.getStateStore<Dumpable>(name).all());
    }
    expect(restored.getKeyValueStore('counts').all()).toEqual([
      { key: 'a', value: 3 },
      { key: 'b', value: 2 },
    ]);
    const buffered = (d: TopologyTestDriver) => d.getStateStore<{ numRecords(): number; minTimestamp(): number; bufferSize(): number }>('KTABLE-SUPPRESS-STATE-STORE-0000000005');
    const state = (d: TopologyTestDriver) => [buffered(d).numRecords(), buffered(d).minTimestamp(), buffered(d).bufferSize()];
    expect(state(restored)).toEqual(state(original));

    // One more record advances stream time far enough to flush the suppression buffer and the
    // outer-join store: both drivers emit the same.
    const final = (d: TopologyTestDriver) => d.createOutputTopic('final', S, L);
    const joined = (d: TopologyTestDriver) => d.createOutputTopic('joined', S, S);
    expect(joined(original).readValuesToList()).toEqual(['e1+o1', 'e3+o1', 'e2+null']);
    expect(final(original).isEmpty()).toBe(true);
    const after = (d: TopologyTestDriver) => {
      d.createInputTopic('events', S, S).pipeInput('z', 'e9', 100);
      return { final: final(d).readRecordsToList(), joined: joined(d).readRecordsToList(), counts: d.getKeyValueStore('counts').all() };
    };
    const expected = after(original);
    expect(after(restored)).toEqual(expected);
    expect(expected.joined.map((r) => [r.value, r.timestamp])).toEqual([
      ['e4+null', 12],
      ['e5+null', 13],
    ]);
    expect(expected.final.map((r) => [r.key, r.value, r.timestamp])).toEqual([
      ['[a@0/10]', 2, 4],
      ['[b@0/10]', 1, 2],
      ['[a@10/20]', 1, 12],
      ['[b@10/20]', 1, 13],
    ]);
  });

  it("logs a timestamped store's values as Kafka does: the plain value, with its timestamp as the record's", () => {
    const driver = new TopologyTestDriver(build(), { applicationId: 'app' });
    const events = driver.createInputTopic('events', S, S);
    events.pipeInput('a', 'e1', 5);
    events.pipeInput('a', 'e2', 3); // out of order: the count's timestamp stays 5
    const logged = (store: string) =>
      driver.capturedRecords(`app-${store}-changelog`).map((r) => ({ value: r.value === null ? null : L.deserialize('', r.value), timestamp: r.timestamp }));
    expect(logged('counts')).toEqual([
      { value: 1, timestamp: 5 },
      { value: 2, timestamp: 5 },
    ]);
    expect(logged('windowed')).toEqual([
      { value: 1, timestamp: 5 },
      { value: 2, timestamp: 5 },
    ]);
  });

  it('refuses to restore a timestamped store from state an earlier Sluice committed (values then held the timestamp too)', () => {
    const original = new TopologyTestDriver(build(), { applicationId: 'app' });
    feed(original);
    const logged = (store: string) => original.capturedRecords(`app-${store}-changelog`);
    const [task] = new TopologyTestDriver(build(), { applicationId: 'app' }).streamTasks();
    task!.resumeFrom([{ topic: 'events', partition: 0, offset: 6, metadata: 'sluice-task/1:{"t":13,"p":{}}' }]);
    expect(() => task!.restore('counts', logged('counts'))).toThrow(/^Task 0_0 cannot restore store counts from app-counts-changelog: an earlier Sluice wrote it/);
    expect(() => task!.restore('sessions', logged('sessions'))).not.toThrow(); // session stores keep no timestamp prefix
    expect(() => task!.restore('counts', [])).not.toThrow(); // nothing written yet
  });
});
