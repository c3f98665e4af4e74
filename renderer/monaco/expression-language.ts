/**
 * Syntax colouring for Sluice expressions (docs/expressions.md) in Monaco: record roots, literals,
 * strings, numbers, operators and function calls. Highlighting only; the engine checks expressions
 * (`pipelines.validate`) and the inspector shows its diagnostics.
 */
import type * as Monaco from 'monaco-editor/editor/editor.api.js';

export const EXPRESSION_LANGUAGE = 'sluice-expression';

export function registerExpressionLanguage(monaco: typeof Monaco): void {
  if (monaco.languages.getLanguages().some((l) => l.id === EXPRESSION_LANGUAGE)) return;
  monaco.languages.register({ id: EXPRESSION_LANGUAGE });
  monaco.languages.setMonarchTokensProvider(EXPRESSION_LANGUAGE, {
    keywords: ['true', 'false', 'null', 'and', 'or', 'not', 'in'],
    roots: ['key', 'value', 'headers', 'timestamp', 'topic', 'partition', 'offset'],
    tokenizer: {
      root: [
        [/[a-zA-Z_][\w]*(?=\s*\()/, 'support.function'],
        [/[a-zA-Z_][\w]*/, { cases: { '@keywords': 'keyword', '@roots': 'variable.predefined', '@default': 'identifier' } }],
        [/\d+(\.\d+)?([eE][+-]?\d+)?/, 'number'],
        [/"([^"\\]|\\.)*"/, 'string'],
        [/'([^'\\]|\\.)*'/, 'string'],
        [/`([^`\\]|\\.)*`/, 'string'],
        [/[=!<>]=?|&&|\|\||\?\?|[-+*/%?:]/, 'operator'],
        [/[()[\]{}.,]/, 'delimiter'],
      ],
    },
  });
}
