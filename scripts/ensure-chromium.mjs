#!/usr/bin/env node
/**
 * Makes sure the browser the end-to-end tests drive is installed: Debian's
 * `chromium` package at /usr/bin/chromium (playwright-core launches it with
 * `executablePath`; `npx playwright install` cannot download anything here).
 * If it is missing, installs it with apt-get (the test machines run as root);
 * if that fails, exits 1 saying exactly what to install.
 *
 *   node scripts/ensure-chromium.mjs        # exit 0 when /usr/bin/chromium is there
 */
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export const CHROMIUM_PATH = process.env.DAT_CHROMIUM ?? '/usr/bin/chromium';

function have() {
  return existsSync(CHROMIUM_PATH);
}

function run(cmd, args) {
  process.stderr.write(`ensure-chromium: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  return r.status === 0;
}

if (have()) {
  process.exit(0);
}

process.stderr.write(`ensure-chromium: ${CHROMIUM_PATH} not found; installing Debian's chromium package\n`);
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// As root (the test machines), apt-get directly; otherwise only a password-less sudo.
const apt = (args) => (isRoot ? run('apt-get', args) : run('sudo', ['-n', 'apt-get', ...args]));
const ok = apt(['update']) && apt(['install', '-y', 'chromium']);

if (ok && have()) {
  process.stderr.write(`ensure-chromium: installed ${CHROMIUM_PATH}\n`);
  process.exit(0);
}

process.stderr.write(
  [
    '',
    'ensure-chromium: could not install Chromium automatically.',
    'The end-to-end tests (test/e2e) need the Debian/Ubuntu package "chromium" at /usr/bin/chromium.',
    'Install it as root with:',
    '',
    '    apt-get update && apt-get install -y chromium',
    '',
    '(or point DAT_CHROMIUM at another Chromium/Chrome binary.)',
    '',
  ].join('\n'),
);
process.exit(1);
