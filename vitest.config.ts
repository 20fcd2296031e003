import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const pluginSource = (file: string) => fileURLToPath(new URL(`./packages/payload-plugin/src/${file}`, import.meta.url))

export default defineConfig({
  resolve: {
    // The tests use the plugin from source, as the dev app does (its tsconfig paths): one copy of
    // every module, whether a test imports it by package name or by path.
    alias: [
      { find: /^@switchboard\/payload-plugin$/, replacement: pluginSource('index.ts') },
      { find: /^@switchboard\/payload-plugin\/(client|rsc|server|types)$/, replacement: pluginSource('exports/$1.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
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
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/browser/globalSetup.ts', 'test/globalSetup.ts'],
          pool: 'forks',
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'unit',
          // Pure modules of the plugin, tested next to their source.
          include: ['packages/payload-plugin/src/**/*.test.ts'],
          environment: 'node',
          // Projects that run side by side share a worker budget (Vitest requires the same maxWorkers).
          maxWorkers: 2,
        },
      },
      {
        extends: true,
        test: {
          name: 'widget',
          include: ['packages/widget/test/**/*.test.ts'],
          environment: 'happy-dom',
          // Same as the integration project: projects that run side by side share a worker budget.
          maxWorkers: 2,
        },
      },
    ],
  },
})
