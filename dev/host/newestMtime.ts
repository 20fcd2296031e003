import { existsSync, readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/** Newest modification time under `target` (a file or a folder, recursively); 0 when missing. Decides whether a build is stale. */
export const newestMtime = (target: string): number => {
  if (!existsSync(target)) return 0
  const stat = statSync(target)
  if (!stat.isDirectory()) return stat.mtimeMs
  let newest = stat.mtimeMs
  for (const entry of readdirSync(target)) newest = Math.max(newest, newestMtime(path.join(target, entry)))
  return newest
}
