import type { Page } from 'playwright-core'

import { expect, test } from 'vitest'

import { useAdminHarness } from './harness'

/**
 * Chat links in the admin, in real Chromium on the production build (see ./harness.ts): created
 * above the chat-tokens list or from the create view, the whole link shown exactly once with a
 * Copy button, its prefix and status in the list, and revocation with confirmation.
 */

const admin = useAdminHarness()

const linkPattern = (baseUrl: string) => new RegExp(`^${baseUrl.replace(/[.]/g, '\\.')}/chat-demo\\?token=(sbt_[A-Za-z0-9_-]{43})$`)
const onceNote = 'This link is shown once. Copy it now; only a fingerprint is stored.'

/** Opens a chat session with the token, as the widget does; the HTTP status says whether the link works. */
const openChat = async (token: string): Promise<number> => {
  const response = await fetch(`${admin.baseUrl}/api/chat/sessions`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ token }),
  })
  return response.status
}

const rowOf = (page: Page, prefix: string) => page.locator('table tbody tr', { hasText: prefix })

test('staff create a chat link above the list, see it once with a copy field, and revoke it after confirming', async () => {
  const page = await admin.newPage()
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: admin.baseUrl })
  try {
    await admin.logIn(page, 'staff')
    // From the dashboard's Chat Tokens card.
    await page.locator('#card-chat-tokens').getByRole('link', { name: 'Show all Chat Tokens' }).click()
    await page.waitForURL((url) => url.pathname === '/admin/collections/chat-tokens')

    const creator = page.locator('.sb-chat-token-creator')
    await creator.getByRole('heading', { name: 'New chat link' }).waitFor()

    // The expiry defaults to seven days from now (the plugin's chatTokens.defaultExpiryDays).
    const expires = creator.getByLabel('Expires')
    await expect.poll(() => expires.inputValue(), { timeout: 10_000 }).not.toBe('')
    const daysAhead = await expires.evaluate((input: HTMLInputElement) => (new Date(input.value).getTime() - Date.now()) / 86_400_000)
    expect(daysAhead).toBeGreaterThan(6.99)
    expect(daysAhead).toBeLessThanOrEqual(7)

    // A bad use limit is refused before anything is created.
    await creator.getByLabel('Note').fill('Browser test: Carol')
    await creator.getByLabel('Max uses').fill('0')
    await creator.getByRole('button', { name: 'Create link' }).click()
    await creator.getByRole('alert').getByText('Max uses must be a whole number').waitFor()
    expect(await page.locator('.sb-chat-link').count()).toBe(0)

    await creator.getByLabel('Max uses').fill('3')
    await creator.getByRole('button', { name: 'Create link' }).click()

    // The whole link, once: absolute, on this origin, with a token of the documented shape.
    const linkField = creator.getByLabel('Chat link', { exact: true })
    await linkField.waitFor()
    const link = await linkField.inputValue()
    const token = linkPattern(admin.baseUrl).exec(link)?.[1]
    expect(token, link).toBeDefined()
    expect(await linkField.getAttribute('readonly')).not.toBeNull()
    expect(await creator.innerText()).toContain(onceNote)
    // Focused and selected, so Ctrl+C works straight away.
    expect(await linkField.evaluate((input: HTMLInputElement) => document.activeElement === input && input.selectionEnd === input.value.length)).toBe(true)

    await creator.getByRole('button', { name: 'Copy', exact: true }).click()
    await creator.getByRole('status').getByText('Copied to the clipboard.').waitFor()
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link)

    // The list refreshed: the new link's prefix is there, active, with its use limit.
    const prefix = token!.slice(0, 10)
    const row = rowOf(page, prefix)
    await row.waitFor({ timeout: 15_000 })
    // The provider cell loads its user after the table renders.
    await expect.poll(() => row.innerText(), { timeout: 15_000 }).toContain('staff@switchboard.test')
    const rowText = await row.innerText()
    for (const expected of ['Personal link', 'Active', '3']) expect(rowText).toContain(expected)
    // The full token is in the copy field only, not in the list.
    expect(await page.locator('table').innerText()).not.toContain(token!)

    // It is a working chat link.
    expect(await openChat(token!)).toBe(201)

    // Shown once: after a reload only the prefix is left.
    await page.reload()
    await rowOf(page, prefix).waitFor()
    expect(await page.locator('.sb-chat-link').count()).toBe(0)
    expect(await page.content()).not.toContain(token!)

    // Open it and revoke it; cancelling first keeps it.
    await page.getByRole('link', { name: prefix, exact: true }).click()
    await page.waitForURL(/\/admin\/collections\/chat-tokens\/\d+$/)
    const revoke = page.locator('.sb-chat-token-revoke')
    await revoke.and(page.locator('[data-revoked="false"]')).waitFor()
    expect(await page.content()).not.toContain(token!)

    await revoke.getByRole('button', { name: 'Revoke link' }).click()
    const dialog = page.locator('.confirmation-modal')
    await dialog.getByText('Revoke this chat link?').waitFor()
    expect(await dialog.innerText()).toContain(prefix)
    await dialog.locator('#confirm-cancel').click()
    await dialog.waitFor({ state: 'detached' })
    expect(await revoke.getAttribute('data-revoked')).toBe('false')
    expect(await openChat(token!)).toBe(201)

    await revoke.getByRole('button', { name: 'Revoke link' }).click()
    await dialog.locator('#confirm-action').click()
    await revoke.and(page.locator('[data-revoked="true"]')).waitFor()
    expect(await revoke.innerText()).toContain('Revoked on')
    expect(await revoke.getByRole('button', { name: 'Revoke link' }).count()).toBe(0)
    // The view reloads: the status field says so too.
    await expect.poll(() => page.locator('#field-status').innerText(), { timeout: 15_000 }).toContain('Revoked')

    // The link stops working, for good: clearing revokedAt over REST does not switch it back on.
    expect(await openChat(token!)).toBe(410)
    const id = /\/chat-tokens\/(\d+)$/.exec(page.url())![1]
    const reopened = await page.evaluate(async (tokenId) => {
      const response = await fetch(`/api/chat-tokens/${tokenId}`, {
        method: 'PATCH',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ revokedAt: null }),
      })
      const { doc } = (await response.json()) as { doc: { revokedAt?: string; status?: string } }
      return { status: response.status, revokedAt: doc.revokedAt, linkStatus: doc.status }
    }, id)
    expect(reopened).toMatchObject({ status: 200, linkStatus: 'revoked' })
    expect(reopened.revokedAt).toBeTruthy()
    expect(await openChat(token!)).toBe(410)
    await page.goto(`${admin.baseUrl}/admin/collections/chat-tokens`)
    await expect.poll(() => rowOf(page, prefix).innerText(), { timeout: 15_000 }).toContain('Revoked')
  } finally {
    await page.close()
  }
})

