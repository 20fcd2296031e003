import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/globalSetup.ts'],
          pool: 'forks',
          // Each file boots Payload on its own database; two at a time fits two cores.
          maxWorkers: 2,
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/globalSetup.ts'],
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'widget',
          include: ['widget/test/**/*.test.ts'],
          environment: 'happy-dom',
          // Same as the integration project: projects that run side by side share a worker budget.
          maxWorkers: 2,
        },
      },
    ],
  },
})
