import { defineConfig } from 'vitest/config';

// One config for the web app (Vite) and the tests (Vitest).
// The app lives in web/; `npm start` serves it, `npm run build` writes web/dist/
// (dist/ at the root is the npm package, built by `npm run build:lib`).
export default defineConfig({
  root: 'web',
  base: './',
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  worker: { format: 'es' },
  server: { port: 5173, host: '127.0.0.1', fs: { allow: ['..'] } },
  preview: { port: 4173, host: '127.0.0.1' },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          environment: 'node',
          testTimeout: 60_000,
          // The CLI tests run bin/dat-sim.mjs, which loads the built package (dist/).
          globalSetup: ['test/setup/build-lib.ts'],
          // One worker per core (Vitest's default leaves one core idle), and each worker keeps
          // its modules from file to file: importing the engine, zod and mathjs again for every
          // file took about a quarter of this project's time. No test file depends on a fresh module
          // state (they pass in either setting). First, then the browser tests alone.
          maxWorkers: '100%',
          isolate: false,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One file at a time, after the unit project: each drives Chromium, which keeps both
          // cores busy, and some checks time the page's responsiveness.
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
