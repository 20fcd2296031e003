import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { gzipSync } from 'node:zlib'
import path from 'node:path'
import { chromium } from 'playwright-core'

import type { BenchCase, Measurement } from '../types'

import { builtWidgetDir } from '../../dev/host/widget'
import { chromiumMissing, chromiumPath } from '../../test/browser/chromium'
import { percentile } from '../realtime/chatFixture'

const bundles = { chat: 'switchboard-chat.js', launcher: 'switchboard-launcher.js' }

const page = `<!doctype html><html><head><meta charset="utf-8"><title>launcher</title></head><body>
<switchboard-launcher token="sbt_bench"></switchboard-launcher>
<script type="module" src="/switchboard-launcher.js"></script></body></html>`

/**
 * From a click on `<switchboard-launcher>` to an interactive chat (its message field visible), in
 * Chromium on loopback: the page has loaded the launcher only; the click loads the chat module
 * (served from disk, no cache) and opens the panel. Median and p95 of `rounds` fresh pages.
 */
const clickToInteractive = async (distDir: string, rounds: number): Promise<Measurement[]> => {
  // Only the widget's files; the chat's API calls answer 404 (the panel is interactive before them).
  const server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://localhost').pathname.slice(1)
    if (!name) return res.writeHead(200, { 'content-type': 'text/html' }).end(page)
    if (!Object.values(bundles).includes(name)) return res.writeHead(404).end()
    void readFile(path.join(distDir, name)).then((code) => res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' }).end(code))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] })
  const timings: number[] = []
  try {
    for (let round = 0; round < rounds; round++) {
      const context = await browser.newContext()
      const tab = await context.newPage()
      await tab.goto(`http://127.0.0.1:${port}/`)
      await tab.locator('switchboard-launcher [part~=launcher]').waitFor()
      // Timed in the page: from the click to the first frame with the chat's field visible. A
      // string, not a function: tsx's helpers would not exist in the page.
      const ms = await tab.evaluate<number>(`new Promise((resolve) => {
        const launcher = document.querySelector('switchboard-launcher').shadowRoot.querySelector('button')
        const started = performance.now()
        const check = () => {
          const field = document.querySelector('switchboard-chat')?.shadowRoot?.querySelector('[part~=input]')
          if (field && field.offsetParent !== null) resolve(performance.now() - started)
          else requestAnimationFrame(check)
        }
        launcher.click()
        requestAnimationFrame(check)
      })`)
      timings.push(Math.round(ms * 10) / 10)
      await context.close()
    }
  } finally {
    await browser.close()
    server.close()
  }
  return [
    { metric: 'click_to_interactive_p50_ms', value: percentile(timings, 50), unit: 'ms' },
    { metric: 'click_to_interactive_p95_ms', value: percentile(timings, 95), unit: 'ms' },
  ]
}

/**
 * The chat widget as a page downloads it: the whole element (`switchboard-chat.js`, Lit included;
 * budget 12,000 B gzip) and the launcher alone (`switchboard-launcher.js`, budget 3,000 B gzip),
 * raw and gzip (level 9), and the time from a click on the launcher to an interactive chat in
 * Chromium (skipped without Chromium). Builds the widget first when its build
 * is missing or older than its sources (as `npm run dev` does).
 */
export const widget: BenchCase = async ({ progress }) => {
  const distDir = await builtWidgetDir(progress)
  const results: Measurement[] = []
  for (const [name, file] of Object.entries(bundles)) {
    const code = await readFile(path.join(distDir, file))
    const prefix = name === 'chat' ? '' : `${name}_`
    results.push(
      { metric: `${prefix}raw_bytes`, value: code.length, unit: 'bytes' },
      { metric: `${prefix}gzip_bytes`, value: gzipSync(code, { level: 9 }).length, unit: 'bytes' },
    )
  }
  if (chromiumMissing()) progress(`widget: no click-to-interactive figure (${chromiumPath} is missing: apt-get install chromium)`)
  else {
    progress('widget: click to interactive in Chromium (20 pages)')
    results.push(...(await clickToInteractive(distDir, 20)))
  }
  return results
}
