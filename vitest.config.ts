import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.{ts,tsx}'],
    // A real Docker engine's tests run apart: npm run test:docker (vitest.docker.config.ts).
    exclude: [...configDefaults.exclude, 'test/docker-real/**'],
    // No Docker engine unless a test names its own (DOCKER_HOST in a child's env, or the socket
    // a check is given): the machine's engine, which CI starts for test:docker while these run,
    // never reaches a verdict here.
    env: { DOCKER_HOST: 'unix:///nonexistent/backend-switch-test/docker.sock' },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Most files wait on servers and child processes, not on the CPU: two at a time (the
    // default here is one) halves the wall time on this 2-core machine.
    maxWorkers: 2,
    // CI lists every test by name, so its log shows the database and Redis tests ran.
    reporters: process.env.CI ? ['verbose'] : ['default'],
  },
});
