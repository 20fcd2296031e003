import { expect, test } from 'vitest'

import { demoCredentials } from '../../dev/host/seed'
import { useAdminHarness } from './harness'

/**
 * The admin as a user meets it: the production build served by `next start` on a seeded
 * database, driven in real Chromium (see ./harness.ts).
 */

const admin = useAdminHarness()

test('staff log in to the admin and see the seeded conversations', async () => {
  const page = await admin.newPage()
  try {
    // Not logged in: the admin sends the visitor to its login page.
    await page.goto(`${admin.baseUrl}/admin`)
    await page.waitForURL(/\/admin\/login/)
    const email = page.locator('input[name="email"]')
    await email.waitFor()

    await email.fill(demoCredentials.staff.email)
    await page.locator('input[name="password"]').fill(demoCredentials.staff.password)
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((url) => url.pathname === '/admin')

    await page.goto(`${admin.baseUrl}/admin/collections/conversations`)
    const rows = page.locator('table tbody tr')
    await rows.first().waitFor()
    // The seed creates eight conversations; the list shows them by title.
    expect(await rows.count()).toBe(8)
    const titles = await page.locator('table tbody').innerText()
    for (const title of ['Alice', 'Wholesale buyers', 'Beta testers', 'Release notes']) expect(titles).toContain(title)
  } finally {
    await page.close()
  }
})
