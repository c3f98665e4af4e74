/**
 * The topology the observer suites tap: source `src` → filter `positive` → mapValues `times-ten` →
 * sink `sink`, with stable node names (unit suite here, broker suite in test/streams/observe.test.ts).
 */
import { Serdes, StreamsBuilder, type Topology } from '../index.js';

export function tappedTopology(): Topology {
  const S = Serdes.String();
  const I = Serdes.Int32();
  const builder = new StreamsBuilder();
  builder
    .stream<string, number>('in', { keySerde: S, valueSerde: I, name: 'src' })
    .filter((_k, v) => v > 0, { name: 'positive' })
    .mapValues((v) => v * 10, { name: 'times-ten' })
    .to('out', { keySerde: S, valueSerde: I, name: 'sink' });
  return builder.build();
}
