import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts", "policies/**/*.test.ts"],
        // Each file gets its own Pulumi runtime state.
        isolate: true,
        pool: "forks",
        testTimeout: 120_000,
        hookTimeout: 120_000,
    },
});
