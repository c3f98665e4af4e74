/**
 * The user-function shapes of the DSL, following Kafka's functional interfaces. Where Kafka has
 * a `…WithKey` variant, the key comes last here, so `v => …` and `(v, k) => …` both fit.
 */
import type { KeyValue } from '../processor/api.js';

export type Predicate<K, V> = (key: K, value: V) => boolean;
export type KeyValueMapper<K, V, R> = (key: K, value: V) => R;
export type ValueMapper<V, VR, K = unknown> = (value: V, key: K) => VR;
export type ForeachAction<K, V> = (key: K, value: V) => void;
export type ValueJoiner<V1, V2, VR, K = unknown> = (left: V1, right: V2, key: K) => VR;
export type Initializer<A> = () => A;
export type Aggregator<K, V, A> = (key: K, value: V, aggregate: A) => A;
export type Reducer<V> = (aggregate: V, value: V) => V;
export type Merger<K, A> = (key: K, aggregate1: A, aggregate2: A) => A;
export type FlatMapper<K, V, K2, V2> = (key: K, value: V) => Iterable<KeyValue<K2, V2>>;
export type ValueFlatMapper<V, V2, K = unknown> = (value: V, key: K) => Iterable<V2>;
