import type { Payload } from 'payload'

import os from 'node:os'

/** The machine line of results.json: figures only compare on the same hardware and versions. */
export const describeMachine = async (payload: Payload): Promise<string> => {
  const { rows } = await payload.db.pool.query<{ server_version: string }>('show server_version')
  const cpus = os.cpus()
  const ramGb = Math.round(os.totalmem() / 2 ** 30)
  return [
    cpus[0]?.model.trim() ?? 'unknown CPU',
    `${cpus.length} cores`,
    `${ramGb} GB RAM`,
    `Node ${process.version}`,
    `PostgreSQL ${rows[0]?.server_version ?? 'unknown'}`,
  ].join(', ')
}
