/** TapSession against a fake engine client: ordering races, filters, disposal. */
import { describe, expect, it } from 'vitest';
import type { TapBatch } from '../../engine/api/index.js';
import { TapSession, type TapClient } from './tap-session.js';

interface Call {
  method: string;
  params: unknown;
  resolve(value: unknown): void;
  reject(error: unknown): void;
}

function fakeClient() {
  const calls: Call[] = [];
  const listeners = new Set<(batch: TapBatch) => void>();
  const client = {
    call: (method: string, params: unknown) => new Promise((resolve, reject) => calls.push({ method, params, resolve, reject })),
    on: (_event: string, listener: (batch: TapBatch) => void) => {
      listeners.add(listener);
      return { dispose: () => listeners.delete(listener) };
    },
  } as unknown as TapClient;
  const emit = (batch: TapBatch) => {
    for (const listener of listeners) listener(batch);
  };
  return { client, calls, emit, listeners };
}

const counters = { records: 1, recordsPerSec: 1, bytesPerSec: 1, matched: 1, dropped: 0, errors: 0 };
const batch = (tapId: string, offset: number): TapBatch => ({
  tapId,
  counters,
  records: [{ offset, timestamp: 0, key: null, value: 'v', valueBytes: 1, truncated: false, headers: [] }],
});
/** Lets pending promise callbacks run (a few microtask turns; no timers). */
const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('TapSession', () => {
  it('subscribes, replays early batches of its tap and then follows only its tap', async () => {
    const fake = fakeClient();
    const seen: number[] = [];
    const session = new TapSession(fake.client, { target: { nodeId: 'f' }, maxRecordsPerBatch: 500, onBatch: (b) => seen.push(b.records[0]!.offset!), onError: () => {} });
    expect(fake.calls[0]).toMatchObject({ method: 'taps.subscribe', params: { target: { nodeId: 'f' }, maxRecordsPerBatch: 500 } });
    fake.emit(batch('t1', 1));
    fake.emit(batch('other', 99));
    fake.calls[0]!.resolve({ tapId: 't1' });
    await flush();
    fake.emit(batch('t1', 2));
    fake.emit(batch('other', 98));
    expect(seen).toEqual([1, 2]);
    expect(session.id).toBe('t1');
  });

  it('sets and clears the filter through taps.setFilter', async () => {
    const fake = fakeClient();
    const session = new TapSession(fake.client, { target: { nodeId: 'f' }, onBatch: () => {}, onError: () => {} });
    fake.calls[0]!.resolve({ tapId: 't1' });
    const set = session.setFilter(' value.n > 1 ');
    await flush();
    expect(fake.calls[1]).toMatchObject({ method: 'taps.setFilter', params: { tapId: 't1', filter: 'value.n > 1' } });
    fake.calls[1]!.resolve({ diagnostics: [{ code: 'X', severity: 'error', message: 'bad', position: 3 }] });
    expect(await set).toEqual([{ code: 'X', severity: 'error', message: 'bad', position: 3 }]);
    const clear = session.setFilter('');
    await flush();
    expect(fake.calls[2]!.params).toEqual({ tapId: 't1' });
    fake.calls[2]!.resolve({ diagnostics: [] });
    expect(await clear).toEqual([]);
  });

  it('unsubscribes on dispose, and stops delivering', async () => {
    const fake = fakeClient();
    const seen: TapBatch[] = [];
    const session = new TapSession(fake.client, { target: { nodeId: 'f' }, onBatch: (b) => seen.push(b), onError: () => {} });
    fake.calls[0]!.resolve({ tapId: 't1' });
    await flush();
    session.dispose();
    fake.emit(batch('t1', 1));
    expect(seen).toEqual([]);
    expect(fake.calls[1]).toMatchObject({ method: 'taps.unsubscribe', params: { tapId: 't1' } });
    expect(fake.listeners.size).toBe(0);
  });

  it('unsubscribes a tap whose subscribe answers after dispose', async () => {
    const fake = fakeClient();
    const session = new TapSession(fake.client, { target: { nodeId: 'f' }, onBatch: () => {}, onError: () => {} });
    session.dispose();
    fake.calls[0]!.resolve({ tapId: 't9' });
    await flush();
    expect(fake.calls[1]).toMatchObject({ method: 'taps.unsubscribe', params: { tapId: 't9' } });
  });

  it('reports a failed subscribe once, and not after dispose', async () => {
    const fake = fakeClient();
    const errors: unknown[] = [];
    new TapSession(fake.client, { target: { nodeId: 'gone' }, onBatch: () => {}, onError: (e) => errors.push(e) });
    fake.calls[0]!.reject(new Error('no such node'));
    await flush();
    expect(errors).toHaveLength(1);
    const disposed = new TapSession(fake.client, { target: { nodeId: 'gone' }, onBatch: () => {}, onError: (e) => errors.push(e) });
    disposed.dispose();
    fake.calls[1]!.reject(new Error('late'));
    await flush();
    expect(errors).toHaveLength(1);
  });
});
