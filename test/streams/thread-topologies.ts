/**
 * Topology builders of the runtime suites, in a module that stream threads can import by module
 * and export name (a thread cannot be sent a Topology): the shared runtime-suite topologies, and
 * one whose processor fails on a marker.
 */
import { Serdes, StreamsBuilder, type Topology } from '../../engine/streams/index.js';

export { countTopology, windowAndJoinTopology } from './runtime-support.js';

const S = Serdes.String();

/** Copies `events` to `copies`; throws on the value `boom` (for the error policy `fail`). */
export function failOnBoom(): Topology {
  const builder = new StreamsBuilder();
  builder
    .stream<string, string>('events', { keySerde: S, valueSerde: S })
    .mapValues((value) => {
      if (value === 'boom') throw new Error('boom is not a value this pipeline accepts');
      return value;
    })
    .to('copies', { keySerde: S, valueSerde: S });
  return builder.build();
}

export function notATopology(): unknown {
  return { nodes: [] };
}
