/**
 * The inspector's Monaco editors (loaded lazily with Monaco itself): a one-line expression editor
 * and a TypeScript code editor. Both are controlled by the store's value, mark the engine's
 * diagnostics for their field in the text, and follow the studio theme.
 *
 * Invariants: the expression editor never holds a newline (Enter is swallowed unless a suggestion
 * is open; pasted newlines become spaces); each code node edits its own model
 * (`file:///nodes/<id>.ts`) so the TypeScript service checks nodes separately.
 */
import { useEffect, useState } from 'react';
import Editor, { type OnMount } from '@monaco-editor/react';
import type { Diagnostic } from '../../engine/api/index.js';
import { monaco, setRecordTypes } from './setup.js';
import { EXPRESSION_LANGUAGE } from './expression-language.js';

type StandaloneEditor = Parameters<OnMount>[0];

export interface ExpressionEditorProps {
  value: string;
  onChange(value: string): void;
  diagnostics: readonly Diagnostic[];
  theme: 'dark' | 'light';
  ariaLabel: string;
}

/** Context key set by expression editors only (see ExpressionEditor's Enter binding). */
const SINGLE_LINE_KEY = 'sluiceSingleLineEditor';

const monacoTheme = (theme: 'dark' | 'light') => (theme === 'dark' ? 'vs-dark' : 'vs');

function useMarkers(editor: StandaloneEditor | null, diagnostics: readonly Diagnostic[]) {
  useEffect(() => {
    const model = editor?.getModel();
    if (model === null || model === undefined) return;
    monaco.editor.setModelMarkers(
      model,
      'sluice',
      diagnostics.map((d) => {
        const line = d.line ?? 1;
        const column = d.column ?? 1;
        const length = Math.max(1, d.length ?? model.getLineLength(line) - column + 1);
        return {
          severity: d.severity === 'error' ? monaco.MarkerSeverity.Error : d.severity === 'warning' ? monaco.MarkerSeverity.Warning : monaco.MarkerSeverity.Info,
          message: `${d.message} (${d.code})`,
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn: column + length,
        };
      }),
    );
  }, [editor, diagnostics]);
}

export function ExpressionEditor({ value, onChange, diagnostics, theme, ariaLabel }: ExpressionEditorProps) {
  const [mounted, setMounted] = useState<StandaloneEditor | null>(null);
  const onMount: OnMount = (editor) => {
    setMounted(editor);
    // Enter accepts a suggestion when the list is open, and otherwise does nothing: one line only.
    // addCommand binds in the keybinding service all editors share, so the binding is scoped by a
    // context key only this editor sets; without it Enter would be swallowed in code editors too.
    editor.createContextKey(SINGLE_LINE_KEY, true);
    editor.addCommand(monaco.KeyCode.Enter, () => undefined, `${SINGLE_LINE_KEY} && !suggestWidgetVisible`);
  };
  useMarkers(mounted, diagnostics);
  return (
    <Editor
      height={28}
      language={EXPRESSION_LANGUAGE}
      theme={monacoTheme(theme)}
      value={value}
      onChange={(text) => onChange((text ?? '').replace(/\r?\n/g, ' '))}
      onMount={onMount}
      loading={<span className="editor-loading">Loading editor…</span>}
      options={{
        ariaLabel,
        lineNumbers: 'off',
        glyphMargin: false,
        folding: false,
        minimap: { enabled: false },
        scrollbar: { vertical: 'hidden', horizontal: 'auto', horizontalScrollbarSize: 4, alwaysConsumeMouseWheel: false },
        overviewRulerLanes: 0,
        hideCursorInOverviewRuler: true,
        renderLineHighlight: 'none',
        lineDecorationsWidth: 4,
        lineNumbersMinChars: 0,
        wordWrap: 'off',
        scrollBeyondLastLine: false,
        fixedOverflowWidgets: true,
        contextmenu: false,
        fontSize: 12,
        automaticLayout: true,
        padding: { top: 5 },
      }}
    />
  );
}

export interface CodeEditorProps {
  nodeId: string;
  value: string;
  onChange(value: string): void;
  diagnostics: readonly Diagnostic[];
  /** Declarations of SluiceKey and SluiceValue for this node's input. */
  recordTypes: string;
  theme: 'dark' | 'light';
}

export function CodeEditor({ nodeId, value, onChange, diagnostics, recordTypes, theme }: CodeEditorProps) {
  const [mounted, setMounted] = useState<StandaloneEditor | null>(null);
  useEffect(() => setRecordTypes(recordTypes), [recordTypes]);
  useMarkers(mounted, diagnostics);
  return (
    <Editor
      height={280}
      language="typescript"
      path={`file:///nodes/${encodeURIComponent(nodeId)}.ts`}
      theme={monacoTheme(theme)}
      value={value}
      onChange={(text) => onChange(text ?? '')}
      onMount={setMounted}
      loading={<span className="editor-loading">Loading editor…</span>}
      options={{
        minimap: { enabled: false },
        fontSize: 12,
        lineNumbersMinChars: 3,
        scrollBeyondLastLine: false,
        fixedOverflowWidgets: true,
        automaticLayout: true,
        tabSize: 2,
      }}
    />
  );
}
