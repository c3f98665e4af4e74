/**
 * `sluice` entry point: dispatches to one command module per subcommand and turns errors into
 * a one-line message on stderr and a non-zero exit code. Only commands that exist are listed.
 */
import { brokerCommand } from './broker-command.js';
import { validateCommand } from './validate-command.js';
import { runCommand } from './run-command.js';
import { exportCommand } from './export-command.js';
import { studioCommand } from './studio-command.js';
import type { Command } from './command.js';
import { isEngineError } from '../api/errors.js';

const COMMANDS: readonly Command[] = [brokerCommand, validateCommand, runCommand, exportCommand, studioCommand];

function usage(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length));
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return ['Usage: sluice <command> [options]', '', 'Commands:', ...lines, '', 'Run `sluice <command> --help` for its options.'].join('\n');
}

export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage());
    return name === undefined ? 1 : 0;
  }
  if (name === '--version' || name === '-v') {
    console.log('sluice 0.1.0');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    console.error(`sluice: unknown command "${name}"\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.help);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`sluice ${name}: ${message}`);
    return isEngineError(error) && error.domain === 'user' ? 2 : 1;
  }
}
