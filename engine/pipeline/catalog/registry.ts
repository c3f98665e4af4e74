/**
 * The node catalog: the ONE registry of node kinds that the compiler, the validator and the
 * studio's palette all read. Kinds are `type@version`; a document names a kind exactly.
 *
 * Invariants: kinds are unique; lookups never throw; suggestions for an unknown kind prefer the
 * same type at another version, then near spellings.
 */
import { PALETTE_GROUPS } from './manifest.js';
import type { NodeManifest, PaletteGroup } from './manifest.js';
import { sourceTopic } from './kinds/source-topic.js';
import { tableTopic } from './kinds/table-topic.js';
import { sourceDatagen } from './kinds/source-datagen.js';
import { transformFilter } from './kinds/transform-filter.js';
import { transformMap } from './kinds/transform-map.js';
import { transformSelectKey } from './kinds/transform-select-key.js';
import { transformFlatMap } from './kinds/transform-flat-map.js';
import { transformBranch } from './kinds/transform-branch.js';
import { transformMerge } from './kinds/transform-merge.js';
import { transformCode } from './kinds/transform-code.js';
import { aggregateWindow } from './kinds/aggregate-window.js';
import { joinStreamStream } from './kinds/join-stream-stream.js';
import { joinStreamTable } from './kinds/join-stream-table.js';
import { joinTableTable } from './kinds/join-table-table.js';
import { sinkTopic } from './kinds/sink-topic.js';

const ALL: readonly NodeManifest[] = [
  sourceTopic,
  tableTopic,
  sourceDatagen,
  transformFilter,
  transformMap,
  transformSelectKey,
  transformFlatMap,
  transformBranch,
  transformMerge,
  transformCode,
  aggregateWindow,
  joinStreamStream,
  joinStreamTable,
  joinTableTable,
  sinkTopic,
];

const BY_KIND: ReadonlyMap<string, NodeManifest> = new Map(ALL.map((manifest) => [manifest.kind, manifest]));
if (BY_KIND.size !== ALL.length) throw new Error('node catalog: duplicate kind');

/** Every manifest, in palette order. */
export const listManifests = (): readonly NodeManifest[] => ALL;

/** The manifest of `kind` (`type@version`), or undefined. */
export const getManifest = (kind: string): NodeManifest | undefined => BY_KIND.get(kind);

/** Manifests grouped for the palette, groups in their fixed order (empty groups omitted). */
export function paletteGroups(): Array<{ group: PaletteGroup; manifests: NodeManifest[] }> {
  return PALETTE_GROUPS.map((group) => ({ group, manifests: ALL.filter((m) => m.group === group) })).filter((g) => g.manifests.length > 0);
}

/** Splits `type@version`; version is undefined when absent or not a positive integer. */
export function parseKind(kind: string): { type: string; version: number | undefined } {
  const at = kind.lastIndexOf('@');
  if (at < 0) return { type: kind, version: undefined };
  const version = Number(kind.slice(at + 1));
  return { type: kind.slice(0, at), version: Number.isInteger(version) && version > 0 ? version : undefined };
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Known kinds close to an unknown one, best first (at most `limit`). */
export function suggestKinds(kind: string, limit = 3): string[] {
  const { type } = parseKind(kind.trim().toLowerCase());
  const sameType = ALL.filter((m) => m.type === type).map((m) => m.kind);
  if (sameType.length > 0) return sameType.slice(0, limit);
  const lastSegment = (t: string): string => t.slice(t.lastIndexOf('.') + 1);
  const candidates = ALL.map((m) => {
    const whole = editDistance(type, m.type);
    const tail = editDistance(lastSegment(type), lastSegment(m.type));
    return { kind: m.kind, score: Math.min(whole, tail + 1), limit: Math.max(2, Math.floor(lastSegment(m.type).length / 2)) };
  }).filter((c) => c.score <= c.limit);
  const best = Math.min(...candidates.map((c) => c.score));
  return candidates
    .filter((c) => c.score === best)
    .sort((a, b) => a.kind.localeCompare(b.kind))
    .slice(0, limit)
    .map((c) => c.kind);
}
