import type { Payload } from 'payload'

import { readFile } from 'node:fs/promises'

/** Clock ticks per second of /proc/<pid>/stat's utime and stime (USER_HZ, 100 on Linux). */
const ticksPerSecond = 100

const cpuMsOf = async (pid: number): Promise<number | undefined> => {
  // A remote server's pids mean nothing here: only local postgres processes count.
  if ((await readFile(`/proc/${pid}/comm`, 'utf8').catch(() => '')).trim() !== 'postgres') return undefined
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined)
  // Fields after the command name (which may hold spaces): state is the first, utime the 12th, stime the 13th.
  const fields = stat?.slice(stat.lastIndexOf(') ') + 2).split(' ')
  return fields ? ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond : undefined
}

/**
 * CPU time the database's server processes spend, read from /proc: unlike wall time it hardly
 * moves when other work shares the machine, so it compares write paths on a busy host too.
 * `start()` returns `stop()`, which gives the milliseconds spent in between by the backends of
 * this database, or undefined when the server is not local (no /proc entries to read).
 */
export const backendCpu = async (payload: Payload) => {
  const sample = async () => {
    const { rows } = await payload.db.pool.query<{ pid: number }>('select pid from pg_stat_activity where datname = current_database()')
    const times = await Promise.all(rows.map(async ({ pid }) => [pid, await cpuMsOf(pid)] as const))
    return new Map(times.filter((entry): entry is readonly [number, number] => entry[1] !== undefined))
  }
  const before = await sample()
  return async (): Promise<number | undefined> => {
    const after = await sample()
    if (!after.size) return undefined
    // A backend started in between spent all of its time in between.
    return [...after].reduce((sum, [pid, ms]) => sum + ms - (before.get(pid) ?? 0), 0)
  }
}
