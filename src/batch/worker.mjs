// Worker-thread entry of the ensemble pool when running from the TypeScript
// sources (tests, tsx): worker threads do not inherit the parent's tsx loader,
// so each registers it before importing the TypeScript. The built package
// starts dist/worker.js instead (src/batch/pool.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
