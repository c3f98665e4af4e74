/**
 * The model behind the collapsible JSON view of a record value: decide whether a value text is
 * JSON, build a tree of nodes with stable paths, and flatten it into the visible rows for a set of
 * expanded paths. Rendering is the component's job; everything here is pure.
 *
 * Invariants: a node's `path` is unique in its tree (`$`, `$.a`, `$.list[0]`, `$["odd key"]`);
 * containers list at most `maxChildren` children and say how many more there are; `flattenTree`
 * emits a container's children only when its path is expanded.
 */
export type ParsedValue = { kind: 'json'; value: unknown } | { kind: 'text'; text: string } | { kind: 'null' };

/** A value text as JSON when it parses as an object or array (or a JSON scalar); otherwise text. */
export function parseRecordValue(text: string | null | undefined): ParsedValue {
  if (text === null || text === undefined) return { kind: 'null' };
  const trimmed = text.trim();
  if (trimmed === '') return { kind: 'text', text };
  const first = trimmed[0] ?? '';
  // Only try JSON where it can be JSON; `JSON.parse` of a long plain text is wasted work.
  if (!/[{["\-0-9tfn]/.test(first)) return { kind: 'text', text };
  try {
    return { kind: 'json', value: JSON.parse(trimmed) as unknown };
  } catch (error) {
    if (error instanceof SyntaxError) return { kind: 'text', text };
    throw error;
  }
}

export type JsonType = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null';

export interface JsonTreeNode {
  path: string;
  /** The property name or array index leading here; null for the root. */
  label: string | number | null;
  type: JsonType;
  /** Scalars: their JSON text; containers: `{…} 3 keys` / `[…] 2 items`. */
  preview: string;
  children?: JsonTreeNode[];
  /** Children left out of `children` (beyond `maxChildren`). */
  hiddenChildren?: number;
}

export interface BuildOptions {
  maxChildren?: number;
  maxDepth?: number;
}

export function buildJsonTree(value: unknown, options: BuildOptions = {}): JsonTreeNode {
  return build(value, '$', null, 0, { maxChildren: options.maxChildren ?? 500, maxDepth: options.maxDepth ?? 64 });
}

function build(value: unknown, path: string, label: string | number | null, depth: number, options: Required<BuildOptions>): JsonTreeNode {
  const type = typeOf(value);
  if (type !== 'object' && type !== 'array') return { path, label, type, preview: scalarText(value) };
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((item, index): [number, unknown] => [index, item])
    : Object.entries(value as Record<string, unknown>);
  const preview = type === 'array' ? `[…] ${entries.length} ${entries.length === 1 ? 'item' : 'items'}` : `{…} ${entries.length} ${entries.length === 1 ? 'key' : 'keys'}`;
  if (depth >= options.maxDepth) return { path, label, type, preview, children: [], hiddenChildren: entries.length };
  const shown = entries.slice(0, options.maxChildren);
  return {
    path,
    label,
    type,
    preview,
    children: shown.map(([key, child]) => build(child, childPath(path, key), key, depth + 1, options)),
    hiddenChildren: entries.length - shown.length,
  };
}

function typeOf(value: unknown): JsonType {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'string':
      return 'string';
    case 'number':
    case 'bigint':
      return 'number';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

function scalarText(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'bigint') return value.toString();
  return JSON.stringify(value) ?? String(value);
}

export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return /^[A-Za-z_$][\w$]*$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** The paths expanded when a tree is first shown: every container down to `depth` (root = 0). */
export function defaultExpanded(root: JsonTreeNode, depth = 1): Set<string> {
  const expanded = new Set<string>();
  const walk = (node: JsonTreeNode, level: number) => {
    if (node.children === undefined || level > depth) return;
    expanded.add(node.path);
    for (const child of node.children) walk(child, level + 1);
  };
  walk(root, 0);
  return expanded;
}

export interface JsonTreeRow {
  node: JsonTreeNode;
  depth: number;
  expandable: boolean;
  expanded: boolean;
  /** A "… N more" row after a container's shown children. */
  more?: number;
}

/** The rows to draw, in order, for the given expanded paths. */
export function flattenTree(root: JsonTreeNode, expanded: ReadonlySet<string>): JsonTreeRow[] {
  const rows: JsonTreeRow[] = [];
  const walk = (node: JsonTreeNode, depth: number) => {
    const expandable = node.children !== undefined && (node.children.length > 0 || (node.hiddenChildren ?? 0) > 0);
    const isOpen = expandable && expanded.has(node.path);
    rows.push({ node, depth, expandable, expanded: isOpen });
    if (!isOpen || node.children === undefined) return;
    for (const child of node.children) walk(child, depth + 1);
    if ((node.hiddenChildren ?? 0) > 0) rows.push({ node, depth: depth + 1, expandable: false, expanded: false, more: node.hiddenChildren ?? 0 });
  };
  walk(root, 0);
  return rows;
}

/** Toggles one path, returning a new set (React state stays immutable). */
export function togglePath(expanded: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(expanded);
  if (next.has(path)) next.delete(path);
  else next.add(path);
  return next;
}
