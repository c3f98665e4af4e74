/**
 * The architectural boundaries of DESIGN.md are lint rules; this proves they bite: each forbidden
 * import below must be reported, and the allowed ones must pass.
 */
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('boundary lint rules', () => {
  it.each([
    ['engine/broker/x.ts', "import 'electron';"],
    ['engine/pipeline/x.ts', "import React from 'react';\nexport default React;"],
    ['engine/streams/x.ts', "import { Broker } from '../broker/broker.js';\nexport { Broker };"],
    ['engine/api/x.ts', "import { Broker } from '../broker/broker.js';\nexport { Broker };"],
    ['engine/broker/records/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };"],
    ['engine/broker/log/x.ts', "import { createServer } from 'node:net';\nexport { createServer };"],
    ['engine/pipeline/x.ts', "import { source } from '../connectors/topic/source.js';\nexport { source };"],
    ['renderer/x.ts', "import { Broker } from '../engine/broker/broker.js';\nexport { Broker };"],
    ['renderer/x.ts', "import { readFileSync } from 'node:fs';\nexport { readFileSync };"],
  ])('%s may not: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).not.toEqual([]);
  });

  it.each([
    ['engine/streams/x.ts', "import type { Clock } from '../util/clock.js';\nexport type { Clock };"],
    ['renderer/x.ts', "import type { EngineError } from '../engine/api/errors.js';\nexport type { EngineError };"],
    ['engine/pipeline/x.ts', "import { connectors } from '../connectors/registry.js';\nexport { connectors };"],
  ])('%s may: %s', async (file, code) => {
    expect(await restrictedImports(file, code)).toEqual([]);
  });
});
