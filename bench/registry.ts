import type { BenchCase } from './types'

import { fanout } from './cases/fanout'
import { inbox } from './cases/inbox'
import { ingest } from './cases/ingest'
import { push } from './cases/push'
import { reports } from './cases/reports'
import { search } from './cases/search'
import { stats } from './cases/stats'
import { stream } from './cases/stream'
import { telegram } from './cases/telegram'
import { widget } from './cases/widget'

/**
 * Every case `npm run bench` knows, by the name used on the command line and in results.json, in
 * the order they run: ingest empties the messages table, telegram leaves it empty again, the large cases then generate theirs once;
 * reports reshapes the large dataset's directions, so it runs last.
 */
export const cases: Record<string, BenchCase> = {
  widget,
  stream,
  push,
  fanout,
  ingest,
  telegram,
  search,
  inbox,
  stats,
  reports,
}
