import type { Page } from 'playwright-core'

import { expect, test } from 'vitest'

import { useAdminHarness } from './harness'

/**
 * Identity linking in the admin, in real Chromium on the production build (see ./harness.ts):
 * the link control on a Telegram user, the linked accounts on a user, and the stale-link notice
 * on the Telegram users list.
 */

const admin = useAdminHarness({
  // Telegram reports a new username for Bob: his automatic link goes stale, as after a sync.
  afterSeed: async (payload) => {
    const { docs } = await payload.find({ collection: 'telegram-users', where: { username: { equals: 'bob_builder' } }, limit: 1 })
    expect(docs).toHaveLength(1)
    await payload.update({ collection: 'telegram-users', id: docs[0]!.id, data: { username: 'bob_renamed' } })
  },
})

const textOf = (page: Page, selector: string) => () => page.locator(selector).innerText()

/** Opens a Telegram user from the list by its display name. */
const openTelegramUser = async (page: Page, name: string) => {
  await page.goto(`${admin.baseUrl}/admin/collections/telegram-users`)
  await page.getByRole('link', { name, exact: true }).click()
  await page.waitForURL(/\/admin\/collections\/telegram-users\/\d+$/)
}

const control = '.sb-linked-user'

test('staff link an unlinked Telegram user to a user they search for, then unlink it after confirming', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    await openTelegramUser(page, 'Carol')

    await page.locator(`${control}[data-link-status="unlinked"]`).waitFor()
    expect(await page.locator(control).innerText()).toContain('Not linked to a user')

    // Search by part of the name; the match offers a Link button.
    await page.getByLabel('Link to a user').fill('acme')
    const linkAcme = page.getByRole('button', { name: 'Link to Acme Ltd' })
    await linkAcme.waitFor()
    await linkAcme.click()

    await page.locator(`${control}[data-link-status="linked"]`).waitFor()
    const linked = await page.locator(control).innerText()
    for (const text of ['Acme Ltd', 'acme@switchboard.test', 'Manual (staff)', 'Linked', 'Sam Support']) expect(linked).toContain(text)
    // The document view reloads, so the form's own (read-only) user field shows the new link too.
    await expect.poll(textOf(page, '#field-user'), { timeout: 15_000 }).toContain('acme@switchboard.test')

    // The link is stored: a fresh load shows it.
    await page.reload()
    await page.locator(`${control}[data-link-status="linked"]`).waitFor()
    expect(await page.locator(control).innerText()).toContain('Acme Ltd')

    // Unlink asks first; cancelling keeps the link.
    await page.getByRole('button', { name: 'Unlink', exact: true }).click()
    const dialog = page.locator('.confirmation-modal')
    await dialog.getByText('Unlink this Telegram user?').waitFor()
    expect(await dialog.innerText()).toContain('Acme Ltd')
    await dialog.locator('#confirm-cancel').click()
    await dialog.waitFor({ state: 'detached' })
    expect(await page.locator(control).getAttribute('data-link-status')).toBe('linked')

    await page.getByRole('button', { name: 'Unlink', exact: true }).click()
    await dialog.locator('#confirm-action').click()
    await page.locator(`${control}[data-link-status="unlinked"]`).waitFor()
    expect(await page.locator(control).innerText()).toContain('Not linked to a user')
    await expect.poll(textOf(page, '#field-user'), { timeout: 15_000 }).not.toContain('acme@switchboard.test')

    await page.reload()
    await page.locator(`${control}[data-link-status="unlinked"]`).waitFor()
  } finally {
    await page.close()
  }
})

test('the user page lists the linked Telegram account and every conversation the user sees', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    await page.goto(`${admin.baseUrl}/admin/collections/users`)
    await page.getByRole('link', { name: 'alice@switchboard.test', exact: true }).click()
    await page.waitForURL(/\/admin\/collections\/users\/\d+$/)

    const panel = page.locator('.sb-linked-accounts')
    await panel.getByText('Linked Telegram accounts').waitFor()
    await expect.poll(() => panel.innerText(), { timeout: 15_000 }).toContain('sees 3 conversations')
    const text = await panel.innerText()
    // Alice's Telegram account, linked automatically, and the chats visible through it …
    for (const expected of ['@alice_tg', 'Automatic (username match)', 'Alice', 'Beta testers']) expect(text).toContain(expected)
    // … and her website chat.
    expect(text).toContain('Website chat: Alice')

    await panel.getByRole('link', { name: 'Beta testers' }).click()
    await page.waitForURL(/\/admin\/collections\/conversations\/\d+$/)
    await page.getByText('Beta testers').first().waitFor()
  } finally {
    await page.close()
  }
})

test('the Telegram users list points to stale links, and staff keep one after checking it', async () => {
  const page = await admin.newPage()
  try {
    await admin.logIn(page, 'staff')
    await page.goto(`${admin.baseUrl}/admin/collections/telegram-users`)

    const notice = page.locator('.sb-stale-links')
    await notice.waitFor()
    expect(await notice.innerText()).toContain('1 Telegram user has a stale link')
    await notice.getByRole('link', { name: 'Review it' }).click()
    await page.waitForURL((url) => url.searchParams.get('where[linkStatus][equals]') === 'stale')

    // Only Bob's account is listed, and the notice says what the list shows.
    await notice.getByText('Show all Telegram users').waitFor()
    await expect.poll(() => page.locator('table tbody tr').count(), { timeout: 15_000 }).toBe(1)
    expect(await page.locator('table tbody').innerText()).toContain('Bob')

    await page.getByRole('link', { name: 'Bob', exact: true }).click()
    await page.waitForURL(/\/admin\/collections\/telegram-users\/\d+$/)
    await page.locator(`${control}[data-link-status="stale"]`).waitFor()
    const stale = await page.locator(control).innerText()
    expect(stale).toContain('The Telegram username changed since the automatic link was made; check it is still the same person')
    expect(stale).toContain('@bob_renamed')
    expect(stale).toContain('Bob Customer')

    // Staff checked it is still Bob: keeping the link makes it a manual one.
    await page.locator(control).getByRole('button', { name: 'Keep this link' }).first().click()
    await page.locator(`${control}[data-link-status="linked"]`).waitFor()
    expect(await page.locator(control).innerText()).toContain('Manual (staff)')
  } finally {
    await page.close()
  }
})
