/**
 * TapSession: one `taps.subscribe` on the engine, from subscribe to unsubscribe, without races.
 * Batches that arrive before the subscribe call has answered are held and replayed once the tap id
 * is known; a session disposed while subscribing unsubscribes as soon as the id arrives; filters
 * are set through `taps.setFilter` and come back as diagnostics (the engine keeps the old filter
 * when the new one has errors).
 *
 * Invariants: after `dispose()` no callback fires and the engine-side tap is (or will be) removed;
 * `onBatch` only sees batches of this session's tap.
 */
import type { Diagnostic, EngineClient, TapBatch, TapTarget } from '../../engine/api/index.js';

export type TapClient = Pick<EngineClient, 'call' | 'on'>;

export interface TapSessionOptions {
  target: TapTarget;
  /** An engine-side filter already known to be accepted (the inspector's active filter). */
  filter?: string;
  maxRecordsPerBatch?: number;
  onBatch(batch: TapBatch): void;
  /** Subscribing failed (the run went away, or an unknown target); the session is dead. */
  onError(error: unknown): void;
}

const MAX_EARLY_BATCHES = 20;

export class TapSession {
  private tapId: string | undefined;
  private disposed = false;
  private early: TapBatch[] = [];
  private readonly listener: { dispose(): void };
  private readonly subscribed: Promise<string | undefined>;

  constructor(
    private readonly client: TapClient,
    private readonly options: TapSessionOptions,
  ) {
    this.listener = client.on('tap.batch', (batch) => this.receive(batch));
    this.subscribed = this.subscribe();
  }

  /** The tap id once subscribed (undefined while subscribing or after a failure). */
  get id(): string | undefined {
    return this.tapId;
  }

  /** Sets (or with an empty text, clears) the engine-side filter; resolves to its diagnostics. */
  async setFilter(filter: string): Promise<Diagnostic[]> {
    const tapId = await this.subscribed;
    if (tapId === undefined || this.disposed) return [];
    const trimmed = filter.trim();
    const result = await this.client.call('taps.setFilter', trimmed === '' ? { tapId } : { tapId, filter: trimmed });
    return result.diagnostics;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.listener.dispose();
    this.early = [];
    if (this.tapId !== undefined) this.unsubscribe(this.tapId);
    // Otherwise subscribe() sees `disposed` when its answer arrives and unsubscribes then.
  }

  private async subscribe(): Promise<string | undefined> {
    const { target, filter, maxRecordsPerBatch } = this.options;
    const params = { target, ...(filter === undefined || filter.trim() === '' ? {} : { filter }), ...(maxRecordsPerBatch === undefined ? {} : { maxRecordsPerBatch }) };
    let tapId: string;
    try {
      ({ tapId } = await this.client.call('taps.subscribe', params));
    } catch (error) {
      this.early = [];
      if (!this.disposed) this.options.onError(error);
      return undefined;
    }
    if (this.disposed) {
      this.unsubscribe(tapId);
      return undefined;
    }
    this.tapId = tapId;
    const early = this.early.filter((batch) => batch.tapId === tapId);
    this.early = [];
    for (const batch of early) this.options.onBatch(batch);
    return tapId;
  }

  private receive(batch: TapBatch): void {
    if (this.disposed) return;
    if (this.tapId === undefined) {
      if (this.early.length < MAX_EARLY_BATCHES) this.early.push(batch);
      return;
    }
    if (batch.tapId === this.tapId) this.options.onBatch(batch);
  }

  private unsubscribe(tapId: string): void {
    // The run may already be gone (stopped, disconnected): the engine dropped the tap with it.
    this.client.call('taps.unsubscribe', { tapId }).catch((error: unknown) => reportIgnored('taps.unsubscribe', error));
  }
}

function reportIgnored(what: string, error: unknown): void {
  console.debug(`sluice: ${what} failed after the tap was closed:`, error);
}
