// Starts a stream thread when the engine runs from its TypeScript sources: a worker does not
// inherit the tsx loader its parent registered, so this registers it in the worker and then loads
// the worker module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
