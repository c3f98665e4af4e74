/**
 * The bottom dock: Problems (diagnostics), Records (live records of the selected edge or node,
 * through a tap; what it receives is kept as samples for code-node typing) and Topics (the embedded
 * broker's topics). Panels other than the visible one are unmounted, so a hidden record inspector
 * holds no tap.
 */
import { useEffect, useState } from 'react';
import { useEngine } from '../connection/EngineProvider.js';
import { RecordInspector, TopicBrowser } from '../panels/index.js';
import { useStudio, useStudioStore } from '../store/StoreProvider.js';
import type { DockTab } from '../store/types.js';
import { observeTaps, type ObservedClient } from './observe-taps.js';
import { ProblemsPanel } from './ProblemsPanel.js';

function TabButton({ tab, label, badge }: { tab: DockTab; label: string; badge?: number }) {
  const active = useStudio((s) => s.dockTab === tab);
  const setTab = useStudio((s) => s.setDockTab);
  return (
    <button role="tab" aria-selected={active} data-testid={`tab-${tab}`} onClick={() => setTab(tab)}>
      {label}
      {badge !== undefined && badge > 0 ? ` (${badge})` : ''}
    </button>
  );
}

function RecordsTab() {
  const client = useEngine();
  const store = useStudioStore();
  const target = useStudio((s) => s.tapTarget);
  const running = useStudio((s) => s.runState === 'running');
  // The records the inspector's taps bring also become samples that type code nodes downstream.
  const [observed, setObserved] = useState<ObservedClient | null>(null);
  useEffect(() => {
    const next = observeTaps(client, (tap, records) => store.getState().addSamples(tap, records));
    setObserved(next);
    return () => next.dispose();
  }, [client, store]);
  if (observed === null) return null;
  return <RecordInspector client={observed.client} target={target} running={running} />;
}

function TopicsTab() {
  const client = useEngine();
  return <TopicBrowser client={client} />;
}

export function Dock() {
  const tab = useStudio((s) => s.dockTab);
  const problemCount = useStudio((s) => s.diagnostics.length + s.openDiagnostics.length);
  return (
    <section className="dock" aria-label="Dock">
      <div className="dock-tabs" role="tablist">
        <TabButton tab="problems" label="Problems" badge={problemCount} />
        <TabButton tab="records" label="Records" />
        <TabButton tab="topics" label="Topics" />
      </div>
      <div className="dock-body" role="tabpanel">
        {tab === 'problems' && <ProblemsPanel />}
        {tab === 'records' && <RecordsTab />}
        {tab === 'topics' && <TopicsTab />}
      </div>
    </section>
  );
}
