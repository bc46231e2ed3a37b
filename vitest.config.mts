import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        environment: "node",
        // Pulumi's mock runtime is process-global: each test file gets its own worker process.
        pool: "forks",
        testTimeout: 30_000,
        hookTimeout: 60_000,
    },
});
