import { defineConfig } from "@playwright/test";

// Playwright drives Debian"s Chromium (scripts/ensure-chromium.sh installs it); it never downloads a browser.
const executablePath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

// A closed network makes Chromium"s background services misbehave: switch them off.
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: "list",
  timeout: 30_000,
  use: {
    browserName: "chromium",
    headless: true,
    viewport: { width: 1280, height: 720 },
    baseURL: "http://127.0.0.1:4173",
    launchOptions: { executablePath, args: chromiumArgs },
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
  },
  // Serves the built app (the test:e2e script runs `vite build` first).
  webServer: {
    command: "npx vite preview --host 127.0.0.1 --port 4173 --strictPort",
    url: "http://127.0.0.1:4173",
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
    stdout: "ignore",
    stderr: "pipe",
  },
});
