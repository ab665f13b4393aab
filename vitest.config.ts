import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // CI lists every test by name, so its log shows the database and Redis tests ran.
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
