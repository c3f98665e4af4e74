/**
 * Public surface of the consumer-group coordinator (classic protocol): the coordinator, its
 * request/response types, the offset store contract and the state machine tables.
 */
export { GroupCoordinator, type GroupCoordinatorOptions } from './coordinator.js';
export * from './group-api.js';
export { MemoryOffsetStore, type CommittedOffset, type OffsetStore } from './offset-store.js';
export {
  GROUP_STATES,
  GROUP_TRANSITIONS,
  GroupErrorCode,
  REQUEST_RULES,
  canTransition,
  nextState,
  requestRule,
  type GroupEvent,
  type GroupRequestKind,
  type GroupState,
  type RequestRuleByKind,
} from './group-state.js';
