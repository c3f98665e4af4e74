/**
 * The bootstrap: JavaScript evaluated inside a code node's vm context before any user code. It
 * evaluates to `install(takeInput, hostLog, nodeId)`, which the host calls once.
 *
 * Invariants (the sandbox's security model rests on them):
 * - Strict mode throughout, so stack-trace call sites and `.caller` never expose these functions
 *   or the host callbacks they close over.
 * - It captures the intrinsics it relies on (JSON, Object.*, Array.isArray, ...) before user code
 *   runs; user code may still patch prototypes, but that only corrupts its own node's output, which
 *   the host validates again.
 * - Only primitives cross the boundary: `takeInput()` returns the batch as a JSON string,
 *   `hostLog(level, text)` takes two strings, and `__sluice_define__` / `__sluice_run__` return one
 *   JSON string. The host never touches an object created in the context.
 * - It removes globals whose callbacks could run user code outside a timed vm call
 *   (FinalizationRegistry, WeakRef) or block (Atomics, SharedArrayBuffer), and WebAssembly.
 * - Per-record failures (a throw, a Promise, a bad shape, unserializable output) are caught here, so
 *   one bad record never loses the batch.
 *
 * Batch answer: `[{ "o": [{ "k", "v", "h"?, "t"? }, ...] } | { "e": "message" }, ...]`, one entry per
 * input record; `h`/`t` absent means "keep the input record's headers/timestamp".
 */
