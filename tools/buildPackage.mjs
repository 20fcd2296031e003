#!/usr/bin/env node
/**
 * Builds a workspace package's `dist/` with tsc, the way Node and every bundler can load it.
 *
 * The sources import each other without file extensions (`./options`), which bundlers and tsx
 * resolve but Node's ES module loader does not; Next.js's Turbopack in turn does not resolve
 * `./x.js` imports of `.ts` files, so the sources cannot say `.js` either. tsc keeps specifiers as
 * written, so after it has emitted, every relative specifier in the output (`.js` and `.d.ts`) is
 * completed to the file that exists: `./options` → `./options.js`, `./telegram` → `./telegram/index.js`.
 * A specifier that matches no emitted file fails the build rather than shipping a broken import.
 *
 * Deep imports into packages that have no `exports` map are completed the same way.
 *
 * Usage (from the package folder):
 *   node ../../tools/buildPackage.mjs --tsconfig tsconfig.build.json [--copy scss,css] [--declarations-only]
 * `--declarations-only` keeps what is already in dist/ (a Vite build) and adds the `.d.ts` files.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { parseArgs } from 'node:util'

const { values } = parseArgs({
  options: {
    tsconfig: { type: 'string', default: 'tsconfig.build.json' },
    copy: { type: 'string', default: '' },
    'declarations-only': { type: 'boolean', default: false },
  },
})

const packageDir = process.cwd()
const srcDir = path.join(packageDir, 'src')
const distDir = path.join(packageDir, 'dist')
const declarationsOnly = values['declarations-only']

if (!declarationsOnly) rmSync(distDir, { recursive: true, force: true })

const tsc = createRequire(path.join(packageDir, 'package.json')).resolve('typescript/bin/tsc')
const args = [tsc, '-p', values.tsconfig, ...(declarationsOnly ? ['--emitDeclarationOnly'] : [])]
const compiled = spawnSync(process.execPath, args, { cwd: packageDir, stdio: 'inherit' })
if (compiled.status !== 0) {
  console.error(`tsc -p ${values.tsconfig} failed in ${packageDir}`)
  process.exit(compiled.status ?? 1)
}

const walk = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    return entry.isDirectory() ? walk(full) : [full]
  })

const packageJsonOf = new Map()
/** The package.json of the package `name`, as seen from `file`. */
const manifestOf = (file, name) => {
  const key = `${path.dirname(file)}\0${name}`
  if (!packageJsonOf.has(key)) {
    // Node's own lookup (node_modules folders upwards), without resolving through `exports`,
    // which need not list package.json.
    let dir = path.dirname(file)
    while (!existsSync(path.join(dir, 'node_modules', name, 'package.json'))) {
      if (path.dirname(dir) === dir) throw new Error(`${path.relative(packageDir, file)}: package "${name}" is not installed`)
      dir = path.dirname(dir)
    }
    const manifestPath = path.join(dir, 'node_modules', name, 'package.json')
    packageJsonOf.set(key, { dir: path.dirname(manifestPath), manifest: JSON.parse(readFileSync(manifestPath, 'utf8')) })
  }
  return packageJsonOf.get(key)
}

/**
 * A deep import into a package without an `exports` map (`telegram/events`, `next/navigation`):
 * Node resolves only the file's own path, so it becomes `telegram/events/index.js`,
 * `next/navigation.js` (as Payload's own packages write them). Packages with `exports` decide
 * for themselves and are left alone.
 */
const completeDeep = (file, specifier) => {
  const parts = specifier.split('/')
  const nameLength = specifier.startsWith('@') ? 2 : 1
  if (parts.length <= nameLength || specifier.startsWith('node:')) return specifier
  const name = parts.slice(0, nameLength).join('/')
  const { dir, manifest } = manifestOf(file, name)
  if (manifest.exports) return specifier
  const resolved = createRequire(file).resolve(specifier)
  return `${name}/${path.relative(dir, resolved).split(path.sep).join('/')}`
}

/** `./x` from `file` → `./x.js` or `./x/index.js`, whichever was emitted; other specifiers unchanged. */
const complete = (file, specifier) => {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return completeDeep(file, specifier)
  if (/\.(m?js|json|s?css)$/.test(specifier)) return specifier
  const target = path.resolve(path.dirname(file), specifier)
  const isDeclaration = file.endsWith('.d.ts')
  const emitted = (base) => existsSync(`${base}.js`) || (isDeclaration && existsSync(`${base}.d.ts`))
  if (emitted(target)) return `${specifier}.js`
  if (existsSync(target) && statSync(target).isDirectory() && emitted(path.join(target, 'index'))) return `${specifier}/index.js`
  throw new Error(`${path.relative(packageDir, file)}: cannot resolve "${specifier}" to an emitted file`)
}

// Static imports and re-exports (`from '…'`), side-effect imports (`import '…'`), dynamic
// `import('…')` and the `import('…')` types tsc writes into declarations.
const specifiers = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\2/g

let rewritten = 0
for (const file of walk(distDir)) {
  if (!/\.(js|d\.ts)$/.test(file)) continue
  const code = readFileSync(file, 'utf8')
  const next = code.replace(specifiers, (match, prefix, quote, specifier) => {
    const completed = complete(file, specifier)
    return completed === specifier ? match : `${prefix}${quote}${completed}${quote}`
  })
  if (next !== code) {
    writeFileSync(file, next)
    rewritten += 1
  }
}

const extensions = values.copy.split(',').filter(Boolean)
let copied = 0
if (extensions.length) {
  for (const file of walk(srcDir)) {
    if (!extensions.some((ext) => file.endsWith(`.${ext}`))) continue
    cpSync(file, path.join(distDir, path.relative(srcDir, file)))
    copied += 1
  }
}

console.log(`${path.basename(packageDir)}: dist/ built (${rewritten} files with completed import paths${extensions.length ? `, ${copied} ${extensions.join('/')} files copied` : ''}).`)
