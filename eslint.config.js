// ESLint flat config. Besides style and correctness, it enforces the boundaries of DESIGN.md:
// the engine never imports electron/React, streams reach the broker only through LogClient,
// the renderer imports only engine/api, and the pure codec layers do no I/O.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

const uiPackages = ['electron', 'react', 'react-dom', 'react/*', '@xyflow/*', 'zustand', 'monaco-editor'];
const ioModules = ['fs', 'node:fs', 'fs/promises', 'node:fs/promises', 'net', 'node:net', 'http', 'node:http'];

/** One `no-restricted-imports` rule from plain names and gitignore-style path groups. */
function restrict(names, groups, message) {
  return {
    'no-restricted-imports': [
      'error',
      {
        paths: names.map((name) => ({ name, message })),
        patterns: groups.map((group) => ({ group, message })),
      },
    ],
  };
}

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'coverage/', 'test-results/', '**/generated/**', '.sluice/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      'no-empty': ['error', { allowEmptyCatch: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: restrict(uiPackages, [['**/renderer/**'], ['**/electron/**']], 'The engine never imports UI or Electron code (DESIGN.md §1).'),
  },
  {
    files: ['engine/api/**/*.ts'],
    rules: restrict(uiPackages, [['../*', '!./*']], 'engine/api is the contract: it imports nothing else of the engine (DESIGN.md §2).'),
  },
  {
    files: ['engine/broker/records/**/*.ts', 'engine/broker/protocol/**/*.ts'],
    rules: restrict([...uiPackages, ...ioModules], [['**/log/**', '**/server/**']], 'Codec layers do no I/O (DESIGN.md §2).'),
  },
  {
    files: ['engine/broker/log/**/*.ts', 'engine/broker/group/**/*.ts'],
    rules: restrict([...uiPackages, 'net', 'node:net'], [['**/server/**', '**/handlers/**']], 'Storage and groups know nothing of the network (DESIGN.md §2).'),
  },
  {
    files: ['engine/streams/**/*.ts'],
    rules: restrict(uiPackages, [['**/broker/**', '**/broker']], 'Streams reach the log only through LogClient in engine/client (DESIGN.md §2).'),
  },
  {
    files: ['engine/pipeline/**/*.ts'],
    rules: restrict(uiPackages, [['**/connectors/*/**', '!**/connectors/registry*']], 'The pipeline reaches connectors only through the registry (DESIGN.md §2).'),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
      ...restrict(
        ['electron', ...ioModules],
        [['node:*'], ['**/engine/**', '!**/engine/api', '!**/engine/api/**']],
        'The renderer reaches the engine only through engine/api (DESIGN.md §1).',
      ),
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