export const BOOTSTRAP_SOURCE = String.raw`
(function install(takeInput, hostLog, nodeId) {
  'use strict';
  const G = globalThis;
  const parse = JSON.parse;
  const stringify = JSON.stringify;
  const isArray = Array.isArray;
  const keys = Object.keys;
  const create = Object.create;
  const freeze = Object.freeze;
  const getPrototypeOf = Object.getPrototypeOf;
  const defineProperty = Object.defineProperty;
  const isFiniteNumber = Number.isFinite;
  const toString = String;
  const AsyncFunctionPrototype = getPrototypeOf(async function () {});
  const AsyncGeneratorFunctionPrototype = getPrototypeOf(async function* () {});

  for (const name of ['FinalizationRegistry', 'WeakRef', 'Atomics', 'SharedArrayBuffer', 'WebAssembly']) {
    delete G[name];
  }

  function describe(value) {
    if (typeof value === 'string') return value;
    try {
      const json = stringify(value);
      if (typeof json === 'string') return json;
    } catch (error) {
      // Not JSON (a cycle, a BigInt): fall back to String() below.
    }
    try {
      return toString(value);
    } catch (error) {
      return '[unprintable value]';
    }
  }

  function errorText(error) {
    try {
      if (error !== null && typeof error === 'object' && typeof error.message === 'string') {
        const name = typeof error.name === 'string' ? error.name : 'Error';
        return name + ': ' + error.message;
      }
      return 'threw a non-error value: ' + describe(error);
    } catch (inner) {
      return 'threw an unprintable value';
    }
  }

  function logger(level) {
    return function log(...args) {
      let text = '';
      for (let i = 0; i < args.length; i++) text += (i === 0 ? '' : ' ') + describe(args[i]);
      hostLog(level, text);
    };
  }

  const consoleObject = freeze({
    log: logger('info'), info: logger('info'), debug: logger('info'), warn: logger('warn'), error: logger('error'),
  });
  defineProperty(G, 'console', { value: consoleObject, writable: false, configurable: false, enumerable: false });
  const ctx = freeze({ nodeId: nodeId, log: logger('info') });

  let transform = null;

  function typeName(value) {
    if (value === null) return 'null';
    if (isArray(value)) return 'an array';
    if (typeof value === 'object' && typeof value.then === 'function') return 'a Promise';
    return typeof value;
  }

  function checkJsonField(value, field) {
    const type = typeof value;
    if (type === 'undefined' || type === 'function' || type === 'symbol' || type === 'bigint') {
      return field + ' must be a JSON value or a string, got ' + type;
    }
    if (type === 'number' && !isFiniteNumber(value)) return field + ' must be a finite number, got ' + toString(value);
    return null;
  }

  function checkOutput(out, where) {
    if (out === null || typeof out !== 'object' || isArray(out) || typeof out.then === 'function') {
      return where + ' must be a record object { key, value, headers?, timestamp? }, got ' + typeName(out);
    }
    if (!('key' in out)) return where + '.key is missing (use null for no key)';
    if (!('value' in out)) return where + '.value is missing (use null for a tombstone)';
    const key = out.key;
    const value = out.value;
    const problem = checkJsonField(key, where + '.key') || checkJsonField(value, where + '.value');
    if (problem !== null) return problem;
    const record = { k: key, v: value };
    const headers = out.headers;
    if (headers !== undefined) {
      if (headers === null || typeof headers !== 'object' || isArray(headers)) {
        return where + '.headers must be an object of string values, got ' + typeName(headers);
      }
      const copy = create(null);
      const names = keys(headers);
      for (let i = 0; i < names.length; i++) {
        const name = names[i];
        const header = headers[name];
        if (typeof header !== 'string') return where + '.headers[' + stringify(name) + '] must be a string, got ' + typeName(header);
        copy[name] = header;
      }
      record.h = copy;
    }
    const timestamp = out.timestamp;
    if (timestamp !== undefined) {
      if (typeof timestamp !== 'number' || !isFiniteNumber(timestamp) || timestamp < 0) {
        return where + '.timestamp must be a non-negative number of ms, got ' + (typeof timestamp === 'number' ? toString(timestamp) : typeName(timestamp));
      }
      record.t = timestamp;
    }
    return record;
  }

  function runOne(input) {
    let out;
    try {
      out = transform.call(undefined, input, ctx);
    } catch (error) {
      return { e: 'threw ' + errorText(error) };
    }
    try {
      if (out === null) return { o: [] };
      if (out === undefined) return { e: 'returned undefined (return null to drop the record)' };
      if (typeof out === 'object' && !isArray(out) && typeof out.then === 'function') {
        return { e: 'returned a Promise: the transform must be synchronous' };
      }
      if (isArray(out)) {
        const outputs = [];
        for (let i = 0; i < out.length; i++) {
          const checked = checkOutput(out[i], 'output[' + i + ']');
          if (typeof checked === 'string') return { e: checked };
          outputs[i] = checked;
        }
        return { o: outputs };
      }
      const checked = checkOutput(out, 'output');
      return typeof checked === 'string' ? { e: checked } : { o: [checked] };
    } catch (error) {
      return { e: 'returned an output that could not be read: ' + errorText(error) };
    }
  }

  function serialize(results) {
    try {
      return stringify(results);
    } catch (error) {
      // Some record's output is not JSON (a cycle, a BigInt deep inside): find it, keep the others.
      for (let i = 0; i < results.length; i++) {
        try {
          stringify(results[i]);
        } catch (inner) {
          results[i] = { e: 'returned an output that is not JSON-serializable: ' + errorText(inner) };
        }
      }
      try {
        return stringify(results);
      } catch (again) {
        return stringify({ fatal: 'output could not be serialized: ' + errorText(again) });
      }
    }
  }

  function define(factory) {
    if (transform !== null || typeof factory !== 'function') return stringify({ error: 'the module was already loaded' });
    const module = { exports: {} };
    let exported;
    try {
      factory.call(undefined, module, module.exports);
      const exports = module.exports;
      exported = exports === null || exports === undefined ? undefined : exports.default !== undefined ? exports.default : exports.transform;
    } catch (error) {
      return stringify({ error: 'its module threw while loading: ' + errorText(error) });
    }
    if (typeof exported !== 'function') {
      return stringify({
        error: exported === undefined
          ? 'no exported function: write "export default function (record, ctx) { ... }" or "export function transform(record, ctx) { ... }"'
          : 'the exported transform is not a function (got ' + typeName(exported) + ')',
      });
    }
    const proto = getPrototypeOf(exported);
    if (proto === AsyncFunctionPrototype || proto === AsyncGeneratorFunctionPrototype) {
      return stringify({ error: 'the exported transform is async: it must be synchronous and return records, not a Promise' });
    }
    transform = exported;
    return stringify({ ok: true });
  }

  function run() {
    if (transform === null) return stringify({ fatal: 'no transform is loaded' });
    const records = parse(takeInput());
    const results = [];
    for (let i = 0; i < records.length; i++) results[i] = runOne(records[i]);
    return serialize(results);
  }

  defineProperty(G, '__sluice_define__', { value: define, writable: false, configurable: false, enumerable: false });
  defineProperty(G, '__sluice_run__', { value: run, writable: false, configurable: false, enumerable: false });
})
`;

/** The script that runs one batch; its completion value is the JSON answer. */
export const RUN_SOURCE = '__sluice_run__()';

/** Wraps the transpiled module so it is handed to the bootstrap unevaluated, in strict mode. */
export function wrapModule(js: string): string {
  return `__sluice_define__(function (module, exports) {\n'use strict';\n${js}\n});`;
}
