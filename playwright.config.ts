import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * The e2e suite runs the real server (`npm start` equivalent) on a fresh data directory, so the
 * first start seeds the full catalog exactly as a newcomer's would. The runner creates the directory
 * (workers inherit it through the environment) and removes it on exit, after the server is stopped.
 * Set KAIFANG_E2E_DATA_DIR to reuse a seeded directory; it is then left in place.
 */
if (!process.env.KAIFANG_E2E_DATA_DIR) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaifang-e2e-'));
  process.env.KAIFANG_E2E_DATA_DIR = dataDir;
  process.on('exit', () => fs.rmSync(dataDir, { recursive: true, force: true }));
}
const port = Number(process.env.KAIFANG_E2E_PORT ?? 3999);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? 'line' : 'list',
  use: {
    baseURL,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  projects: [{ name: 'chromium', use: { browserName: 'chromium' } }],
  webServer: {
    command: 'node scripts/start.mjs', // npm start's own command: the compiled build (rebuilt first when a source changed)
    url: `${baseURL}/readyz`, // /healthz answers while a first start still seeds; /readyz once the portal serves
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      KAIFANG_DATA_DIR: process.env.KAIFANG_E2E_DATA_DIR,
      KAIFANG_LOG: 'info',
      // Admins always give a second factor (tests/e2e/users.ts answers it); the department roles sign in by password here.
      KAIFANG_REQUIRE_2FA: 'off',
    },
  },
});
