import { defineConfig } from "vitest/config";

/** The PostgreSQL ground-truth oracle (npm run oracle): slow, needs a server and ../shared/corpora. */
export default defineConfig({
  test: {
    include: ["oracle/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 120_000,
  },
});
