/** The template gallery: `templates.list` as cards (choosing one instantiates it as a new pipeline), a blank pipeline, and the workspace's saved pipelines. */
import { useEffect, useState } from 'react';
import type { TemplateSummary } from '../../engine/api/index.js';
import { useEngine } from '../connection/EngineProvider.js';
import { useStudio } from '../store/StoreProvider.js';
import { describeError } from './actions.js';
import { useActions } from './ActionsContext.js';
import { WorkspaceFiles } from './WorkspaceFiles.js';

export function TemplateGallery() {
  const client = useEngine();
  const actions = useActions();
  const close = useStudio((s) => s.setGalleryOpen);
  const [templates, setTemplates] = useState<TemplateSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    client.api['templates.list']({}).then(
      (result) => live && setTemplates(result.templates),
      (e: unknown) => live && setError(describeError(e)),
    );
    return () => {
      live = false;
    };
  }, [client]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && close(false);
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  const choose = async (slug: string) => {
    setPending(slug);
    await actions.newFromTemplate(slug);
    setPending(null);
  };

  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close(false)}>
      <div className="modal" role="dialog" aria-label="New pipeline" data-testid="template-gallery">
        <h2>New pipeline</h2>
        <WorkspaceFiles />
        <h3 className="gallery-heading">Templates</h3>
        {error !== null && <p className="sev-error">Could not list templates: {error}</p>}
        {templates === null && error === null && <p className="empty">Loading templates…</p>}
        <div className="cards">
          <button className="card" data-testid="gallery-blank" onClick={actions.newBlank} disabled={pending !== null}>
            <span className="title">Blank pipeline</span>
            <span className="desc">An empty canvas: drag nodes from the palette.</span>
          </button>
          {templates?.map((t) => (
            <button key={t.slug} className="card" data-testid={`template-${t.slug}`} onClick={() => void choose(t.slug)} disabled={pending !== null}>
              <span className="title">{pending === t.slug ? `${t.title}…` : t.title}</span>
              <span className="desc">{t.description}</span>
              <span className="chips">
                {t.kinds.map((kind) => (
                  <span key={kind} className="chip">
                    {kind}
                  </span>
                ))}
              </span>
            </button>
          ))}
        </div>
        <div className="actions">
          <button onClick={() => close(false)}>Cancel</button>
        </div>
      </div>
    </div>
  );
}
