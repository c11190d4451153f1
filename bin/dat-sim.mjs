#!/usr/bin/env node
// The dat-sim command: plain JavaScript built into dist/ (npm runs the build on
// `prepare` and `prepack`; in a checkout, `npm run build:lib`).
import { cli } from '../dist/cli.js';

process.exitCode = await cli(process.argv.slice(2));
