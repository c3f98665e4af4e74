#!/usr/bin/env node
// The `sluice` command. Runs the TypeScript sources through tsx's loader, so a fresh clone needs
// no build step; the headless bundle made by `sluice export` is plain JavaScript instead.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../engine/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
