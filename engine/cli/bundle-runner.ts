/**
 * Entry point of an exported bundle (`sluice export FILE --out DIR` bundles this file into
 * DIR/run.mjs): runs DIR/pipeline.sluice.json with the same options and code as `sluice run`, with
 * no studio, no Electron and no Sluice checkout — `node DIR/run.mjs --bootstrap host:9092`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isEngineError } from '../api/errors.js';
import { consoleLogger } from '../util/logger.js';
import { runHeadless } from './headless-run.js';
import { loadPipelineFile } from './load-pipeline.js';
import { parseRunArgs, RUN_OPTIONS_HELP } from './run-command.js';

const HELP = `Usage: node run.mjs [--bootstrap HOST:PORT] [--data-dir DIR] [--listen HOST:PORT]

Runs the pipeline in pipeline.sluice.json (next to this file) until SIGINT/SIGTERM.

Options:
${RUN_OPTIONS_HELP}`;

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(HELP);
    return 0;
  }
  const parsed = parseRunArgs(argv);
  if (parsed.positionals.length > 0) {
    console.error(`run.mjs: unexpected argument "${parsed.positionals[0]}"\n\n${HELP}`);
    return 2;
  }
  const here = dirname(fileURLToPath(import.meta.url));
  const logger = consoleLogger('run');
  const doc = await loadPipelineFile(join(here, 'pipeline.sluice.json'), (line) => logger.warn(line));
  return runHeadless({ doc, ...parsed, logger, announce: (line) => console.log(line) });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`run.mjs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(isEngineError(error) && error.domain === 'user' ? 2 : 1);
  },
);
