/**
 * Samples slice: recent records seen on tapped outputs, which the records panel adds as tap batches
 * arrive. The code editor types a code node's `record` from the samples on its input edges
 * (`sampleRecords`).
 *
 * Invariants: at most SAMPLE_LIMIT records are kept per output (the newest); a target without a port
 * and one naming the node's only port are the same output for `sampleRecords`.
 */
import type { StateCreator } from 'zustand';
import type { PipelineDocument, RecordDto, TapTarget } from '../../engine/api/index.js';
import type { SamplesSlice, StudioState } from './types.js';

export const SAMPLE_LIMIT = 50;

export const tapKey = (target: TapTarget): string => (target.port === undefined ? target.nodeId : `${target.nodeId}\u0000${target.port}`);

function parseTapKey(key: string): TapTarget {
  const at = key.indexOf('\u0000');
  return at < 0 ? { nodeId: key } : { nodeId: key.slice(0, at), port: key.slice(at + 1) };
}

export const createSamplesSlice: StateCreator<StudioState, [], [], SamplesSlice> = (set, get) => ({
  samples: {},

  addSamples(target, records) {
    if (records.length === 0) return;
    const key = tapKey(target);
    const kept = [...(get().samples[key] ?? []), ...records].slice(-SAMPLE_LIMIT);
    set({ samples: { ...get().samples, [key]: kept } });
  },
});

/** Sample records flowing into `nodeId`: those seen on the outputs its input edges come from. */
export function sampleRecords(state: { samples: StudioState['samples']; doc: Pick<PipelineDocument, 'edges'> }, nodeId: string): RecordDto[] {
  const records: RecordDto[] = [];
  const inputs = state.doc.edges.filter((edge) => edge.to === nodeId);
  if (inputs.length === 0) return records;
  for (const [key, list] of Object.entries(state.samples)) {
    const target = parseTapKey(key);
    const feeds = inputs.some(
      (edge) => edge.from === target.nodeId && (edge.fromPort === undefined || target.port === undefined || edge.fromPort === target.port),
    );
    if (feeds) records.push(...list);
  }
  return records;
}
