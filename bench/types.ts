import type { Payload } from 'payload'

/** One figure of a case, as it appears in `bench/results.json` (minus the case name). */
export interface Measurement {
  metric: string
  value: number
  unit: string
  /** For ratios: the figure divided by, measured in the same run. */
  baseline?: { metric: string; value: number }
}

export interface ResultRow extends Measurement {
  case: string
}

export interface BenchContext {
  /** Payload booted on the freshly migrated `switchboard_bench` database. */
  payload: Payload
  databaseUrl: string
  /** A progress line on stderr, so stdout stays the result table. */
  progress: (message: string) => void
}

export type BenchCase = (context: BenchContext) => Promise<Measurement[]>
