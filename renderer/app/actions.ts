/**
 * What the toolbar, gallery and shortcuts do, as plain functions over the store and the engine
 * client (no React), so each is tested against a fake engine: templates, open, download, save to
 * the workspace, run (with the trust rule of DESIGN.md §3), stop, auto-layout.
 *
 * Invariants: every failed engine call ends in one error toast naming the action and the engine's
 * message and code; nothing replaces unsaved changes without the user's confirmation.
 */
import { API_ERROR_CODES, isEngineError, type EngineClient, type PipelineDocument } from '../../engine/api/index.js';
import { estimateSize, layoutPositions, withLayout } from '../canvas/layout.js';
import { emptyDocument } from '../store/document-slice.js';
import { codeNodeIds } from '../store/file-slice.js';
import type { StudioStore } from '../store/store.js';

export interface ActionEnv {
  /** Offers `text` to the user as a file download. */
  downloadText(fileName: string, text: string): void;
  /** Asks the user a yes/no question. */
  confirm(message: string): boolean;
}

/** Whether a call failed only because the engine connection is down (the banner says so). */
export const isDisconnected = (error: unknown): boolean => isEngineError(error) && error.code === API_ERROR_CODES.disconnected;

export function describeError(error: unknown): string {
  if (isEngineError(error)) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

/** A file name for the pipeline: its name with unsafe characters replaced. */
export const fileNameFor = (doc: PipelineDocument): string => `${doc.name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'pipeline'}.sluice.json`;

const needsLayout = (doc: PipelineDocument): boolean => doc.nodes.some((n) => n.position === undefined);

export type StudioActions = ReturnType<typeof createActions>;

export function createActions(store: StudioStore, client: EngineClient, env: ActionEnv) {
  const state = () => store.getState();
  const fail = (action: string, error: unknown) => {
    state().toast('error', `${action} failed: ${describeError(error)}`);
  };
  /** For calls the studio makes by itself: a lost connection is already on the banner. */
  const failInBackground = (action: string, error: unknown) => {
    if (!isDisconnected(error)) fail(action, error);
  };
  const mayDiscard = () => !state().dirty || env.confirm('The pipeline has unsaved changes. Discard them?');
  const placed = (doc: PipelineDocument) => (needsLayout(doc) ? withLayout(doc, state().kinds) : doc);

  const actions = {
    async loadCatalog(): Promise<void> {
      try {
        const { kinds, groups } = await client.api['catalog.list']({});
        state().setCatalog(kinds, groups);
      } catch (error) {
        failInBackground('Loading the node catalog', error);
      }
    },

    async syncRunStatus(): Promise<void> {
      try {
        state().applyRunStatus(await client.api['pipelines.status']({}));
      } catch (error) {
        failInBackground('Reading the run status', error);
      }
    },

    newBlank(): void {
      if (!mayDiscard()) return;
      state().loadDocument(emptyDocument(), { origin: 'new' });
      state().setGalleryOpen(false);
    },

    async newFromTemplate(slug: string): Promise<boolean> {
      if (!mayDiscard()) return false;
      try {
        const { doc } = await client.api['templates.instantiate']({ slug });
        state().loadDocument(placed(doc), { origin: 'template' });
        state().setGalleryOpen(false);
        state().requestFit();
        return true;
      } catch (error) {
        fail(`Creating a pipeline from template "${slug}"`, error);
        return false;
      }
    },

    async openText(text: string, fileName: string): Promise<boolean> {
      if (!mayDiscard()) return false;
      try {
        const { doc, diagnostics } = await client.api['pipelines.parse']({ text });
        if (doc === undefined) {
          state().setOpenDiagnostics(diagnostics);
          state().setDockTab('problems');
          state().toast('error', `Could not open ${fileName}: ${diagnostics[0]?.message ?? 'not a pipeline document'}`);
          return false;
        }
        state().loadDocument(placed(doc), { origin: 'file', savedText: text });
        state().setOpenDiagnostics(diagnostics);
        state().requestFit();
        if (!state().trusted) state().toast('warning', `${fileName} has code nodes: they will run only after you trust the file (Run asks).`);
        return true;
      } catch (error) {
        fail(`Opening ${fileName}`, error);
        return false;
      }
    },

    async openFromWorkspace(path: string): Promise<boolean> {
      if (!mayDiscard()) return false;
      try {
        const opened = await client.api['pipelines.open']({ path });
        if (opened.doc === undefined) {
          state().setOpenDiagnostics(opened.diagnostics);
          state().setDockTab('problems');
          state().toast('error', `Could not open ${path}: ${opened.diagnostics[0]?.message ?? 'not a pipeline document'}`);
          return false;
        }
        state().loadDocument(placed(opened.doc), { origin: 'workspace', path: opened.path, savedText: opened.text });
        state().setOpenDiagnostics(opened.diagnostics);
        state().setGalleryOpen(false);
        state().requestFit();
        return true;
      } catch (error) {
        fail(`Opening ${path}`, error);
        return false;
      }
    },

    async download(): Promise<void> {
      const doc = state().doc;
      try {
        const { text } = await client.api['pipelines.serialize']({ doc });
        env.downloadText(fileNameFor(doc), text);
        state().markSaved({ text, doc });
      } catch (error) {
        fail('Saving', error);
      }
    },

    async saveToWorkspace(): Promise<void> {
      const doc = state().doc;
      const path = state().path ?? fileNameFor(doc);
      try {
        const saved = await client.api['pipelines.save']({ path, doc });
        state().markSaved({ path: saved.path, text: saved.text, doc });
        state().toast('info', `Saved to the workspace as ${saved.path}`);
      } catch (error) {
        fail('Saving to the workspace', error);
      }
    },

    async run(): Promise<void> {
      const { doc, trusted, kinds } = state();
      if (!trusted) {
        const ids = codeNodeIds(doc, kinds);
        if (ids.length > 0) {
          state().setTrustPrompt(ids);
          return;
        }
      }
      try {
        const { runId } = await client.api['pipelines.run']({ doc, trusted: true });
        state().runStarted(doc, runId);
      } catch (error) {
        fail('Run', error);
        // A pipeline the engine refuses to run usually has errors: show them.
        if (state().diagnostics.some((d) => d.severity === 'error')) state().setDockTab('problems');
      }
    },

    async trustAndRun(): Promise<void> {
      state().setTrusted(true);
      state().setTrustPrompt(null);
      await actions.run();
    },

    async stop(): Promise<void> {
      try {
        await client.api['pipelines.stop']({});
      } catch (error) {
        fail('Stop', error);
      }
    },

    autoLayout(): void {
      const { doc, kinds } = state();
      if (doc.nodes.length === 0) return;
      const byId = new Map(doc.nodes.map((n) => [n.id, n]));
      state().moveNodes(layoutPositions(doc, (id) => estimateSize(kinds[byId.get(id)?.kind ?? ''])));
      state().breakCoalescing();
      state().requestFit();
    },
  };
  return actions;
}
