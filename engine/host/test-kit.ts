/**
 * Test kit for the engine host: a host on a fresh temporary data directory with its own templates
 * folder, reached through an in-memory EngineClient, and an event recorder that waits for events
 * instead of sleeping. Everything it creates is removed by `dispose()`.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineClient } from '../api/client.js';
import type { EngineEvent, EventPayload } from '../api/contract.js';
import { EngineError } from '../api/errors.js';
import { memoryLogger } from '../util/logger.js';
import { EngineHost, type EngineHostOptions } from './engine-host.js';
import { connectInMemory } from './memory-transport.js';

export interface HostKit {
  host: EngineHost;
  client: EngineClient;
  dataDir: string;
  templatesDir: string;
  logger: ReturnType<typeof memoryLogger>;
  /** Another client of the same host. */
  connect(): EngineClient;
  dispose(): Promise<void>;
}

export async function openHostKit(options: Partial<EngineHostOptions> = {}): Promise<HostKit> {
  const root = await mkdtemp(join(tmpdir(), 'sluice-host-'));
  const dataDir = join(root, 'data');
  const templatesDir = options.templatesDir ?? join(root, 'templates');
  await mkdir(templatesDir, { recursive: true });
  const logger = memoryLogger();
  const host = await EngineHost.open({ dataDir, templatesDir, logger, checkResults: true, ...options });
  const clients: EngineClient[] = [];
  const connect = () => {
    const client = connectInMemory(host);
    clients.push(client);
    return client;
  };
  const client = connect();
  return {
    host,
    client,
    dataDir,
    templatesDir,
    logger,
    connect,
    async dispose() {
      for (const c of clients) c.close();
      await host.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export async function writeTemplate(templatesDir: string, slug: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const path = join(templatesDir, slug, name);
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(path, content);
  }
}

/** The EngineError a promise rejects with (fails the test when it resolves or throws something else). */
export async function engineError(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof EngineError) return error;
    throw new Error(`expected an EngineError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an EngineError, but the call succeeded');
}

/** Records one client's events and waits for them. */
export class EventLog<E extends EngineEvent> {
  readonly events: Array<EventPayload<E>> = [];
  private readonly waiters = new Set<() => void>();
  private readonly subscription: { dispose(): void };

  constructor(client: EngineClient, event: E) {
    this.subscription = client.on(event, (payload) => {
      this.events.push(payload);
      for (const wake of [...this.waiters]) wake();
    });
  }

  /** Resolves with the first event (recorded or future) for which `check` holds. */
  until(check: (payload: EventPayload<E>) => boolean, what: string, timeoutMs = 20_000): Promise<EventPayload<E>> {
    const found = this.events.find(check);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const wake = () => {
        const hit = this.events.find(check);
        if (hit === undefined) return;
        this.waiters.delete(wake);
        clearTimeout(timer);
        resolve(hit);
      };
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; got ${this.events.length} event(s)`));
      }, timeoutMs);
      this.waiters.add(wake);
    });
  }

  dispose(): void {
    this.subscription.dispose();
  }
}
