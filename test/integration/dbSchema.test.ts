import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Field } from 'payload'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

import type { DeclaredTable } from '../../packages/payload-plugin/src/db/tables'

import { switchboardOptionsOf } from '../../packages/payload-plugin/src/options'
import { createTestApp, type TestApp } from '../helpers/payload'

/*
 * Switchboard's own SQL (packages/payload-plugin/src/db/) names Payload's tables and columns by
 * hand. Each module declares what it names (db/tables.ts); here every declaration is held against
 * the schema Payload generates from the collection config, and every snake_case name in the SQL
 * against the declarations: a field renamed in a collection fails here, not in production.
 */

const dbDir = fileURLToPath(new URL('../../packages/payload-plugin/src/db/', import.meta.url))
const dbModules = readdirSync(dbDir).filter((file) => file.endsWith('.ts'))

/** Every module loaded, so each has declared its tables. */
const loadDeclarations = async (): Promise<DeclaredTable[]> => {
  for (const file of dbModules) await import(path.join(dbDir, file))
  return (await import('../../packages/payload-plugin/src/db/tables')).declaredTables
}

/** `table.column` for every declared column the database of `app` lacks (a missing table: all its columns). */
const missingColumns = async (app: TestApp, declared: DeclaredTable[]): Promise<string[]> => {
  const options = switchboardOptionsOf(app.payload)
  const { rows } = await app.payload.db.pool.query<{ table_name: string; column_name: string }>(
    `select table_name, column_name from information_schema.columns where table_schema = current_schema()`,
  )
  const present = new Set(rows.map((row) => `${row.table_name}.${row.column_name}`))
  const missing = declared.flatMap((table) => table.columns.map((column) => `${table.name(options)}.${column}`).filter((name) => !present.has(name)))
  return [...new Set(missing)].sort()
}

/**
 * The literal text of every `sql` template in a TypeScript source, without the `${…}` expressions;
 * the templates nested in those expressions are collected too.
 */
const templateTexts = (source: string): string[] => {
  const texts: string[] = []
  const scanCode = (from: number, untilBrace: boolean): number => {
    let depth = 0
    for (let i = from; i < source.length; i++) {
      const c = source[i]
      if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i)
      else if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i) + 1
      else if (c === "'" || c === '"') {
        for (i++; source[i] !== c; i++) if (source[i] === '\\') i++
      } else if (c === '`') i = scanTemplate(i + 1, source.slice(i - 3, i) === 'sql')
      else if (c === '{') depth++
      else if (c === '}') {
        if (untilBrace && depth === 0) return i
        depth--
      }
      if (i < 0) break
    }
    return source.length
  }
  const scanTemplate = (from: number, tagged: boolean): number => {
    let text = ''
    let i = from
    for (; i < source.length && source[i] !== '`'; i++) {
      if (source[i] === '\\') text += source[++i]
      else if (source[i] === '$' && source[i + 1] === '{') {
        i = scanCode(i + 2, true)
        text += ' '
      } else text += source[i]
    }
    if (tagged) texts.push(text)
    return i
  }
  scanCode(0, false)
  return texts
}

/** snake_case names in SQL text that must be declared columns: not functions, aliases, literals or comments. */
const namesInSql = (sqlText: string): string[] => {
  const text = sqlText.replace(/--[^\n]*/g, ' ').replace(/'[^']*'/g, ' ')
  const aliases = new Set([...text.matchAll(/\bas\s+(\w+)/gi), ...text.matchAll(/(\w+)\s+as\s*\(/gi)].map((m) => m[1]))
  return [...text.matchAll(/\b(_?[a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b(\s*\()?/g)]
    .filter((m) => !m[2] && !aliases.has(m[1]!))
    .map((m) => m[1]!)
}

/** A copy of `fields` with the field `from` renamed `to`, wherever it is nested. */
const renameField = (fields: Field[], from: string, to: string): Field[] =>
  fields.map((field) => {
    const renamed = ('name' in field && field.name === from ? { ...field, name: to } : field) as Field
    if ('fields' in renamed) return { ...renamed, fields: renameField(renamed.fields, from, to) } as Field
    if (renamed.type === 'tabs') return { ...renamed, tabs: renamed.tabs.map((tab) => ({ ...tab, fields: renameField(tab.fields, from, to) })) }
    return renamed
  })

let declared: DeclaredTable[]
const apps: TestApp[] = []
const boot = async (...args: Parameters<typeof createTestApp>) => {
  const app = await createTestApp(...args)
  apps.push(app)
  return app
}

beforeAll(async () => {
  declared = await loadDeclarations()
})
afterAll(async () => {
  for (const app of apps) await app.close()
})

describe("Switchboard's SQL and the schema Payload generates", () => {
  it('declares tables in the db/ modules, and names only declared columns in their SQL', () => {
    expect(declared.length).toBeGreaterThan(10)
    const columns = new Set(declared.flatMap((table) => table.columns))
    const undeclared = dbModules.flatMap((file) =>
      templateTexts(readFileSync(path.join(dbDir, file), 'utf8'))
        .flatMap(namesInSql)
        .filter((name) => !columns.has(name))
        .map((name) => `${file}: ${name}`),
    )
    expect([...new Set(undeclared)]).toEqual([])
  })

  it('finds every declared table and column in the schema pushed from the collection config', async () => {
    const app = await boot({ schema: 'push' })
    expect(await missingColumns(app, declared)).toEqual([])
  })

  it('reports a column the SQL uses when its field is renamed in a collection', async () => {
    const app = await boot({
      schema: 'push',
      switchboard: {
        overrides: { conversations: { fields: ({ defaultFields }) => renameField(defaultFields, 'syncError', 'syncFailure') } },
      },
    })
    expect(await missingColumns(app, declared)).toEqual(['conversations.sync_error'])
  })
})
