import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

import type { ResultRow } from './types'

export const resultsPath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'results.json')

export interface ResultsFile {
  machine: string
  at: string
  results: ResultRow[]
}

/**
 * Merges this run into results.json: rows of the cases that ran are replaced, rows of other cases
 * are kept, so `npm run bench -- <case>` refreshes one case without losing the rest.
 */
export const mergeResults = async (ran: string[], rows: ResultRow[], machine: string): Promise<ResultsFile> => {
  const previous: ResultRow[] = existsSync(resultsPath)
    ? ((JSON.parse(await readFile(resultsPath, 'utf8')) as Partial<ResultsFile>).results ?? [])
    : []
  const file: ResultsFile = {
    machine,
    at: new Date().toISOString(),
    results: [...previous.filter((row) => !ran.includes(row.case)), ...rows],
  }
  await writeFile(resultsPath, `${JSON.stringify(file, null, 2)}\n`)
  return file
}
