import { defineConfig } from 'vitest/config'

/**
 * `npm run test:packaging` (run by .ci/run after `npm test`): what a new user does, outside this
 * workspace. The packed tarballs installed into a fresh Payload app (install.test.ts), and the
 * README's first command on a fresh clone (freshClone.test.ts). Slow (npm installs, a Next.js
 * dev server), so not part of `npm test`.
 */
export default defineConfig({
  test: {
    name: 'packaging',
    include: ['test/packaging/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['test/globalSetup.ts'],
    pool: 'forks',
    // One at a time: each installs a full Payload app.
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
})
