// The Playwright Test twin of the suite's UI tests (bench/README.md). Run by bench/compare.py, which sets:
//   ECRM_BASE_URL        the e-CRM under test (the one both sides of the comparison run against)
//   ECRM_BENCH_CHROMIUM  the browser the suite resolves (suite.server.browser), so both sides drive the same build
//   ECRM_BENCH_CHROMIUM_ARGS  its launch arguments, as a JSON list
// By hand: ECRM_BASE_URL=http://127.0.0.1:8000 npx --no-install playwright test --config bench/playwright.config.ts
import { defineConfig } from '@playwright/test';

import { newRunId } from './playwright/data';

const baseURL = process.env.ECRM_BASE_URL;
if (!baseURL) throw new Error('ECRM_BASE_URL is not set: the address of the e-CRM to run against');
// One run id for the run's data (suite.data.keys): set here, in the runner, and inherited by every worker.
process.env.ECRM_RUN_ID ??= newRunId();

const executablePath = process.env.ECRM_BENCH_CHROMIUM || undefined;
const args: string[] = JSON.parse(process.env.ECRM_BENCH_CHROMIUM_ARGS || '[]');

export default defineConfig({
  testDir: './playwright',
  testMatch: '*.spec.ts',
  outputDir: '../reports/bench/node/test-results',
  fullyParallel: true, // every test to the next free worker, as pytest-xdist's load scheduling does
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: 'line',
  use: {
    baseURL: baseURL.replace(/\/$/, ''),
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    viewport: { width: 1280, height: 800 },
    actionTimeout: 10_000,
    // As the suite records its traces (fixtures/browser.py TRACE_OPTIONS): DOM snapshots and sources, no screencast.
    trace: { mode: 'retain-on-failure', screenshots: false, snapshots: true, sources: true },
    screenshot: 'off',
    video: 'off',
    launchOptions: { executablePath, args },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
});
