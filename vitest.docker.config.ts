import { defineConfig } from 'vitest/config';

// `npm run test:docker`: the end-to-end tests on a real Docker engine (test/docker-real/).
// The global setup prepares the engine with scripts/docker-engine.sh (and stops afterwards a
// dockerd that it started itself); an engine that cannot start fails the run, never skips it.
export default defineConfig({
  test: {
    include: ['test/docker-real/**/*.test.ts'],
    globalSetup: ['test/docker-real/engine-setup.ts'],
    // Builds, container starts and whole switches: minutes, not seconds.
    testTimeout: 240_000,
    hookTimeout: 600_000,
    // One stack at a time: both files build the same images and a 2-core machine runs one build well.
    fileParallelism: false,
    reporters: ['verbose'],
  },
});
