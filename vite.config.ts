import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // Relative asset URLs, so the built app also works when served from a sub-path.
  base: "./",
  worker: {
    format: "es",
  },
  preview: {
    host: "127.0.0.1",
    port: 4173,
    strictPort: true,
  },
  test: {
    // Unit and property tests live beside the code; Playwright specs in e2e/ are not Vitest"s.
    include: ["src/**/*.test.ts", "src/**/*.test.tsx"],
    environment: "node",
  },
});
