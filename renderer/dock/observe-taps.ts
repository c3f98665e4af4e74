/**
 * Lets the studio keep what the record panel's taps show: a view of the EngineClient that behaves
 * exactly like it, but remembers which output each `taps.subscribe` it carries is for, and hands
 * the records of those taps' batches to `onRecords` (the store's samples, which type code nodes).
 *
 * Invariants: calls and events pass through unchanged (same results, same errors); batches of taps
 * made elsewhere are ignored; `dispose` stops listening.
 */
import type { EngineClient, RecordDto, TapTarget } from '../../engine/api/index.js';

export interface ObservedClient {
  client: EngineClient;
  dispose(): void;
}

export function observeTaps(client: EngineClient, onRecords: (target: TapTarget, records: RecordDto[]) => void): ObservedClient {
  const targets = new Map<string, TapTarget>();
  const observed = Object.create(client) as EngineClient;
  observed.call = ((method, params) => {
    const result = client.call(method, params);
    if (method === 'taps.subscribe') {
      const { target } = params as { target: TapTarget };
      result.then(
        (answer) => targets.set((answer as { tapId: string }).tapId, target),
        () => undefined, // the caller sees the failure through its own promise
      );
    } else if (method === 'taps.unsubscribe') targets.delete((params as { tapId: string }).tapId);
    return result;
  }) as EngineClient['call'];
  const listener = client.on('tap.batch', (batch) => {
    const target = targets.get(batch.tapId);
    if (target !== undefined && batch.records.length > 0) onRecords(target, batch.records);
  });
  return { client: observed, dispose: () => listener.dispose() };
}
