/**
 * transform.code@1 → one Processor-API processor named by the node id that runs the node's
 * sandboxed TypeScript (engine/pipeline/code).
 *
 * Choices:
 * - Compilation stays pure: the sandbox is created in the processor's init() (when a task starts),
 *   never by compilePipeline.
 * - Untrusted files: compilation succeeds (describe/export work) and the plan lists the node in
 *   `untrustedCodeNodes`; a runtime must refuse to start. If one starts anyway, init() throws
 *   CODE_NODE_UNTRUSTED, so the task cannot initialize — the code never runs.
 * - One record per runBatch call. Batching at punctuation would be faster but would report a
 *   record's failure after the task moved on, while the dead-letter policy needs the failing record
 *   to be the one being processed. Correct first; batching is future work.
 * - A record the code rejects throws CODE_NODE_RECORD_FAILED, so the task's policy applies
 *   (dead-letter with headers naming this node, or fail). A timeout fails the node: its sandbox is
 *   disposed (its state may be half-updated) and this and every later record fail with the
 *   CODE_NODE_TIMEOUT error.
 */
import { compileCodeNode, CodeNodeError, recordFailedError, type CodeNode, type CodeRecordIn, type JsonValue } from '../../code/index.js';
import type { CodeConfig } from '../../catalog/index.js';
import type { Header } from '../../../streams/index.js';
import { derive, inputStream, single, streamPort, type CompileContext, type NodeInput, type NodeOutputs } from '../context.js';
import type { AnyContext, AnyRecord, AnySupplier } from '../processors.js';

function headersIn(headers: readonly Header[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of headers) out[h.key] = h.value === null ? '' : h.value.toString('utf8');
  return out;
}

const headersOut = (headers: Record<string, string>): Header[] => Object.entries(headers).map(([key, value]) => ({ key, value: Buffer.from(value, 'utf8') }));

/** JSON-safe copy of a deserialized key or value (Buffers of bytes-formatted topics become base64 strings). */
function jsonOf(v: unknown): JsonValue {
  if (v === undefined || v === null) return null;
  if (Buffer.isBuffer(v)) return v.toString('base64');
  return JSON.parse(JSON.stringify(v)) as JsonValue;
}

function codeSupplier(nodeId: string, config: CodeConfig, trusted: boolean): AnySupplier {
  return () => {
    let context: AnyContext | undefined;
    let code: CodeNode | undefined;
    let failed: CodeNodeError | undefined;
    return {
      init(ctx: AnyContext) {
        context = ctx;
        code = compileCodeNode({ nodeId, source: config.source, timeBudgetMs: config.timeBudgetMs, trusted });
      },
      process(r: AnyRecord) {
        if (failed !== undefined) throw failed;
        if (context === undefined || code === undefined) throw new Error(`code node "${nodeId}" used before init()`);
        const meta = context.recordMetadata();
        const input: CodeRecordIn = {
          key: jsonOf(r.key),
          value: jsonOf(r.value),
          headers: headersIn(r.headers),
          timestamp: r.timestamp,
          topic: meta?.topic ?? '',
          partition: meta?.partition ?? -1,
          offset: meta?.offset ?? -1,
        };
        let results;
        try {
          results = code.runBatch([input]);
        } catch (error) {
          if (error instanceof CodeNodeError && error.code === 'CODE_NODE_TIMEOUT') {
            failed = error;
            code.dispose();
          }
          throw error;
        }
        const [result] = results;
        if (result === undefined) throw recordFailedError(nodeId, `code node "${nodeId}" returned no result`);
        if (!result.ok) throw recordFailedError(nodeId, result.error);
        for (const out of result.outputs) context.forward({ key: out.key, value: out.value, timestamp: out.timestamp, headers: headersOut(out.headers) });
      },
      close() {
        if (failed === undefined) code?.dispose();
      },
    };
  };
}

export function compileCode(ctx: CompileContext, node: NodeInput<CodeConfig>): NodeOutputs {
  ctx.plan.codeNodes.push({ nodeId: node.nodeId, timeBudgetMs: node.config.timeBudgetMs });
  if (!ctx.trusted) ctx.plan.untrustedCodeNodes.push(node.nodeId);
  const supplier = codeSupplier(node.nodeId, node.config, ctx.trusted);
  return single(streamPort(derive([inputStream(node)], node.nodeId, supplier, { repartition: true, keySerde: undefined, valueSerde: undefined })));
}
