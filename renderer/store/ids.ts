/**
 * Node ids for new and pasted nodes: derived from the kind (`transform.filter@1` → `filter-1`),
 * numbered upward past every id already taken, never reusing one that exists.
 */

/** The readable stem of a kind: the last dotted segment of its type (`join.stream-table@2` → `stream-table`). */
export function idStem(kind: string): string {
  const type = kind.includes('@') ? kind.slice(0, kind.lastIndexOf('@')) : kind;
  const last = type.slice(type.lastIndexOf('.') + 1);
  const stem = last.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
  return stem === '' ? 'node' : stem;
}

/** `<stem>-<n>` with the smallest n ≥ 1 not in `taken`. */
export function uniqueId(stem: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${stem}-${n}`;
    if (!taken.has(id)) return id;
  }
}

/** A fresh id for a copy of `id`: its stem (numbering stripped) with the next free number. */
export function copyId(id: string, taken: ReadonlySet<string>): string {
  const stem = id.replace(/-\d+$/, '');
  return uniqueId(stem === '' ? 'node' : stem, taken);
}

/** Why `id` cannot name a node (the document schema's rules), or null. */
export function nodeIdProblem(id: string): string | null {
  if (id.trim() === '') return 'the id is empty';
  if (id !== id.trim()) return 'the id starts or ends with a space';
  if (id.length > 200) return 'the id is longer than 200 characters';
  return null;
}
