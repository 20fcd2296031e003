import type { BenchCase } from '../types'

import { refreshVolumeRollup } from '../../packages/payload-plugin/src/stats/messageVolume'
import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { ensureLargeDataset } from '../large/dataset'
import { staffClient, timeAll } from '../large/staffClient'
import { percentile } from '../realtime/chatFixture'

/** Dashboard endpoints over 1,000,000 messages, with the rollup as the refresh job leaves it. */
export const stats: BenchCase = async ({ payload, progress }) => {
  await ensureLargeDataset(payload, progress)
  progress('stats: rebuilding the message-volume rollup')
  const started = performance.now()
  await refreshVolumeRollup(payload, switchboardOptionsOf(payload))
  const rollupMs = Math.round(performance.now() - started)
  const { timedGet } = await staffClient(payload)
  const queries = [
    '/switchboard/stats',
    '/switchboard/stats/message-volume?bucket=day',
    '/switchboard/stats/message-volume?bucket=week',
    `/switchboard/stats/message-volume?bucket=day&from=${new Date(Date.now() - 365 * 86_400_000).toISOString()}`,
  ]
  progress('stats: 4 endpoints × 20 rounds')
  return [
    { metric: 'p95_ms', value: percentile(await timeAll(queries, 20, timedGet), 95), unit: 'ms' },
    { metric: 'rollup_rebuild_ms', value: rollupMs, unit: 'ms' },
  ]
}
