/**
 * What a pipeline run drives: one StreamsRuntime in the caller's thread, or StreamThreads (several
 * worker threads). Both start, stop, report state, lag and metrics; only the runtime in this
 * thread can be observed (taps), and the threads' metrics are the snapshot the last refresh() took
 * (they live in other threads; asking is asynchronous).
 */
import type { TopicPartition } from '../../client/log-client.js';
import type { ObservedRecord } from '../../streams/runtime/observers.js';
import type { RuntimeState } from '../../streams/runtime/runtime-state.js';
import type { RuntimeMetrics, StreamsRuntime } from '../../streams/runtime/streams-runtime.js';
import type { StreamThreads } from '../../streams/threads/stream-threads.js';
import type { Disposable } from '../../util/clock.js';

export interface StreamsApp {
  readonly state: RuntimeState;
  start(): Promise<void>;
  stop(): Promise<void>;
  done(): Promise<void>;
  onStateChange(listener: (state: RuntimeState) => void): Disposable;
  lag(): Promise<Array<TopicPartition & { lag: number }>>;
  metrics(): RuntimeMetrics;
  /** Takes a fresh metrics snapshot where metrics() cannot ask synchronously. */
  refresh(): Promise<void>;
  /** How to observe a processor node's output; undefined when its records are in other threads. */
  readonly observe: ((nodeName: string, listener: (record: ObservedRecord) => void) => Disposable) | undefined;
}

export function inThisThread(runtime: StreamsRuntime): StreamsApp {
  return {
    get state() {
      return runtime.state;
    },
    start: () => runtime.start(),
    stop: () => runtime.stop(),
    done: () => runtime.done(),
    onStateChange: (listener) => runtime.onStateChange((state) => listener(state)),
    lag: () => runtime.lag(),
    metrics: () => runtime.metrics(),
    refresh: async () => undefined,
    observe: (nodeName, listener) => runtime.observe(nodeName, listener),
  };
}

export function onStreamThreads(threads: StreamThreads): StreamsApp {
  let snapshot: RuntimeMetrics = { state: threads.state, tasks: [], nodes: [], rates: [] };
  return {
    get state() {
      return threads.state;
    },
    start: () => threads.start(),
    stop: () => threads.stop(),
    done: () => threads.done(),
    onStateChange: (listener) => threads.onStateChange(listener),
    lag: () => threads.lag(),
    metrics: () => ({ ...snapshot, state: threads.state }),
    refresh: async () => {
      snapshot = await threads.metrics();
    },
    observe: undefined,
  };
}
