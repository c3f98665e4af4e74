/**
 * The pipeline's topology as a stream thread builds it: a thread cannot be sent a Topology
 * (processors are code), so each compiles the document itself through `pipelineTopology`, named
 * by `pipelineTopologySource`. The owner has already compiled it once and refused untrusted code,
 * so the threads compile exactly what the owner checked.
 */
import { fileURLToPath } from 'node:url';
import type { Topology } from '../../streams/index.js';
import type { TopologySource } from '../../streams/threads/stream-threads.js';
import { compilePipeline } from '../compile/index.js';
import type { PipelineDocument } from '../document/schema.js';
import { PipelineInvalidError } from './pipeline-invalid-error.js';

export interface PipelineTopologyArgs {
  doc: PipelineDocument;
  trusted: boolean;
  applicationId?: string;
}

export function pipelineTopology(args: PipelineTopologyArgs): Topology {
  const compiled = compilePipeline(args.doc, { trusted: args.trusted, ...(args.applicationId === undefined ? {} : { applicationId: args.applicationId }) });
  if (!compiled.ok) throw new PipelineInvalidError(compiled.diagnostics);
  return compiled.topology;
}

/**
 * Where stream threads find `pipelineTopology`: this module, named relative to the code running
 * (itself from sources; in an exported bundle, the thread-topology.mjs entry beside the chunk that
 * holds this code).
 */
export function pipelineTopologySource(args: PipelineTopologyArgs): TopologySource {
  const extension = /\.(ts|mjs|js)$/.exec(import.meta.url)?.[1] ?? 'js';
  return { module: fileURLToPath(new URL(`./thread-topology.${extension}`, import.meta.url)), exportName: 'pipelineTopology', args };
}
