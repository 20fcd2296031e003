import type { Payload } from 'payload'

import type { ResultRow } from './types'

import { ensureDatabase } from '../dev/host/database'
import { closePayload } from '../dev/host/closePayload'
import { openBenchPayload } from './benchDatabase'
import { describeMachine } from './machine'
import { progress } from './progress'
import { cases } from './registry'
import { mergeResults, resultsPath } from './results'
import { formatTable } from './table'

/**
 * `npm run bench [-- <case>…]`: runs the named cases (all when none are named) on a fresh
 * `switchboard_bench` database, prints the figures and merges them into bench/results.json.
 */
const requested = process.argv.slice(2)
const unknown = requested.filter((name) => !(name in cases))
if (unknown.length) {
  console.error(`Unknown case(s): ${unknown.join(', ')}. Known: ${Object.keys(cases).join(', ')}.`)
  process.exit(2)
}
const selected = requested.length ? requested : Object.keys(cases)

const database = await ensureDatabase(progress)
let payload: Payload | undefined
try {
  progress('recreating and migrating the switchboard_bench database')
  const opened = await openBenchPayload(database.url)
  payload = opened.payload
  const rows: ResultRow[] = []
  for (const name of selected) {
    progress(`case ${name}`)
    const measurements = await cases[name]!({ payload, databaseUrl: opened.databaseUrl, progress })
    rows.push(...measurements.map((m) => ({ case: name, ...m })))
  }
  const file = await mergeResults(selected, rows, await describeMachine(payload))
  console.log(formatTable(rows))
  console.log(`\n${file.machine}\nwritten to ${resultsPath}`)
} catch (error) {
  console.error(error)
  process.exitCode = 1
} finally {
  if (payload) await closePayload(payload)
  // Stops the embedded server only when this process started it (a no-op for DATABASE_URL).
  await database.stop()
  progress('done')
}
