/**
 * `sluice run FILE`: runs a pipeline headless until SIGINT/SIGTERM — on an embedded broker in a data
 * directory (optionally serving the Kafka protocol with --listen), or on a Kafka cluster with
 * --bootstrap, where several processes of the same pipeline share the partitions.
 */
import { parseArgs } from 'node:util';
import { EngineError } from '../api/errors.js';
import { consoleLogger } from '../util/logger.js';
import { parseHostPort } from './broker-command.js';
import type { Command } from './command.js';
import { runHeadless } from './headless-run.js';
import { loadPipelineFile } from './load-pipeline.js';

export const RUN_OPTIONS_HELP = `  --data-dir DIR          embedded broker's data directory (default ./.sluice)
  --listen HOST:PORT      also serve the Kafka protocol there, so outside clients can feed the
                          pipeline and read its output (embedded broker only)
  --bootstrap HOST:PORT   run on this Kafka cluster instead (comma-separated list allowed); several
                          processes of one pipeline share its partitions as one consumer group
  --no-datagen            do not run the pipeline's datagen sources (another instance does)
  --threads N             stream threads sharing the pipeline's tasks, one per core at most
                          (Kafka Streams' num.stream.threads; default 1)
  --progress-interval MS  how often to log records/s per node (default 5000)
  -h, --help              this help`;

const HELP = `Usage: sluice run FILE [--data-dir DIR] [--listen HOST:PORT] [--bootstrap HOST:PORT] [--threads N]

Runs a pipeline document without the studio until interrupted (SIGINT/SIGTERM stop it cleanly:
outputs flushed, input offsets committed, the consumer group left). Naming the file runs its code
nodes. Logs records/s per node every few seconds on stderr.

Options:
${RUN_OPTIONS_HELP}`;

export interface RunArgs {
  dataDir: string;
  listen?: { host: string; port: number };
  bootstrap?: Array<{ host: string; port: number }>;
  runDatagen: boolean;
  progressIntervalMs: number;
  threads: number;
  positionals: string[];
}

export function parseRunArgs(args: readonly string[]): RunArgs {
  const { values, positionals } = parseArgs({
    args: [...args],
    options: {
      'data-dir': { type: 'string', default: '.sluice' },
      listen: { type: 'string' },
      bootstrap: { type: 'string' },
      'no-datagen': { type: 'boolean', default: false },
      'progress-interval': { type: 'string', default: '5000' },
      threads: { type: 'string', default: '1' },
    },
    allowPositionals: true,
    strict: true,
  });
  const progressIntervalMs = Number(values['progress-interval']);
  if (!Number.isInteger(progressIntervalMs) || progressIntervalMs < 100) {
    throw new EngineError('CLI_BAD_OPTION', `--progress-interval expects milliseconds >= 100, got "${values['progress-interval']}"`, { domain: 'user' });
  }
  const threads = Number(values.threads);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new EngineError('CLI_BAD_OPTION', `--threads expects a whole number from 1 to 64, got "${values.threads}"`, { domain: 'user' });
  }
  if (values.bootstrap !== undefined && values.listen !== undefined) {
    throw new EngineError('CLI_BAD_OPTION', '--listen serves the embedded broker; it cannot be combined with --bootstrap', { domain: 'user' });
  }
  return {
    dataDir: values['data-dir'],
    ...(values.listen === undefined ? {} : { listen: parseHostPort(values.listen, '--listen') }),
    ...(values.bootstrap === undefined ? {} : { bootstrap: values.bootstrap.split(',').map((b) => parseHostPort(b.trim(), '--bootstrap')) }),
    runDatagen: !values['no-datagen'],
    progressIntervalMs,
    threads,
    positionals,
  };
}

export const runCommand: Command = {
  name: 'run',
  summary: 'run a pipeline headless (embedded broker or a Kafka cluster)',
  help: HELP,
  async run(args) {
    const parsed = parseRunArgs(args);
    const [file, ...extra] = parsed.positionals;
    if (file === undefined || extra.length > 0) throw new EngineError('CLI_BAD_ARGS', 'sluice run expects exactly one pipeline file', { domain: 'user' });
    const logger = consoleLogger('run');
    const doc = await loadPipelineFile(file, (line) => logger.warn(line));
    return runHeadless({ doc, ...parsed, logger, announce: (line) => console.log(line) });
  },
};
