/**
 * One tap subscriber (DESIGN.md §4): follows a node output through the streams runtime's observer
 * hook, keeps the newest `maxRecordsPerBatch` records that pass its filter in a ring, and every
 * 100 ms hands them (as RecordDto text previews) with its counters to `onBatch`.
 *
 * Invariants: the observer path does no serialization — a record is only turned into text when a
 * batch goes out, so an edge at 50,000 records/s costs one filter evaluation and one array store per
 * record; at most one batch per 100 ms; a batch goes out when records arrived or a counter changed
 * (so a rate falling to 0 is reported once); the filter is replaced only by one that compiles, and
 * then the records still buffered are those that pass it (a batch after a filter change matches it);
 * bytes/s is an estimate: records/s × the mean size of the records sent so far.
 */
import type { Diagnostic } from '../../api/diagnostic.js';
import type { RecordDto, TapBatch, TapCounters } from '../../api/dto.js';
import type { Clock, Disposable } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { compileExpression, evaluateToBoolean, type CompiledExpression } from '../expr/index.js';
import { toRecordDto, type RecordLike } from './record-dto.js';
import type { TapHandle } from './types.js';

export const TAP_INTERVAL_MS = 100;
export const DEFAULT_TAP_BATCH = 200;
/** Longest value text a tap sends per record; the inspector shows the rest on demand from the topic. */
export const TAP_PREVIEW_CHARS = 4096;
const RATE_WINDOW_MS = 1_000;

export type ObserveFn = (listener: (record: RecordLike) => void) => Disposable;

export interface TapOptions {
  observe: ObserveFn;
  filter?: string;
  maxRecordsPerBatch?: number;
  clock: Clock;
  logger: Logger;
  /** Names the tap in filter diagnostics. */
  nodeId: string;
  onBatch: (batch: Omit<TapBatch, 'tapId'>) => void;
}

/** The diagnostics of a tap filter expression (empty when it compiles). */
export function filterDiagnostics(filter: string, nodeId: string): { expression?: CompiledExpression; diagnostics: Diagnostic[] } {
  const compiled = compileExpression(filter);
  if (compiled.ok) return { expression: compiled.expression, diagnostics: [] };
  const { message, position, line, column, length } = compiled.error;
  return {
    diagnostics: [{ code: 'PIP_TAP_BAD_FILTER', severity: 'error', message: `tap filter: ${message}`, nodeId, field: 'filter', position, line, column, length }],
  };
}

export class Tap implements TapHandle {
  private readonly capacity: number;
  private ring: RecordLike[] = [];
  private next = 0;
  private filter: CompiledExpression | undefined;
  private readonly counters: TapCounters = { records: 0, recordsPerSec: 0, bytesPerSec: 0, matched: 0, dropped: 0, errors: 0 };
  private lastSent = '';
  private readonly samples: Array<{ atMs: number; records: number }> = [];
  private sentBytes = 0;
  private sentRecords = 0;
  private readonly observation: Disposable;
  private timer: Disposable | undefined;
  private disposed = false;

  constructor(private readonly options: TapOptions) {
    this.capacity = options.maxRecordsPerBatch ?? DEFAULT_TAP_BATCH;
    if (options.filter !== undefined && options.filter.trim() !== '') {
      const { expression, diagnostics } = filterDiagnostics(options.filter, options.nodeId);
      if (expression === undefined) throw Object.assign(new Error(diagnostics[0]?.message ?? 'bad filter'), { diagnostics });
      this.filter = expression;
    }
    this.observation = options.observe((record) => this.onRecord(record));
    this.schedule();
  }

  setFilter(filter: string | undefined): Diagnostic[] {
    if (filter === undefined || filter.trim() === '') {
      this.filter = undefined;
      return [];
    }
    const { expression, diagnostics } = filterDiagnostics(filter, this.options.nodeId);
    if (expression !== undefined) {
      this.filter = expression;
      this.keepBufferedMatches();
    }
    return diagnostics;
  }

  /** After a filter change: the records buffered under the old filter stay only if they pass the new one. */
  private keepBufferedMatches(): void {
    this.ring = this.buffered().filter((record) => this.passes(record));
    this.next = 0;
  }

  /** The buffered records, oldest first. */
  private buffered(): RecordLike[] {
    return this.ring.length < this.capacity ? this.ring : [...this.ring.slice(this.next), ...this.ring.slice(0, this.next)];
  }

  private passes(record: RecordLike): boolean {
    if (this.filter === undefined) return true;
    try {
      return evaluateToBoolean(this.filter, record);
    } catch {
      return false;
    }
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.observation.dispose();
    this.timer?.dispose();
  }

  private onRecord(record: RecordLike): void {
    this.counters.records++;
    if (this.filter !== undefined) {
      try {
        if (!evaluateToBoolean(this.filter, record)) return;
      } catch (error) {
        this.counters.errors++;
        if (this.counters.errors === 1) this.options.logger.warn(`tap on ${this.options.nodeId}: filter failed: ${String(error)}`);
        return;
      }
    }
    this.counters.matched++;
    if (this.ring.length < this.capacity) this.ring.push(record);
    else {
      this.ring[this.next] = record;
      this.next = (this.next + 1) % this.capacity;
      this.counters.dropped++;
    }
  }

  private schedule(): void {
    if (this.disposed) return;
    this.timer = this.options.clock.schedule(TAP_INTERVAL_MS, () => {
      try {
        this.flush();
      } catch (error) {
        this.options.logger.error(`tap on ${this.options.nodeId}: sending a batch failed`, error);
      }
      this.schedule();
    });
  }

  /** The buffered records oldest first, as DTOs; empties the ring. */
  private drain(): RecordDto[] {
    const ordered = this.buffered();
    this.ring = [];
    this.next = 0;
    return ordered.map((r) => toRecordDto(r, TAP_PREVIEW_CHARS));
  }

  private updateRates(): void {
    const now = this.options.clock.now();
    this.samples.push({ atMs: now, records: this.counters.records });
    while (this.samples.length > 2 && (this.samples[1]?.atMs ?? now) <= now - RATE_WINDOW_MS) this.samples.shift();
    const oldest = this.samples[0];
    const elapsedMs = oldest === undefined ? 0 : now - oldest.atMs;
    this.counters.recordsPerSec = elapsedMs > 0 && oldest ? Math.round(((this.counters.records - oldest.records) * 1000) / elapsedMs) : 0;
    const meanBytes = this.sentRecords === 0 ? 0 : this.sentBytes / this.sentRecords;
    this.counters.bytesPerSec = Math.round(this.counters.recordsPerSec * meanBytes);
  }

  private flush(): void {
    const records = this.drain();
    for (const r of records) {
      this.sentBytes += r.valueBytes + (r.key?.length ?? 0);
      this.sentRecords++;
    }
    this.updateRates();
    const fingerprint = JSON.stringify(this.counters);
    if (records.length === 0 && fingerprint === this.lastSent) return;
    this.lastSent = fingerprint;
    this.options.onBatch({ records, counters: { ...this.counters } });
  }
}
