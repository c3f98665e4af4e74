/** The shape of one `sluice` subcommand. `run` resolves to the process exit code. */
export interface Command {
  name: string;
  summary: string;
  help: string;
  run(args: readonly string[]): Promise<number>;
}
