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
          fileParallelism: false,
        },
      },
    ],
  },
});
