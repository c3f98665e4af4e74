/**
 * The life cycle of a StreamsRuntime, as Kafka Streams' KafkaStreams.State, written as a
 * transition table that the runtime goes through (an illegal transition is a bug and throws).
 *
 *   CREATED ──start──► REBALANCING ⇄ RUNNING
 *      │                    │  │        │
 *      └──────stop──────────┴──┴──► PENDING_SHUTDOWN ──► NOT_RUNNING
 *   any running state ──failure──► ERROR ──stop──► PENDING_SHUTDOWN
 */
export type RuntimeState = 'CREATED' | 'REBALANCING' | 'RUNNING' | 'PENDING_SHUTDOWN' | 'NOT_RUNNING' | 'ERROR';

export const RUNTIME_TRANSITIONS: Readonly<Record<RuntimeState, readonly RuntimeState[]>> = {
  CREATED: ['REBALANCING', 'PENDING_SHUTDOWN', 'ERROR'],
  REBALANCING: ['RUNNING', 'REBALANCING', 'PENDING_SHUTDOWN', 'ERROR'],
  RUNNING: ['REBALANCING', 'PENDING_SHUTDOWN', 'ERROR'],
  PENDING_SHUTDOWN: ['NOT_RUNNING'],
  NOT_RUNNING: [],
  ERROR: ['PENDING_SHUTDOWN'],
};

export function checkTransition(from: RuntimeState, to: RuntimeState): void {
  if (!RUNTIME_TRANSITIONS[from].includes(to)) throw new Error(`illegal stream runtime transition ${from} → ${to}`);
}