test('the create view creates the link and shows it once in a dialog, then opens the saved link', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    await page.goto(`${admin.baseUrl}/admin/collections/chat-tokens/create`)
    await page.locator('#field-note').fill('Created from the create view')
    await page.getByRole('button', { name: 'Create link' }).click()

    const dialog = page.locator('.sb-chat-link-dialog')
    await dialog.getByText('Chat link created').waitFor()
    const link = await dialog.getByLabel('Chat link', { exact: true }).inputValue()
    const token = linkPattern(admin.baseUrl).exec(link)?.[1]
    expect(token, link).toBeDefined()
    expect(await dialog.innerText()).toContain(onceNote)

    await dialog.getByRole('button', { name: 'Done' }).click()
    await page.waitForURL(/\/admin\/collections\/chat-tokens\/\d+$/)
    await page.locator('.sb-chat-token-revoke[data-revoked="false"]').waitFor()
    await expect.poll(() => page.locator('#field-tokenPrefix').inputValue(), { timeout: 15_000 }).toBe(token!.slice(0, 10))
    expect(await page.locator('#field-note').inputValue()).toBe('Created from the create view')
    expect(await page.content()).not.toContain(token!)
    expect(await openChat(token!)).toBe(201)
  } finally {
    await page.close()
  }
})
