import type { Page } from 'playwright-core'

import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'

import { useAdminHarness } from './harness'

/**
 * The Switchboard section on the admin dashboard (figures and the message-volume chart) and the
 * label colour picker, in real Chromium on the production build (see ./harness.ts), against the
 * demo seed: 8 conversations (5 Telegram, 1 website, 2 direct) and 3,000 messages from the last
 * few days.
 */

const admin = useAdminHarness()

const screenshots = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../test-results')
const screenshot = async (page: Page, name: string) => {
  mkdirSync(screenshots, { recursive: true })
  await page.screenshot({ path: path.join(screenshots, `${name}.png`), fullPage: true })
}

const seededMessages = 3000
const section = '.sb-dashboard'
const chart = '.sb-volume'

const figure = async (page: Page, name: string): Promise<number> =>
  Number((await page.locator(`${section} [data-figure="${name}"]`).first().innerText()).replace(/[^\d]/g, ''))

/** Sum of the values the chart's bars stand for (each bar segment carries its value). */
const barTotal = (page: Page) =>
  page.locator(`${chart} rect.sb-volume__bar`).evaluateAll((bars) => bars.reduce((sum, bar) => sum + Number(bar.getAttribute('data-value')), 0))

test('staff see the Switchboard figures and a message-volume chart per day and per week', async () => {
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1280, height: 900 })
  try {
    await admin.logIn(page, 'staff')

    const dashboard = page.locator(section)
    await dashboard.getByRole('heading', { name: 'Switchboard activity', level: 2 }).waitFor()
    await page.locator(`${section}[data-state="ready"]`).waitFor({ timeout: 30_000 })

    // Counts from the seed.
    expect(await figure(page, 'conversations.total')).toBe(8)
    expect(await figure(page, 'conversations.bySource.telegram')).toBe(5)
    expect(await figure(page, 'conversations.bySource.widget')).toBe(1)
    expect(await figure(page, 'conversations.bySource.direct')).toBe(2)
    expect(await figure(page, 'conversations.byType.private')).toBe(2)
    expect(await figure(page, 'conversations.byType.direct')).toBe(2)
    expect(await figure(page, 'conversations.pinned')).toBe(1)
    expect(await figure(page, 'conversations.archived')).toBe(1)
    expect(await figure(page, 'conversations.unread')).toBeGreaterThan(0)
    expect(await figure(page, 'messages.last7Days')).toBe(seededMessages)
    // Alice and Bob are linked by username; Carol, Dmitri and Erika are not.
    expect(await figure(page, 'telegramUsers.linked')).toBe(2)
    expect(await figure(page, 'telegramUsers.unlinked')).toBe(3)

    // A figure leads to the list of what it counts.
    const archived = dashboard.locator('a', { has: page.locator('[data-figure="conversations.archived"]') })
    expect(await archived.getAttribute('href')).toBe('/admin/collections/conversations?where[isArchived][equals]=true')

    // The chart: an SVG with axes, a legend and stacked incoming/outgoing bars per day.
    const volume = page.locator(chart)
    await page.locator(`${chart}[data-bucket="day"][data-state="ready"]`).waitFor({ timeout: 30_000 })
    const svg = volume.locator('svg[role="img"]')
    expect(await svg.getAttribute('aria-labelledby')).toBeTruthy()
    expect(await svg.locator('title').first().textContent()).toBe('Daily message volume, incoming and outgoing')
    expect(await svg.locator('desc').textContent()).toContain('3,000 messages')
    expect(await volume.locator('.sb-volume__legend').innerText()).toMatch(/Incoming[\s\S]*Outgoing/)
    expect(await volume.locator('rect.sb-volume__bar[data-series="in"]').count()).toBeGreaterThan(0)
    expect(await volume.locator('rect.sb-volume__bar[data-series="out"]').count()).toBeGreaterThan(0)
    expect(await barTotal(page)).toBe(seededMessages)
    expect(await volume.locator('.sb-volume__axis text').count()).toBeGreaterThan(1)
    expect(await volume.locator('.sb-volume__grid text').count()).toBeGreaterThan(1)

    // The same figures as a table, for screen readers and anyone who wants the numbers.
    await volume.getByText('Show the figures as a table').click()
    const rows = volume.locator('table tbody tr')
    expect(await rows.count()).toBeGreaterThanOrEqual(5)
    expect(await volume.locator('table thead').innerText()).toMatch(/Day\s+Incoming\s+Outgoing\s+Total/)
    await screenshot(page, 'dashboard-staff-day')

    // Weeks.
    await volume.getByRole('button', { name: 'Weeks' }).click()
    await page.locator(`${chart}[data-bucket="week"][data-state="ready"]`).waitFor({ timeout: 30_000 })
    expect(await volume.getByRole('button', { name: 'Weeks' }).getAttribute('aria-pressed')).toBe('true')
    expect(await svg.locator('title').first().textContent()).toBe('Weekly message volume, incoming and outgoing')
    expect(await volume.locator('rect.sb-volume__bar').count()).toBeGreaterThan(0)
    expect(await barTotal(page)).toBe(seededMessages)
    expect(await volume.locator('table thead').innerText()).toContain('Week starting')

    // Split by source: Telegram, website and direct messages, same total.
    await volume.getByRole('button', { name: 'Source' }).click()
    await page.locator(`${chart}[data-split="source"]`).waitFor()
    for (const source of ['telegram', 'widget', 'direct']) {
      expect(await volume.locator(`rect.sb-volume__bar[data-series="${source}"]`).count()).toBeGreaterThan(0)
    }
    expect(await barTotal(page)).toBe(seededMessages)

    // Hovering a column reads out its figures.
    await volume.locator('rect.sb-volume__hit').last().hover()
    expect(await volume.locator('.sb-volume__readout').innerText()).toMatch(/Week of[\s\S]*Total/)
    await screenshot(page, 'dashboard-staff-week-source')
  } finally {
    await page.close()
  }
})

