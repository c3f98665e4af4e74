/** With nothing selected: the pipeline's name, description and settings (error policy, dead-letter topic). */
import { useStudio, useStudioStore } from '../store/StoreProvider.js';

export function PipelineInspector() {
  const store = useStudioStore();
  const name = useStudio((s) => s.doc.name);
  const description = useStudio((s) => s.doc.description ?? '');
  const settings = useStudio((s) => s.doc.settings);
  const nodeCount = useStudio((s) => s.doc.nodes.length);
  const edgeCount = useStudio((s) => s.doc.edges.length);
  const set = store.getState;
  return (
    <div className="pipeline-inspector">
      <h2>Pipeline</h2>
      <div className="kind-line">
        {nodeCount} nodes · {edgeCount} edges
      </div>
      <div className="field">
        <label htmlFor="pipeline-name">name</label>
        <input id="pipeline-name" data-testid="field-pipeline-name" value={name} onChange={(e) => set().setPipelineName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pipeline-description">description</label>
        <textarea id="pipeline-description" rows={3} value={description} onChange={(e) => set().setDescription(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="pipeline-error-policy">error policy</label>
        <select
          id="pipeline-error-policy"
          value={settings?.errorPolicy ?? ''}
          onChange={(e) => set().setSettings({ ...settings, errorPolicy: e.target.value === '' ? undefined : (e.target.value as 'dead-letter' | 'fail') })}
        >
          <option value="">default (dead-letter)</option>
          <option value="dead-letter">dead-letter</option>
          <option value="fail">fail</option>
        </select>
        <div className="description">What a failing record does: go to the dead-letter topic, or stop the pipeline.</div>
      </div>
      <div className="field">
        <label htmlFor="pipeline-dlq">dead-letter topic</label>
        <input
          id="pipeline-dlq"
          value={settings?.deadLetterTopic ?? ''}
          placeholder={`${name}.dlq`}
          onChange={(e) => set().setSettings({ ...settings, deadLetterTopic: e.target.value === '' ? undefined : e.target.value })}
        />
      </div>
      <p className="hint">Select a node to edit it; drag kinds from the palette onto the canvas and connect their ports.</p>
    </div>
  );
}
