import { defineConfig } from "vitest/config";

export default defineConfig({
    test: {
        include: ["test/**/*.test.ts"],
        // The engine tests have a config of their own (vitest.engine.config.mts, npm run test:engine).
        exclude: ["test/**/*.engine.test.ts", "node_modules/**"],
        environment: "node",
        // Pulumi's mock runtime is process-global: each test file gets its own worker process.
        pool: "forks",
        testTimeout: 30_000,
        hookTimeout: 60_000,
    },
});
