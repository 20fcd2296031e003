import type { BenchCase } from './types'

import { fanout } from './cases/fanout'
import { ingest } from './cases/ingest'
import { push } from './cases/push'
import { stream } from './cases/stream'
import { widget } from './cases/widget'

/** Every case `npm run bench` knows, by the name used on the command line and in results.json. */
export const cases: Record<string, BenchCase> = {
  fanout,
  ingest,
  push,
  stream,
  widget,
}