test('staff see response and resolution times beside the volume chart, as a keyboard-readable table, with the backlog', async () => {
  const page = await admin.newPage()
  await page.setViewportSize({ width: 1440, height: 900 })
  try {
    await admin.logIn(page, 'staff')
    const reports = page.locator('.sb-reports')
    await page.locator('.sb-reports[data-bucket="day"][data-state="ready"]').waitFor({ timeout: 30_000 })
    await reports.getByRole('heading', { name: 'Response and resolution times', level: 3 }).waitFor()

    // Beside the chart when there is room.
    const chartBox = (await page.locator(chart).boundingBox())!
    const reportsBox = (await reports.boundingBox())!
    expect(reportsBox.x).toBeGreaterThan(chartBox.x + chartBox.width - 1)
    expect(Math.abs(reportsBox.y - chartBox.y)).toBeLessThan(5)

    // The seed's chats alternate customers and staff: first responses are measured; nothing was resolved.
    expect(Number(await reports.locator('[data-figure="reports.firstResponse.count"]').innerText())).toBeGreaterThan(0)
    expect(await reports.locator('[data-figure="reports.firstResponse.median"]').innerText()).toMatch(/^\d+ (s|min)|^\d+ h/)
    expect(await reports.locator('[data-figure="reports.resolution.empty"]').innerText()).toBe('No resolutions in this period.')

    // The per-day figures: a named, focusable region holding a table.
    const region = reports.getByRole('region', { name: /Median and 90th percentile per day/ })
    await region.focus()
    expect(await region.evaluate((element) => element === document.activeElement)).toBe(true)
    expect(await region.locator('thead').innerText()).toMatch(/Day\s+First response: median\s+p90\s+Replies\s+Resolution: median\s+p90\s+Resolved/)
    expect(await region.locator('tbody tr').count()).toBeGreaterThan(0)

    // Waiting now: the seed's open conversations, unassigned, linking to that list.
    const unassigned = reports.locator('[data-figure="reports.backlog.unassigned.open"]')
    expect(Number(await unassigned.innerText())).toBeGreaterThan(0)
    expect(await unassigned.getAttribute('href')).toContain('where[assignee][exists]=false')
    await screenshot(page, 'dashboard-reports')

    await reports.getByRole('button', { name: 'Weeks' }).click()
    await page.locator('.sb-reports[data-bucket="week"][data-state="ready"]').waitFor({ timeout: 30_000 })
    await reports.getByRole('region', { name: /per week/ }).waitFor()
  } finally {
    await page.close()
  }
})

test('editors see no Switchboard section on the dashboard', async () => {
  const page = await admin.newPage()
  const statsRequests: string[] = []
  page.on('request', (request) => {
    if (request.url().includes('/api/switchboard/stats')) statsRequests.push(request.url())
  })
  try {
    await admin.logIn(page, 'editor')
    // The dashboard itself is there (editors manage labels) …
    await page.getByRole('link', { name: 'Labels' }).first().waitFor()
    // Nothing to wait for when nothing comes: give a client-side fetch the time it would take.
    await page.waitForTimeout(1_500)
    // … but not the figures, and the browser never asked for them.
    expect(await page.locator(section).count()).toBe(0)
    expect(statsRequests).toEqual([])
  } finally {
    await page.close()
  }
})

