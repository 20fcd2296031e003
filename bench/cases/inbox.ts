import type { BenchCase } from '../types'

import { ensureLargeDataset } from '../large/dataset'
import { staffClient, timeAll } from '../large/staffClient'
import { percentile } from '../realtime/chatFixture'

/** The inbox's conversation list over 10,000 conversations: the filters staff use, 30 a page, newest activity first. */
export const inbox: BenchCase = async ({ payload, progress }) => {
  const { labelIds } = await ensureLargeDataset(payload, progress)
  const { timedGet } = await staffClient(payload)
  const list = (where: string) => `/conversations?${where}&sort=-lastMessageAt&limit=30&depth=1`
  const queries = [
    list('where[isArchived][equals]=false'),
    list('where[unreadCount][greater_than]=0'),
    list('where[isPinned][equals]=true'),
    list('where[isMuted][equals]=true'),
    list('where[source][equals]=telegram&where[type][equals]=group'),
    list(`where[labels][in]=${labelIds[1]}`),
    list(`where[labels][in]=${labelIds[2]},${labelIds[5]}&where[isArchived][equals]=false`),
    list('where[title][like]=bench-large 99'),
    `${list('where[isArchived][equals]=false')}&page=5`,
  ]
  progress('inbox: 9 list queries × 10 rounds')
  return [{ metric: 'list_p95_ms', value: percentile(await timeAll(queries, 10, timedGet), 95), unit: 'ms' }]
}
