/**
 * The studio store's shape: one zustand store (one per open pipeline window) made of slices —
 * document, history, selection, diagnostics, file, run, ui and samples. Each slice file owns its
 * fields and actions; this file only declares them so slices can call each other through `get()`.
 *
 * Invariants: the document is immutable data (every change makes new objects along the changed
 * path, so unchanged nodes keep their identity and memoized components skip them); every document
 * change goes through `commit` (history, dirty mark, validation version).
 */
import type {
  Diagnostic,
  NodeKindDto,
  NodeRunStats,
  PipelineDocument,
  PipelinePosition,
  PipelineSettings,
  RecordDto,
  RunState,
  RunStatus,
  TapTarget,
  ValidationResult,
} from '../../engine/api/index.js';
import type { Connection } from './graph.js';

export type Result = { ok: true } | { ok: false; reason: string };

export interface CommitOptions {
  /** Consecutive commits with the same key (and within the coalescing window) make one undo step. */
  coalesce?: string;
  /** Only positions changed: no new validation is needed. */
  layoutOnly?: boolean;
}

export interface DocumentSlice {
  doc: PipelineDocument;
  /** Node kinds from `catalog.list`, by kind. */
  kinds: Record<string, NodeKindDto>;
  /** Kinds in palette order. */
  kindList: NodeKindDto[];
  paletteGroups: string[];
  /** Bumped on every change that is not only layout; validation follows it. */
  structureVersion: number;
  setCatalog(kinds: NodeKindDto[], groups: string[]): void;
  /** Adds a node of `kind` with its default config; returns its id, or a reason. */
  addNode(kind: string, position: PipelinePosition): { ok: true; id: string } | { ok: false; reason: string };
  moveNodes(positions: Readonly<Record<string, PipelinePosition>>, options?: { coalesce?: string }): void;
  removeNodes(ids: readonly string[]): void;
  removeEdges(edgeIds: readonly string[]): void;
  /** Why the connection is refused, or null. */
  connectionProblem(connection: Connection): string | null;
  connect(connection: Connection): Result;
  setConfigValue(nodeId: string, path: string, value: unknown): void;
  renameNode(oldId: string, newId: string): Result;
  setPipelineName(name: string): void;
  setDescription(description: string): void;
  setSettings(settings: PipelineSettings): void;
}

export interface HistorySlice {
  past: PipelineDocument[];
  future: PipelineDocument[];
  lastCoalesce: { key: string; atMs: number } | null;
  /** Replaces the document, recording the previous one for undo. */
  commit(next: PipelineDocument, options?: CommitOptions): void;
  /** Ends coalescing (a drag or an edit of one field is over). */
  breakCoalescing(): void;
  undo(): void;
  redo(): void;
}

export interface ClipboardContent {
  nodes: PipelineDocument['nodes'];
  edges: PipelineDocument['edges'];
}

export interface SelectionSlice {
  selectedNodeIds: string[];
  selectedEdgeIds: string[];
  clipboard: ClipboardContent | null;
  pasteCount: number;
  /** What the record inspector taps: the selected edge's upstream port, or the one selected node. */
  tapTarget: TapTarget | null;
  select(nodeIds: readonly string[], edgeIds: readonly string[]): void;
  selectAll(): void;
  clearSelection(): void;
  copySelection(): number;
  paste(): string[];
  deleteSelection(): void;
}

export interface DiagnosticsSlice {
  validation: ValidationResult | null;
  /** The structureVersion the validation belongs to. */
  validatedVersion: number;
  diagnostics: Diagnostic[];
  diagnosticsByNode: Record<string, Diagnostic[]>;
  /** Diagnostics about an edge (`edgeIndex`), by edge id, when the validated document is the open one. */
  diagnosticsByEdge: Record<string, Diagnostic[]>;
  /** Problems of the last file that failed to open (no document came of it). */
  openDiagnostics: Diagnostic[];
  setValidation(result: ValidationResult, version: number): void;
  setOpenDiagnostics(diagnostics: Diagnostic[]): void;
}

export type DocumentOrigin = 'new' | 'template' | 'file' | 'workspace';

export interface FileSlice {
  /** Workspace path of the document, once saved to or opened from the workspace. */
  path: string | null;
  origin: DocumentOrigin;
  /** Whether code nodes may run: documents made in this session, or opened and trusted by the user. */
  trusted: boolean;
  savedFingerprint: string;
  /** The engine's serialized text at the last save or open. */
  savedText: string | null;
  dirty: boolean;
  /** Replaces the document (new, template, opened file): clears history, selection and run stats. */
  loadDocument(doc: PipelineDocument, options: { origin: DocumentOrigin; path?: string | null; savedText?: string | null; clean?: boolean }): void;
  markSaved(options: { path?: string | null; text: string; doc: PipelineDocument }): void;
  setTrusted(trusted: boolean): void;
}

export interface RunSlice {
  runState: RunState;
  runId: string | null;
  runError: RunStatus['error'] | null;
  nodeStats: Record<string, NodeRunStats>;
  edgeRates: Record<string, number>;
  /** The document the engine runs (edge indexes of run.status refer to it), when this window started the run. */
  runDoc: PipelineDocument | null;
  /** Whether the run's counters belong on the open document (not another pipeline's run). */
  runIsOpenDocument: boolean;
  runStarted(doc: PipelineDocument, runId: string): void;
  applyRunStatus(status: RunStatus): void;
}

export type Theme = 'dark' | 'light';
export type DockTab = 'problems' | 'records' | 'topics';
export type ToastKind = 'error' | 'info' | 'warning';

export interface Toast {
  id: number;
  kind: ToastKind;
  message: string;
}

export interface UiSlice {
  theme: Theme;
  toasts: Toast[];
  dockTab: DockTab;
  galleryOpen: boolean;
  /** A node the canvas should centre on, with a nonce so the same node can be asked again. */
  focusRequest: { nodeId: string; nonce: number } | null;
  /** Bumped to ask the canvas to fit the whole pipeline in view. */
  fitRequest: number;
  /** Code node ids of an untrusted document the user asked to run: the trust prompt is open. */
  trustPrompt: string[] | null;
  setTheme(theme: Theme): void;
  toggleTheme(): void;
  toast(kind: ToastKind, message: string): number;
  dismissToast(id: number): void;
  setDockTab(tab: DockTab): void;
  setGalleryOpen(open: boolean): void;
  focusNode(nodeId: string): void;
  requestFit(): void;
  setTrustPrompt(codeNodeIds: string[] | null): void;
}

export interface SamplesSlice {
  /** Recent records per tapped output, keyed by `tapKey(target)`. */
  samples: Record<string, RecordDto[]>;
  /** Keeps the newest records seen on a tap (the records panel fills this). */
  addSamples(target: TapTarget, records: readonly RecordDto[]): void;
}

export type StudioState = DocumentSlice & HistorySlice & SelectionSlice & DiagnosticsSlice & FileSlice & RunSlice & UiSlice & SamplesSlice;

/** What the store needs from its surroundings (injected so tests run without a browser). */
export interface StudioDeps {
  now(): number;
  storage: Pick<Storage, 'getItem' | 'setItem'> | null;
}
