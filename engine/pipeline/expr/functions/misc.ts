/**
 * Miscellaneous functions: null handling, JSON text, headers and a functional if. coalesce and
 * if are compiled as special forms (their arguments are evaluated lazily, left to right); the
 * implementations here are the eager equivalents, used only if a caller invokes them directly.
 */
import { isBytes, jsonText, truthy } from '../values.js';
import { str, type FunctionSpec } from './types.js';

export const MISC_FUNCTIONS: FunctionSpec[] = [
  {
    name: 'coalesce',
    category: 'misc',
    signature: 'coalesce(...xs: any): any',
    doc: 'The first argument that is not null (later arguments are not evaluated), else null.',
    minArgs: 1,
    maxArgs: Infinity,
    impl: (args) => {
      for (let i = 0; i < args.length; i++) {
        const a = args[i];
        if (a !== null && a !== undefined) return a;
      }
      return null;
    },
  },
  {
    name: 'isNull',
    category: 'misc',
    signature: 'isNull(x: any): boolean',
    doc: 'True when x is null or missing.',
    minArgs: 1,
    maxArgs: 1,
    impl: ([x]) => x === null || x === undefined,
  },
  {
    name: 'json',
    category: 'misc',
    signature: 'json(x: any): string',
    doc: "JSON text of x (JSON.stringify); json(null) is 'null'.",
    minArgs: 1,
    maxArgs: 1,
    impl: ([x]) => jsonText(x),
  },
  {
    name: 'header',
    category: 'misc',
    signature: 'header(name: string): string',
    doc: 'UTF-8 text of the last header with this key; null when absent or when its value is null.',
    minArgs: 1,
    maxArgs: 1,
    impl: (args, scope) => {
      const name = str(args[0]);
      const headers = scope.headers;
      if (name === null || !Array.isArray(headers)) return null;
      for (let i = headers.length - 1; i >= 0; i--) {
        const h: unknown = headers[i];
        if (typeof h !== 'object' || h === null || (h as { key?: unknown }).key !== name) continue;
        const v = (h as { value?: unknown }).value;
        return isBytes(v) ? v.toString('utf8') : typeof v === 'string' ? v : null;
      }
      return null;
    },
  },
  {
    name: 'if',
    category: 'misc',
    signature: 'if(condition: any, then: any, else: any): any',
    doc: 'then when condition is truthy, else otherwise (only the chosen branch is evaluated).',
    minArgs: 3,
    maxArgs: 3,
    impl: (args) => (truthy(args[0]) ? args[1] : args[2]),
  },
];
