import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30000,
    // npm test in under 90 s on 2 cores (issue 16): vitest's default is cores - 1 workers, one
    // here; the tests are mostly in-process CLI runs that wait on each other's I/O, so two workers
    // overlap them. Files share one module graph per worker (no per-file re-import of the model
    // and the CLI): no test relies on fresh module state, and modules hold caches only.
    maxWorkers: 2,
    isolate: false,
    // in-process CLI runs load the AWS SDK: its Node-version notice is not a test result
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
