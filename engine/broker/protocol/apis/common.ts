/**
 * Value types shared by several APIs (same shape, each API keeps its own schema because Kafka
 * gives the struct different versions in each message).
 */

/** Produce v10+ / Fetch v12+ tagged `CurrentLeader`. */
export interface LeaderIdAndEpoch {
  /** -1 = unknown. */
  leaderId: number;
  /** -1 = unknown. */
  leaderEpoch: number;
}

/** Produce v10+ / Fetch v16+ tagged `NodeEndpoints`. */
export interface NodeEndpoint {
  nodeId: number;
  host: string;
  port: number;
  rack: string | null;
}
