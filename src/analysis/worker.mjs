// Worker-thread entry of `dat-sim sensitivity|stress --workers W` when running from the TypeScript
// sources (tests, tsx): worker threads do not inherit the parent's tsx loader, so it registers it
// before importing the TypeScript. The built package starts dist/analysis-worker.js instead
// (src/analysis/threads.ts).
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
