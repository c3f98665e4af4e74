import { describe, expect, it } from 'vitest';
import type { LogClient, TopicPartitionOffset } from '../../client/log-client.js';
import { ManualClock } from '../../util/clock.js';
import { RepartitionPurger } from './repartition-purge.js';

/** An error as the clients throw it: a message and Kafka's error code. */
const kafkaError = (errorCode: number, message: string) => Object.assign(new Error(message), { errorCode });
const REQUEST_TIMED_OUT = 7;
const UNSUPPORTED_VERSION = 35;

/** A client whose deleteRecords answers with `results` in turn (an error is thrown). */
function client(results: Array<Error | undefined>) {
  const calls: TopicPartitionOffset[][] = [];
  const c = {
    deleteRecords: async (offsets: readonly TopicPartitionOffset[]) => {
      calls.push([...offsets]);
      const result = results.shift();
      if (result !== undefined) throw result;
    },
  } as unknown as LogClient;
  return { c, calls };
}

const COMMITTED: TopicPartitionOffset[] = [
  { topic: 'app-agg-repartition', partition: 0, offset: 40 },
  { topic: 'app-agg-repartition', partition: 1, offset: 0 },
  { topic: 'orders', partition: 0, offset: 90 },
];

async function purgeEvery(purger: RepartitionPurger, clock: ManualClock, times: number): Promise<void> {
  for (let i = 0; i < times; i++) {
    clock.advance(1000);
    purger.afterCommit(COMMITTED);
    await purger.settled();
  }
}

describe('repartition purge', () => {
  it('deletes only committed repartition records, at most once an interval, and tries again after a passing failure', async () => {
    const clock = new ManualClock(0);
    const warnings: string[] = [];
    const { c, calls } = client([kafkaError(REQUEST_TIMED_OUT, 'busy')]);
    const purger = new RepartitionPurger(c, new Set(['app-agg-repartition']), 1000, clock, { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined });
    purger.afterCommit(COMMITTED); // not due yet
    await purgeEvery(purger, clock, 3);
    expect(calls).toEqual([[{ topic: 'app-agg-repartition', partition: 0, offset: 40 }], [{ topic: 'app-agg-repartition', partition: 0, offset: 40 }], [{ topic: 'app-agg-repartition', partition: 0, offset: 40 }]]);
    expect(warnings).toEqual([expect.stringContaining('(trying again at the next purge): busy')]);
  });

  it('stops for good when the broker cannot delete records at all, saying so once', async () => {
    const clock = new ManualClock(0);
    const warnings: string[] = [];
    const { c, calls } = client([kafkaError(UNSUPPORTED_VERSION, 'no DeleteRecords')]);
    const purger = new RepartitionPurger(c, new Set(['app-agg-repartition']), 1000, clock, { info: () => undefined, warn: (m) => warnings.push(m), error: () => undefined });
    await purgeEvery(purger, clock, 3);
    expect(calls).toHaveLength(1);
    expect(warnings).toEqual([expect.stringContaining('(not deleting consumed repartition records any more): no DeleteRecords')]);
  });
});
