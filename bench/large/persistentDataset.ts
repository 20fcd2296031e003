import type { Payload } from 'payload'

import { createDatabaseIfMissing } from '../../dev/host/database'
import { closePayload } from '../../dev/host/closePayload'
import { openMigratedPayload } from '../../dev/host/openPayload'
import { benchDatabaseName } from '../benchDatabase'
import { ensureLargeDataset, type LargeDataset } from './dataset'

/**
 * A large dataset in a database of its own that the bench never drops (`switchboard_bench` is
 * recreated on every run): generated once — 5,000,000 messages take several minutes (11 on a busy
 * 2-core machine) — then reused, with pending migrations applied as for any database. Its name follows the bench
 * database's (`SWITCHBOARD_BENCH_DATABASE`), plus the size.
 */
export const openPersistentDataset = async (
  benchDatabaseUrl: string,
  messages: number,
  progress: (message: string) => void,
): Promise<{ payload: Payload; key: string; dataset: LargeDataset; close: () => Promise<void> }> => {
  const key = `${benchDatabaseName}_${messages / 1_000_000}m`
  const databaseUrl = await createDatabaseIfMissing(benchDatabaseUrl, key)
  progress(`large dataset: opening ${key} (kept between runs)`)
  const payload = await openMigratedPayload({ databaseUrl }, { key, logger: 'errors-to-stderr' })
  try {
    const dataset = await ensureLargeDataset(payload, progress, messages)
    return { payload, key, dataset, close: () => closePayload(payload) }
  } catch (error) {
    await closePayload(payload)
    throw error
  }
}
