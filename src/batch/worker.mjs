// Worker-thread entry of the ensemble pool. Worker threads do not inherit the
// parent's tsx loader, so each registers it before importing the TypeScript.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
