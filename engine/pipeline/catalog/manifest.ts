/**
 * Node manifests: what the compiler and the studio both know about a node kind (DESIGN.md §3) —
 * its versioned kind, palette group, title, description, config schema (zod, with defaults and
 * descriptions) and its ports.
 *
 * Invariants: manifests are pure data plus total functions. Hooks that take a config (`ports`)
 * accept any value and never throw (the canvas calls them while a config is half-typed); hooks
 * typed with the parsed config (`changesKey`, `rekeyFields`) are only called with a config that
 * passed `configSchema`. No `node:*` imports: this runs in the browser too.
 */
import type { z } from 'zod';

export type PortType = 'stream' | 'table';

export const PALETTE_GROUPS = ['Sources', 'Transforms', 'Aggregate & Window', 'Joins', 'Sinks'] as const;
export type PaletteGroup = (typeof PALETTE_GROUPS)[number];

export interface PortSpec {
  name: string;
  /** What flows through the port. */
  type: PortType;
  /** Input ports only: the types it accepts (defaults to `[type]`). */
  accepts?: readonly PortType[];
  /** Input ports only: whether the node cannot run with the port unconnected (default true). */
  required?: boolean;
  /** Input ports only: whether several edges may end at the port (default false; merge allows it). */
  multiple?: boolean;
  description: string;
}

export interface NodePorts {
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
}

/** A node kind as authored: typed against its own config schema. */
export interface ManifestDefinition<S extends z.ZodType> {
  /** Dotted type without version, e.g. `source.topic`. */
  type: string;
  version: number;
  group: PaletteGroup;
  title: string;
  description: string;
  configSchema: S;
  /** Static ports, shown in the palette and used when `ports` is absent. */
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  /** Ports that depend on the config (branch outputs). Receives the raw config; must not throw. */
  ports?: (config: unknown) => NodePorts;
  /** Whether records leave with a different key than they came in with (triggers repartitions downstream). */
  changesKey?: (config: z.output<S>) => boolean;
  /** Grouping and join nodes: records are co-partitioned by key, so an upstream key change means a repartition. */
  partitionsByKey?: boolean;
  /** Config fields through which the node re-keys its own input (groupBy not `key`, leftKey…), with a reason each. */
  rekeyFields?: (config: z.output<S>) => ReadonlyArray<{ field: string; reason: string }>;
}

/** A manifest in the registry: the same, with hooks erased to take `unknown` (called after parsing). */
export interface NodeManifest {
  /** `type@version`, e.g. `source.topic@1`. */
  kind: string;
  type: string;
  version: number;
  group: PaletteGroup;
  title: string;
  description: string;
  configSchema: z.ZodType;
  inputs: readonly PortSpec[];
  outputs: readonly PortSpec[];
  /** Ports for a (possibly invalid) config; never throws. */
  portsFor: (config: unknown) => NodePorts;
  changesKey: (config: unknown) => boolean;
  partitionsByKey: boolean;
  rekeyFields: (config: unknown) => ReadonlyArray<{ field: string; reason: string }>;
  /** Sinks end a path; every other node should lead to one. */
  isSink: boolean;
}

export function defineManifest<S extends z.ZodType>(definition: ManifestDefinition<S>): NodeManifest {
  const { ports, changesKey, rekeyFields } = definition;
  const staticPorts: NodePorts = { inputs: definition.inputs, outputs: definition.outputs };
  return {
    kind: `${definition.type}@${definition.version}`,
    type: definition.type,
    version: definition.version,
    group: definition.group,
    title: definition.title,
    description: definition.description,
    configSchema: definition.configSchema,
    inputs: definition.inputs,
    outputs: definition.outputs,
    portsFor: ports === undefined ? () => staticPorts : (config) => ports(config),
    changesKey: changesKey === undefined ? () => false : (config) => changesKey(config as z.output<S>),
    partitionsByKey: definition.partitionsByKey ?? false,
    rekeyFields: rekeyFields === undefined ? () => [] : (config) => rekeyFields(config as z.output<S>),
    isSink: definition.group === 'Sinks',
  };
}

/** Whether an input port takes records of `type`. */
export const portAccepts = (port: PortSpec, type: PortType): boolean => (port.accepts ?? [port.type]).includes(type);
