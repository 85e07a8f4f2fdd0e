import { defineConfig } from '@playwright/test';
import { join } from 'node:path';

const PORT = Number(process.env.WEB_TEST_PORT ?? 3710);
export const BASE_URL = `http://127.0.0.1:${PORT}`;

/**
 * The browser suite: Debian's Chromium (Playwright's own download is not reachable) against the built app,
 * served by the real API with a real worker and an in-process SMTP server (test/web/harness/harness.cjs).
 * One worker: the journeys share one database and one mailbox.
 */
export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.pw.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 15_000 },
  outputDir: join(__dirname, '..', '..', 'test-results'),
  reporter: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ? [['list'], ['json']] : [['list']],
  use: {
    baseURL: BASE_URL,
    browserName: 'chromium',
    viewport: { width: 1280, height: 900 },
    locale: 'nl-NL',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    command: `node ${join(__dirname, 'harness', 'harness.cjs')}`,
    url: `${BASE_URL}/api/health/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
