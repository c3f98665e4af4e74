/**
 * Expression and code fields: Monaco editors (loaded on first use) inside a wrapper that carries
 * the field's test id. The code field types `record` from sample records on the node's input
 * (samples the records panel collected, or ones fetched here through a short tap while running),
 * offers a typed starter when the source is empty, and types an untyped signature on request.
 * The wrappers carry `nokey` so React Flow's key handling (Space pans) leaves the editors alone.
 */
import { lazy, Suspense, useMemo, useState } from 'react';
import type { Diagnostic, TapTarget } from '../../../engine/api/index.js';
import { useEngine } from '../../connection/EngineProvider.js';
import { annotateSignature } from '../../monaco/annotate.js';
import { CODE_STARTER } from '../../monaco/code-types.js';
import { sampleRecords } from '../../store/samples-slice.js';
import { useStudio, useStudioStore } from '../../store/StoreProvider.js';
import { describeError } from '../../app/actions.js';
import { recordTypeDeclarations } from '../infer-type.js';
import { useField } from './field-context.js';

const ExpressionEditor = lazy(() => import('../../monaco/Editors.js').then((m) => ({ default: m.ExpressionEditor })));
const CodeEditor = lazy(() => import('../../monaco/Editors.js').then((m) => ({ default: m.CodeEditor })));

const loading = <span className="editor-loading">Loading editor…</span>;

export function ExpressionField({ path, value, diagnostics, label, required }: { path: string; value: string; diagnostics: readonly Diagnostic[]; label: string; required: boolean }) {
  const { setValue } = useField();
  const theme = useStudio((s) => s.theme);
  return (
    <div className="monaco-field expression nokey" data-testid={`field-${path}`}>
      <Suspense fallback={loading}>
        <ExpressionEditor
          value={value}
          onChange={(text) => setValue(path, text === '' && !required ? undefined : text)}
          diagnostics={diagnostics}
          theme={theme}
          ariaLabel={`${label} expression`}
        />
      </Suspense>
    </div>
  );
}

const SAMPLE_TIMEOUT_MS = 5000;

/** Fetches one batch of records from the outputs feeding `nodeId` through a short-lived tap. */
function useLiveSample(nodeId: string) {
  const client = useEngine();
  const store = useStudioStore();
  const [busy, setBusy] = useState(false);
  const fetchSample = async () => {
    const { doc } = store.getState();
    const edge = doc.edges.find((e) => e.to === nodeId);
    if (edge === undefined) return;
    const target: TapTarget = edge.fromPort === undefined ? { nodeId: edge.from } : { nodeId: edge.from, port: edge.fromPort };
    setBusy(true);
    let tapId: string | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const got = new Promise<boolean>((resolve) => {
      const listener = client.on('tap.batch', (batch) => {
        if (batch.tapId !== tapId || batch.records.length === 0) return;
        store.getState().addSamples(target, batch.records);
        listener.dispose();
        resolve(true);
      });
      timer = setTimeout(() => {
        listener.dispose();
        resolve(false);
      }, SAMPLE_TIMEOUT_MS);
    });
    try {
      tapId = (await client.api['taps.subscribe']({ target, maxRecordsPerBatch: 20 })).tapId;
      if (!(await got)) store.getState().toast('warning', `No records passed "${edge.from}" within ${SAMPLE_TIMEOUT_MS / 1000} s.`);
    } catch (error) {
      store.getState().toast('error', `Sampling records failed: ${describeError(error)}`);
    } finally {
      clearTimeout(timer);
      setBusy(false);
      if (tapId !== null) client.api['taps.unsubscribe']({ tapId }).catch((error: unknown) => console.warn('sluice: tap unsubscribe failed', error));
    }
  };
  return { busy, fetchSample };
}

export function CodeField({ path, value, diagnostics }: { path: string; value: string; diagnostics: readonly Diagnostic[] }) {
  const { nodeId, setValue } = useField();
  const theme = useStudio((s) => s.theme);
  const samples = useStudio((s) => s.samples);
  const edges = useStudio((s) => s.doc.edges);
  const running = useStudio((s) => s.runState === 'running');
  const { busy, fetchSample } = useLiveSample(nodeId);
  const records = useMemo(() => sampleRecords({ samples, doc: { edges } }, nodeId), [samples, edges, nodeId]);
  const recordTypes = useMemo(() => recordTypeDeclarations(records), [records]);
  const hasInput = edges.some((e) => e.to === nodeId);
  const typed = useMemo(() => annotateSignature(value), [value]);
  return (
    <div className="code-field">
      <div className="code-toolbar">
        <span className="hint" title={recordTypes}>
          {records.length > 0 ? `record typed from ${records.length} sample(s)` : 'record not typed yet (no samples)'}
        </span>
        <span className="spacer" />
        {value.trim() === '' && (
          <button type="button" onClick={() => setValue(path, CODE_STARTER)}>
            Insert typed starter
          </button>
        )}
        {typed !== null && (
          <button type="button" data-testid="btn-type-signature" onClick={() => setValue(path, typed)} title="Annotate the transform's parameters with SluiceRecord / SluiceContext">
            Type the signature
          </button>
        )}
        <button type="button" onClick={() => void fetchSample()} disabled={!running || !hasInput || busy} title={running ? 'Tap the input edge for a few records' : 'Run the pipeline to sample its input'}>
          {busy ? 'Sampling…' : 'Sample input'}
        </button>
      </div>
      <div className="monaco-field code nokey" data-testid={`field-${path}`}>
        <Suspense fallback={loading}>
          <CodeEditor nodeId={nodeId} value={value} onChange={(text) => setValue(path, text)} diagnostics={diagnostics} recordTypes={recordTypes} theme={theme} />
        </Suspense>
      </div>
    </div>
  );
}
