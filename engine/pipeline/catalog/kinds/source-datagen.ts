/** source.datagen@1 — generates records; its config is the datagen connector's own schema. */
import { defineManifest } from '../manifest.js';
import { datagenConfigSchema } from '../../../connectors/registry.js';

export const sourceDatagen = defineManifest({
  type: 'source.datagen',
  version: 1,
  group: 'Sources',
  title: 'Data generator',
  description: 'Generates fake records at a chosen rate, for trying pipelines out.',
  configSchema: datagenConfigSchema,
  inputs: [],
  outputs: [{ name: 'out', type: 'stream', description: 'Generated records' }],
});
