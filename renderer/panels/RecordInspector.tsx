/**
 * RecordInspector: follows one node output of the running pipeline through a tap (DESIGN.md §4).
 * Records go into a bounded ring outside React state and the panel re-renders at most about ten
 * times a second, whatever the edge's rate; the table is virtualized. Pause freezes the table while
 * still counting; the filter runs in the engine (taps.setFilter), its errors shown inline.
 *
 * Invariants: exactly one tap is subscribed while a target is set and the pipeline runs, and none
 * after unmount; records shown always belong to the current target (the ring is cleared when the
 * target changes, a new run starts, or a new filter is accepted).
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { Diagnostic, EngineClient, RecordDto, TapTarget } from '../../engine/api/index.js';
import { formatCount, formatRate } from './format.js';
import { createFrameThrottle, type FrameThrottle } from './frame-throttle.js';
import { RecordDetail } from './RecordDetail.js';
import { RecordTable } from './RecordTable.js';
import { TapFeed } from './tap-feed.js';
import { TapFilterInput } from './TapFilterInput.js';
import { TapSession } from './tap-session.js';

export interface RecordInspectorProps {
  client: EngineClient;
  target: TapTarget | null;
  running: boolean;
}

/** Records per tap batch (batches come at most every 100 ms): up to 5,000 records/s reach the table. */
const MAX_RECORDS_PER_BATCH = 500;
/** At most ten renders a second. */
const RENDER_INTERVAL_MS = 100;

export function RecordInspector({ client, target, running }: RecordInspectorProps) {
  const [feed] = useState(() => new TapFeed());
  const [, setFrame] = useState(0);
  const [selected, setSelected] = useState<RecordDto | null>(null);
  const [activeFilter, setActiveFilter] = useState('');
  const [tapError, setTapError] = useState<string | null>(null);
  const [session, setSession] = useState<TapSession | null>(null);
  const throttle = useRef<FrameThrottle | null>(null);
  const activeFilterRef = useRef('');
  const lastKey = useRef('');

  const renderNow = useCallback(() => setFrame((n) => n + 1), []);
  const renderSoon = useCallback(() => throttle.current?.schedule(), []);

  useEffect(() => {
    const created = createFrameThrottle(() => setFrame((n) => n + 1), RENDER_INTERVAL_MS);
    throttle.current = created;
    return () => {
      created.dispose();
      throttle.current = null;
    };
  }, []);

  const nodeId = target?.nodeId;
  const port = target?.port;
  useEffect(() => {
    const key = nodeId === undefined ? '' : `${nodeId}\u0000${port ?? ''}`;
    if (key !== lastKey.current || running) {
      feed.reset();
      setSelected(null);
    }
    lastKey.current = key;
    setTapError(null);
    renderNow();
    if (nodeId === undefined || !running) return undefined;
    const opened = new TapSession(client, {
      target: port === undefined ? { nodeId } : { nodeId, port },
      filter: activeFilterRef.current,
      maxRecordsPerBatch: MAX_RECORDS_PER_BATCH,
      onBatch: (batch) => {
        feed.accept(batch);
        renderSoon();
      },
      onError: (error) => setTapError(`Cannot follow ${nodeId}${port === undefined ? '' : `.${port}`}: ${error instanceof Error ? error.message : String(error)}`),
    });
    setSession(opened);
    return () => {
      opened.dispose();
      setSession((current) => (current === opened ? null : current));
    };
  }, [client, nodeId, port, running, feed, renderNow, renderSoon]);

  const applyFilter = useCallback(
    async (text: string): Promise<Diagnostic[]> => {
      if (session === null) return [];
      const diagnostics = await session.setFilter(text);
      if (!diagnostics.some((d) => d.severity === 'error')) {
        activeFilterRef.current = text.trim();
        setActiveFilter(text.trim());
        feed.reset();
        setSelected(null);
        renderNow();
      }
      return diagnostics;
    },
    [session, feed, renderNow],
  );

  const togglePause = () => {
    if (feed.paused) feed.resume();
    else feed.pause();
    renderNow();
  };

  if (target === null) {
    return (
      <section className="sl-panel" data-testid="record-inspector">
        <div className="sl-empty">Select an edge or a node on the canvas to see its records.</div>
      </section>
    );
  }

  const rows = feed.rows();
  const counters = feed.counters;
  const targetLabel = `${target.nodeId}${target.port === undefined ? '' : `.${target.port}`}`;
  const empty = !running ? 'Run the pipeline to see records.' : feed.paused ? 'Paused.' : `Waiting for records from ${targetLabel}…`;
  return (
    <section className="sl-panel" data-testid="record-inspector">
      <div className="sl-toolbar">
        <strong title="The node output being followed">{targetLabel}</strong>
        {feed.paused ? (
          <button type="button" data-testid="btn-resume" onClick={togglePause}>
            ▶ Resume
          </button>
        ) : (
          <button type="button" data-testid="btn-pause" onClick={togglePause} disabled={!running}>
            ❚❚ Pause
          </button>
        )}
        {feed.paused ? <span className="sl-paused">paused — {formatCount(feed.newWhilePaused)} new</span> : null}
        <span className="sl-grow" />
        <span className="sl-stat" data-testid="tap-rate" title="Records and bytes per second through this output">
          {counters === undefined || !running ? '— rec/s' : formatRate(counters.recordsPerSec, counters.bytesPerSec)}
        </span>
        <span className="sl-stat" data-testid="tap-total" title="Records seen on this output since the tap opened">
          {formatCount(counters?.records ?? 0)} records{activeFilter === '' ? '' : ` · ${formatCount(counters?.matched ?? 0)} matched`}
        </span>
        <span className="sl-stat sl-muted" data-testid="tap-dropped" title="Seen by the engine but not sent to the studio (over the per-batch budget)">
          {formatCount(counters?.dropped ?? 0)} dropped
        </span>
        {(counters?.errors ?? 0) > 0 ? <span className="sl-stat sl-error">{formatCount(counters?.errors ?? 0)} errors</span> : null}
        {!running && rows.length > 0 ? <span className="sl-muted">stopped — the last records</span> : null}
      </div>
      <div className="sl-toolbar">
        <TapFilterInput key={targetLabel} active={activeFilter} disabled={!running || session === null} apply={applyFilter} />
      </div>
      {tapError === null ? null : (
        <div className="sl-error" role="alert">
          {tapError}
        </div>
      )}
      <div className="sl-split">
        <div className="sl-table-wrap">
          <RecordTable records={rows} selected={selected} onSelect={setSelected} testId="records-table" rowTestId="record-row" empty={empty} />
        </div>
        {selected === null ? null : <RecordDetail record={selected} onClose={() => setSelected(null)} />}
      </div>
    </section>
  );
}
