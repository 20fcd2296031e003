import type { ResultRow } from './types'

const formatValue = (row: ResultRow): string =>
  row.unit === 'ratio' ? row.value.toFixed(3) : row.value.toLocaleString('en-US', { maximumFractionDigits: 2 })

/** The result rows as an aligned text table (case, metric, value, unit), ratios with their baseline. */
export const formatTable = (rows: ResultRow[]): string => {
  const lines = [
    ['case', 'metric', 'value', 'unit'],
    ...rows.map((row) => [
      row.case,
      row.metric,
      formatValue(row),
      row.baseline ? `${row.unit} (vs ${row.baseline.metric})` : row.unit,
    ]),
  ]
  const widths = [0, 1, 2, 3].map((column) => Math.max(...lines.map((line) => line[column]!.length)))
  return lines
    .map((line) =>
      line.map((cell, column) => (column === 2 ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!))).join('  ').trimEnd(),
    )
    .join('\n')
}