test('when the figures cannot be loaded, the dashboard says why and what to do', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    // The server failing (stubbed in the browser): the text says what to try and offers a retry.
    let failures = 0
    await page.route('**/api/switchboard/stats', (route) => {
      failures += 1
      return route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Something went wrong.' }] }) })
    })
    await page.route('**/api/switchboard/stats/message-volume**', (route) =>
      route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ errors: [{ message: 'Not Found' }] }) }),
    )
    await page.reload()
    const problem = page.locator(`${section}__problem`)
    await problem.waitFor()
    expect(await problem.innerText()).toContain('Could not load the Switchboard figures: Something went wrong. If it keeps failing, check the server log')
    const chartProblem = page.locator(`${chart}__problem`)
    await chartProblem.waitFor()
    expect(await chartProblem.innerText()).toContain('answered 404')

    // Once the server answers again, Try again shows the figures.
    await page.unroute('**/api/switchboard/stats')
    const before = failures
    await problem.getByRole('button', { name: 'Try again' }).click()
    await page.locator(`${section}[data-state="ready"]`).waitFor({ timeout: 30_000 })
    expect(failures).toBe(before)
    expect(await figure(page, 'conversations.total')).toBe(8)
  } finally {
    await page.close()
  }
})

test('the label colour picker and the hex value follow each other, and the colour is saved as #rrggbb', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'editor')
    await page.goto(`${admin.baseUrl}/admin/collections/labels`)
    await page.getByRole('link', { name: 'Bug', exact: true }).click()
    await page.waitForURL(/\/admin\/collections\/labels\/\d+$/)

    const picker = page.locator('.sb-label-color input[type="color"]')
    const hex = page.locator('.sb-label-color input#field-color')
    const chip = page.locator('.sb-label-color__chip')
    await picker.waitFor()
    expect(await hex.inputValue()).toBe('#ef4444')
    expect(await picker.inputValue()).toBe('#ef4444')
    expect(await chip.innerText()).toBe('Bug')

    // Picking a colour writes its hex value and recolours the preview.
    await picker.fill('#10b981')
    expect(await hex.inputValue()).toBe('#10b981')
    expect(await chip.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(16, 185, 129)')

    // Typing a hex value moves the picker; a short form is expanded when leaving the input.
    await hex.fill('#E4F')
    await hex.blur()
    expect(await hex.inputValue()).toBe('#ee44ff')
    expect(await picker.inputValue()).toBe('#ee44ff')

    // Not a colour: the preview says so; the value is left for the server to reject on save.
    await hex.fill('#12')
    await page.locator('.sb-label-color__hint').getByText('Not a colour yet').waitFor()

    // The preview chip follows the name.
    await hex.fill('#ee44ff')
    await page.locator('#field-name').fill('Bug report')
    expect(await chip.innerText()).toBe('Bug report')
    await screenshot(page, 'label-color-picker')

    await page.getByRole('button', { name: 'Save' }).click()
    await page.locator('.payload-toast-container').getByText(/successfully/i).waitFor()
    const stored = await page.evaluate(async () => {
      const response = await fetch('/api/labels?where[name][equals]=Bug%20report', { credentials: 'include' })
      return ((await response.json()) as { docs: Array<{ color: string }> }).docs.map((doc) => doc.color)
    })
    expect(stored).toEqual(['#ee44ff'])
  } finally {
    await page.close()
  }
})

test('editors set labels on several conversations at once with the list view’s Edit (it replaces their labels)', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'editor')
    await page.goto(`${admin.baseUrl}/admin/collections/conversations`)
    const rowOf = (title: string) => page.locator('table tbody tr', { has: page.getByRole('link', { name: title, exact: true }) })
    // Alice has VIP; Wholesale buyers has none.
    for (const title of ['Alice', 'Wholesale buyers']) await rowOf(title).locator('input[type="checkbox"]').check()

    await page.getByRole('button', { name: 'Edit', exact: true }).click()
    const drawer = page.locator('.drawer--is-open', { has: page.locator('.edit-many__main') })
    await drawer.waitFor()
    // Editors may change only labels, so that is the one field offered.
    await drawer.locator('.field-select .rs__control').click()
    const options = await page.locator('.rs__menu .rs__option').allInnerTexts()
    expect(options).toEqual(['Labels'])
    await page.locator('.rs__menu .rs__option', { hasText: 'Labels' }).click()
    await drawer.locator('#field-labels .rs__control').click()
    await page.locator('.rs__menu .rs__option', { hasText: 'Follow-up' }).click()
    await drawer.getByRole('button', { name: 'Save' }).click()
    await page.locator('.payload-toast-container').getByText(/updated/i).first().waitFor()

    const labelsOf = await page.evaluate(async () => {
      const response = await fetch('/api/conversations?depth=1&limit=20', { credentials: 'include' })
      const { docs } = (await response.json()) as { docs: Array<{ title: string; labels: Array<{ name: string }> }> }
      return Object.fromEntries(docs.map((doc) => [doc.title, doc.labels.map((label) => label.name)]))
    })
    expect(labelsOf.Alice).toEqual(['Follow-up'])
    expect(labelsOf['Wholesale buyers']).toEqual(['Follow-up'])
    expect(labelsOf.Carol).toEqual(['Billing'])
  } finally {
    await page.close()
  }
})
