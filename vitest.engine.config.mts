import { defineConfig } from "vitest/config";

// The engine tests (npm run test:engine): the real Pulumi CLI and language host from
// `npm run engine:install`, with the aws provider double. Each file builds its own sandbox.
export default defineConfig({
    test: {
        include: ["test/engine/**/*.engine.test.ts"],
        environment: "node",
        pool: "forks",
        // Two cores: engine runs are CPU-bound, so files run one at a time.
        fileParallelism: false,
        testTimeout: 300_000,
        hookTimeout: 600_000,
    },
});
