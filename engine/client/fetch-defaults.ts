/** Fetch size defaults shared by both clients: Kafka's fetch.max.bytes and max.partition.fetch.bytes. */
export const DEFAULT_FETCH_MAX_BYTES = 52_428_800;
export const DEFAULT_PARTITION_FETCH_BYTES = 1_048_576;
