import { describe, expect, it } from 'vitest';
import type { RecordDto, TapTarget } from '../../engine/api/index.js';
import { fakeEngine, flush } from '../testing/fake-engine.js';
import { observeTaps } from './observe-taps.js';

const record: RecordDto = { timestamp: 1, key: 'k', value: '{"a":1}', valueBytes: 7, truncated: false, headers: [] };
const counters = { records: 1, recordsPerSec: 1, bytesPerSec: 7, matched: 1, dropped: 0, errors: 0 };

describe('observeTaps', () => {
  it('passes calls through and reports the records of the taps it carried', async () => {
    const engine = fakeEngine({ 'taps.subscribe': () => ({ tapId: 't1' }), 'taps.unsubscribe': () => ({}), 'topics.list': () => ({ topics: [] }) });
    const seen: Array<{ target: TapTarget; records: RecordDto[] }> = [];
    const observed = observeTaps(engine.client, (target, records) => seen.push({ target, records }));
    expect(await observed.client.call('topics.list', {})).toEqual({ topics: [] });
    expect(await observed.client.call('taps.subscribe', { target: { nodeId: 'f' } })).toEqual({ tapId: 't1' });
    await flush();
    engine.emit('tap.batch', { tapId: 't1', records: [record], counters });
    engine.emit('tap.batch', { tapId: 'other', records: [record], counters });
    expect(seen).toEqual([{ target: { nodeId: 'f' }, records: [record] }]);

    const events: string[] = [];
    observed.client.on('tap.batch', (b) => events.push(b.tapId));
    engine.emit('tap.batch', { tapId: 'x', records: [], counters });
    expect(events).toEqual(['x']);

    await observed.client.call('taps.unsubscribe', { tapId: 't1' });
    engine.emit('tap.batch', { tapId: 't1', records: [record], counters });
    expect(seen).toHaveLength(1);
    observed.dispose();
  });

  it('passes failures through', async () => {
    const engine = fakeEngine({});
    const observed = observeTaps(engine.client, () => undefined);
    await expect(observed.client.call('taps.subscribe', { target: { nodeId: 'f' } })).rejects.toThrow(/unknown method/);
  });
});
