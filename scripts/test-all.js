#!/usr/bin/env node
/**
 * `npm test`: every test of the project, one kind after another, and both always run: Jest (the unit specs
 * and the end-to-end suites against the real API, worker, PostgreSQL, Redis and SMTP), then the browser
 * journeys (`npm run test:web`: Playwright with Debian's Chromium against the built app). Exits non-zero
 * when either failed. CI asks for machine-readable reports through the environment: TEST_JEST_JSON (a file
 * for Jest's --json output) and PLAYWRIGHT_JSON_OUTPUT_NAME (read by the Playwright config's reporter).
 * Extra arguments go to Jest.
 */
'use strict';

const { spawnSync } = require('node:child_process');

const jestArgs = ['jest', '--runInBand', ...process.argv.slice(2)];
if (process.env.TEST_JEST_JSON) jestArgs.push('--json', `--outputFile=${process.env.TEST_JEST_JSON}`);

const run = (command, args) => spawnSync(command, args, { stdio: 'inherit', env: process.env }).status ?? 1;

const jest = run('npx', jestArgs);
process.stdout.write(`\n--- jest exit status: ${jest}\n`);
const web = run('npm', ['run', '-s', 'test:web']);
process.stdout.write(`--- playwright exit status: ${web}\n`);
process.exit(jest !== 0 || web !== 0 ? 1 : 0);
