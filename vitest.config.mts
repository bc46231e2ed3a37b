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
        // The AWS SDK warns once per process that its releases after early January 2027 need Node 22;
        // with a process per test file (and spawned CLIs) that is dozens of copies hiding real output.
        // The supported versions are stated in the README, not repeated by every worker.
        env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
        hookTimeout: 60_000,
    },
});
