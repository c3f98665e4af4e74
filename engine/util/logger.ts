/**
 * A minimal structured logger. The CLI prints to stderr; tests pass a silent or capturing one.
 * Messages are plain sentences that name what they are about (topic, partition, group, client).
 */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

export function consoleLogger(prefix = 'sluice'): Logger {
  const stamp = () => new Date().toISOString();
  return {
    info: (message) => console.error(`${stamp()} INFO  [${prefix}] ${message}`),
    warn: (message) => console.error(`${stamp()} WARN  [${prefix}] ${message}`),
    error: (message, error) => console.error(`${stamp()} ERROR [${prefix}] ${message}`, error ?? ''),
  };
}

/** Collects messages; for tests that assert what was logged. */
export function memoryLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(`info ${message}`),
    warn: (message) => lines.push(`warn ${message}`),
    error: (message, error) => lines.push(`error ${message}${error instanceof Error ? `: ${error.message}` : ''}`),
  };
}
