/**
 * What every generated field of one node's form needs: the node id, which config paths are
 * expressions or code (catalog `expressionFields`/`codeFields`, `[]` for array items), the node's
 * diagnostics and the setter writing into the store.
 */
import { createContext, useContext } from 'react';
import type { Diagnostic } from '../../../engine/api/index.js';

export interface FieldContextValue {
  nodeId: string;
  expressionPaths: ReadonlySet<string>;
  codePaths: ReadonlySet<string>;
  diagnostics: readonly Diagnostic[];
  setValue(path: string, value: unknown): void;
}

export const FieldContext = createContext<FieldContextValue | null>(null);

export function useField(): FieldContextValue {
  const value = useContext(FieldContext);
  if (value === null) throw new Error('a schema field outside <FieldContext>');
  return value;
}

/** Diagnostics about exactly this config path. */
export const diagnosticsAt = (diagnostics: readonly Diagnostic[], path: string): Diagnostic[] => diagnostics.filter((d) => d.field === path);
