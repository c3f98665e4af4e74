/**
 * The JSON Schema of `sluice.pipeline/v1` for editors: the document structure with every node
 * kind's config schema (defaults and descriptions included), one `oneOf` branch per kind.
 * Committed as `schemas/sluice.pipeline.v1.json` and kept equal by a golden test.
 */
import { z } from 'zod';
import { listManifests } from '../catalog/registry.js';
import { PIPELINE_FORMAT, pipelineEdgeSchema, positionSchema, settingsSchema, nodeIdSchema } from './schema.js';

export const PIPELINE_SCHEMA_ID = 'https://sluice.dev/schemas/sluice.pipeline.v1.json';

function documentSchemaForEditors(): z.ZodType {
  const nodes = listManifests().map((manifest) =>
    z
      .strictObject({
        id: nodeIdSchema,
        kind: z.literal(manifest.kind),
        config: manifest.configSchema,
        position: positionSchema.optional(),
      })
      .describe(`${manifest.title} (${manifest.group}): ${manifest.description}`),
  );
  const [first, ...rest] = nodes;
  if (first === undefined) throw new Error('node catalog is empty');
  return z
    .strictObject({
      format: z.literal(PIPELINE_FORMAT),
      name: z.string().min(1).describe('Pipeline name'),
      description: z.string().optional(),
      settings: settingsSchema.optional(),
      nodes: z.array(z.discriminatedUnion('kind', [first, ...rest])),
      edges: z.array(pipelineEdgeSchema),
    })
    .describe('A Sluice pipeline document');
}

/** The JSON Schema (draft 2020-12) of a pipeline document, as accepted on input (defaults optional). */
export function pipelineJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(documentSchemaForEditors(), { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return { $schema: schema.$schema, $id: PIPELINE_SCHEMA_ID, title: 'Sluice pipeline', ...schema };
}
