/**
 * KStream#split() (Kafka's BranchedKStream, KIP-418): a record goes to the first branch whose
 * predicate matches, else to the default branch if there is one, else nowhere. Branch names are
 * `<splitter name><branch name or 1-based index>` (the default branch's index is 0), e.g.
 * KSTREAM-BRANCH-00000000011; the returned map is keyed by them.
 */
import { branchSupplier, passThroughSupplier } from '../processors/stateless.js';
import type { Predicate } from './functions.js';
import { KStream } from './kstream.js';
import type { Branched, Named } from './options.js';

export class BranchedKStream<K, V> {
  private readonly predicates: Predicate<K, V>[] = [];
  private readonly childNames: string[] = [];
  private readonly outputs = new Map<string, KStream<K, V>>();
  private readonly splitterName: string;

  constructor(
    private readonly source: KStream<K, V>,
    named?: Named,
  ) {
    const b = source.builder;
    this.splitterName = b.nameOr(named?.name, 'KSTREAM-BRANCH-');
    b.topology.addProcessor(this.splitterName, branchSupplier(this.predicates, this.childNames), source.name);
  }

  branch(predicate: Predicate<K, V>, branched: Branched<K, V> = {}): this {
    this.predicates.push(predicate);
    this.createBranch(branched, this.predicates.length);
    return this;
  }

  defaultBranch(branched: Branched<K, V> = {}): Map<string, KStream<K, V>> {
    this.createBranch(branched, 0);
    return this.outputs;
  }

  noDefaultBranch(): Map<string, KStream<K, V>> {
    return this.outputs;
  }

  private createBranch(branched: Branched<K, V>, index: number): void {
    const b = this.source.builder;
    const childName = this.splitterName + (branched.name ?? String(index));
    this.childNames.push(childName);
    b.newProcessorName(childName);
    b.topology.addProcessor(childName, passThroughSupplier(), this.splitterName);
    const s = this.source;
    const branch = new KStream<K, V>(b, childName, s.keySerde, s.valueSerde, s.sourceNodes, s.repartitionRequired);
    if (branched.chain) {
      const result = branched.chain(branch);
      if (result) this.outputs.set(childName, result);
    } else if (branched.consumer) {
      branched.consumer(branch);
    } else {
      this.outputs.set(childName, branch);
    }
  }
}
