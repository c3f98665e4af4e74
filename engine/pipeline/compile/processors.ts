/**
 * Small Processor-API building blocks for the per-kind compilers: a processor from a function of
 * (record, context), and the expression helpers that see a record's full scope (key, value,
 * headers, timestamp). Records are forwarded as new objects; timestamps and headers pass through
 * unless a kind says otherwise.
 */
import type { ProcessorContext, ProcessorSupplier, StreamRecord } from '../../streams/index.js';
import { compileExpression, type CompiledExpression } from '../expr/index.js';

export type AnyRecord = StreamRecord<unknown, unknown>;
export type AnyContext = ProcessorContext<unknown, unknown>;
export type AnySupplier = ProcessorSupplier<unknown, unknown, unknown, unknown>;

/** A stateless processor running `fn` for every record. */
export function processorOf(fn: (r: AnyRecord, ctx: AnyContext) => void): AnySupplier {
  return () => {
    let context: AnyContext | undefined;
    return {
      init(ctx: AnyContext) {
        context = ctx;
      },
      process(r: AnyRecord) {
        if (context === undefined) throw new Error('processor used before init()');
        fn(r, context);
      },
    };
  };
}

/** An expression the validator already accepted; compiling it again cannot fail short of a bug. */
export function expressionOf(nodeId: string, field: string, source: string): CompiledExpression {
  const result = compileExpression(source);
  if (!result.ok) throw new Error(`node "${nodeId}": ${field} does not compile: ${result.error.message}`);
  return result.expression;
}
