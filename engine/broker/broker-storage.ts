/**
 * Where the broker keeps things: a data directory on disk, or memory. Two small seams — the topic
 * metadata store and a factory of per-partition storages — let the same broker code run durably
 * (`sluice broker --data-dir`) or entirely in memory (tests, throwaway sessions).
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FileStorage, MemoryStorage, type Storage } from './log/storage.js';
import type { TopicRecord } from './topic-registry.js';

export interface MetadataStore {
  loadTopics(): Promise<TopicRecord[]>;
  saveTopics(topics: TopicRecord[]): Promise<void>;
}

export interface PartitionStorageFactory {
  open(partitionName: string): Promise<Storage>;
}

const METADATA_FILE = 'topics.json';

/** Writes `content` to `path` so that a crash leaves the old or the new file, never a mix. */
function writeFileAtomic(dir: string, name: string, content: string): void {
  const temp = join(dir, `${name}.tmp`);
  const fd = openSync(temp, 'w');
  try {
    writeSync(fd, content);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, join(dir, name));
  const dirFd = openSync(dir, 'r');
  try {
    fsyncSync(dirFd);
  } finally {
    closeSync(dirFd);
  }
}

/** A Kafka-style cluster id: 16 random bytes in URL-safe base64. */
export function randomClusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** The data directory's cluster id, created on first use. */
export function loadClusterId(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  try {
    return readFileSync(join(dataDir, 'cluster.id'), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const id = randomClusterId();
  writeFileAtomic(dataDir, 'cluster.id', `${id}\n`);
  return id;
}

export function fileMetadataStore(dataDir: string): MetadataStore {
  mkdirSync(dataDir, { recursive: true });
  return {
    async loadTopics() {
      let text: string;
      try {
        text = readFileSync(join(dataDir, METADATA_FILE), 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      const parsed = JSON.parse(text) as { format: string; topics: TopicRecord[] };
      if (parsed.format !== 'sluice.topics/v1') {
        throw new Error(`${join(dataDir, METADATA_FILE)} has unknown format "${parsed.format}"`);
      }
      return parsed.topics;
    },
    async saveTopics(topics) {
      writeFileAtomic(dataDir, METADATA_FILE, `${JSON.stringify({ format: 'sluice.topics/v1', topics }, null, 2)}\n`);
    },
  };
}

export function memoryMetadataStore(): MetadataStore {
  let saved: TopicRecord[] = [];
  return {
    loadTopics: async () => structuredClone(saved),
    saveTopics: async (topics) => void (saved = structuredClone(topics)),
  };
}

export function filePartitionStorage(dataDir: string): PartitionStorageFactory {
  return { open: async (name) => new FileStorage(join(dataDir, name)) };
}

export function memoryPartitionStorage(): PartitionStorageFactory {
  const storages = new Map<string, MemoryStorage>();
  return {
    async open(name) {
      let storage = storages.get(name);
      if (!storage) {
        storage = new MemoryStorage();
        storages.set(name, storage);
      }
      return storage;
    },
  };
}
