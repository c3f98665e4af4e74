/** Pipeline validation: `validate(doc)` → diagnostics; never throws; browser-safe. */
export { validate } from './validate.js';
export type { Diagnostic, DiagnosticSeverity } from '../document/diagnostic.js';
export { hasErrors } from '../document/diagnostic.js';
