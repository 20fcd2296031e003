import type { Payload } from 'payload'

/** Demo logins printed by `npm run dev` and `npm run seed`. Development data only. */
const password = 'switchboard-demo'
export const demoCredentials = {
  admin: { email: 'admin@switchboard.test', password },
  staff: { email: 'staff@switchboard.test', password },
  editor: { email: 'editor@switchboard.test', password },
  customer: { email: 'alice@switchboard.test', password },
} as const

/** Deterministic pseudo-random numbers, so every seeded database looks the same. */
const random = (() => {
  let state = 20261121
  return () => {
    state = (state * 1664525 + 1013904223) % 2 ** 32
    return state / 2 ** 32
  }
})()
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!

const customerLines = [
  'Hi! My order has not arrived yet, can you check the tracking number?',
  'Is the delivery tomorrow still on schedule?',
  'I was charged twice for the same invoice.',
  'Can I change the shipping address on my order?',
  'Thanks, that solved it!',
  'The app crashes when I open the billing page.',
  'Здравствуйте! Когда будет доставка?',
  'Guten Tag, ist die Rechnung schon verschickt?',
  'Do you have this in a larger size?',
  'Could you send me the receipt as a PDF?',
]
const staffLines = [
  'Thanks for reaching out, let me look into it.',
  'Your parcel is with the courier and should arrive tomorrow.',
  'I have refunded the duplicate charge; it takes 3–5 business days.',
  'Done, the address is updated.',
  'Could you send a screenshot of the error?',
  'Happy to help. Anything else?',
  'The invoice is attached to your account under Billing.',
]

const idOf = (value: unknown): unknown =>
  typeof value === 'object' && value !== null && 'id' in value ? (value as { id: unknown }).id : value

const messagesPerConversation = [900, 600, 450, 300, 250, 200, 150, 150]

/** The lines that tell a person how to log in to the demo (and the chat token, once). */
export const demoLoginLines = (chatToken?: string): string[] => [
  `Demo logins (password for all: ${password}):`,
  ...Object.entries(demoCredentials).map(([role, { email }]) => `  ${role.padEnd(9)}${email}`),
  ...(chatToken ? ['', `Demo chat token (shown once, stored only as a hash): ${chatToken}`] : []),
]

export interface SeedResult {
  /** False when demo data was already there (nothing was changed). */
  seeded: boolean
  /** Plaintext of the demo chat link, shown once. */
  chatToken?: string
}

/**
 * Loads honest demo data: the team (admin, staff, editor), customers, labels, a Telegram account
 * with Telegram users (some linked), one conversation of each type and a few thousand messages.
 * Idempotent: does nothing when the demo admin exists.
 */
export const seedDemoData = async (payload: Payload, log: (message: string) => void = () => {}): Promise<SeedResult> => {
  const existing = await payload.count({ collection: 'users', where: { email: { equals: demoCredentials.admin.email } } })
  if (existing.totalDocs > 0) return { seeded: false }

  log('Seeding demo data…')
  const user = (email: string, roles: string[], displayName: string, extra: Record<string, unknown> = {}) =>
    payload.create({ collection: 'users', data: { email, password, roles, displayName, ...extra } })

  const admin = await user(demoCredentials.admin.email, ['admin'], 'Ada Admin')
  const staff = await user(demoCredentials.staff.email, ['staff'], 'Sam Support')
  await user(demoCredentials.editor.email, ['editor'], 'Eddie Editor')
  const alice = await user(demoCredentials.customer.email, ['customer'], 'Alice Customer', { telegramUsername: 'alice_tg' })
  const bob = await user('bob@switchboard.test', ['customer'], 'Bob Customer', { telegramUsername: '@Bob_Builder' })
  const acme = await user('acme@switchboard.test', ['customer'], 'Acme Ltd', { accountType: 'company' })

  const labels = await Promise.all(
    [
      ['VIP', '#f59e0b'],
      ['Billing', '#3b82f6'],
      ['Bug', '#ef4444'],
      ['Follow-up', '#10b981'],
    ].map(([name, color]) => payload.create({ collection: 'labels', data: { name, color } })),
  )
  const labelIds = labels.map((label) => label.id)

  const account = await payload.create({
    collection: 'telegram-accounts',
    data: { name: 'Support line', kind: 'user', phone: '+15550100', owner: staff.id, status: 'needs-login' },
  })

  const now = Date.now()
  // The team entered Alice's and Bob's Telegram usernames on their users: the automatic rule links them.
  const tgUser = (telegramId: number, firstName: string, username: null | string) =>
    payload.create({ collection: 'telegram-users', data: { telegramId, firstName, username }, depth: 0 })
  const tgAlice = await tgUser(7_000_000_001, 'Alice', 'alice_tg')
  const tgBob = await tgUser(7_000_000_002, 'Bob', 'bob_builder')
  const tgCarol = await tgUser(7_000_000_003, 'Carol', 'carol_k')
  const tgDmitri = await tgUser(7_000_000_004, 'Дмитрий', null)
  const tgErika = await tgUser(7_000_000_005, 'Erika', 'erika_m')

  const tg = (id: number | string) => ({ relationTo: 'telegram-users', value: id })
  const us = (id: number | string) => ({ relationTo: 'users', value: id })

  const conversations = await Promise.all(
    [
      { source: 'telegram', type: 'private', title: 'Alice', externalId: 7_000_000_001, participants: [tg(tgAlice.id)], isPinned: true, labels: [labelIds[0]] },
      { source: 'telegram', type: 'private', title: 'Carol', externalId: 7_000_000_003, participants: [tg(tgCarol.id)], labels: [labelIds[1]] },
      { source: 'telegram', type: 'group', title: 'Wholesale buyers', externalId: -4_000_000_001, participants: [tg(tgBob.id), tg(tgCarol.id), tg(tgDmitri.id)] },
      { source: 'telegram', type: 'supergroup', title: 'Beta testers', externalId: -1_001_000_000_001, participants: [tg(tgErika.id), tg(tgDmitri.id), tg(tgAlice.id)], labels: [labelIds[2]] },
      { source: 'telegram', type: 'channel', title: 'Release notes', externalId: -1_001_000_000_002, participants: [], isMuted: true },
      { source: 'widget', type: 'widget', title: 'Website chat: Alice', participants: [us(alice.id), us(staff.id)], provider: staff.id, customer: alice.id },
      { source: 'direct', type: 'direct', title: 'Bob ↔ Sam', participants: [us(bob.id), us(staff.id)], labels: [labelIds[3]] },
      { source: 'direct', type: 'direct', title: 'Acme Ltd ↔ Sam', participants: [us(acme.id), us(staff.id)], isArchived: true },
    ].map((data) =>
      payload.create({
        collection: 'conversations',
        data: { ...data, ...(data.source === 'telegram' ? { account: account.id, syncStatus: 'idle' } : {}) },
      }),
    ),
  )

  let total = 0
  for (const [index, conversation] of conversations.entries()) {
    const count = messagesPerConversation[index] ?? 100
    const participants = ((conversation.participants ?? []) as Array<{ relationTo: string; value: unknown }>).map((p) => ({
      relationTo: p.relationTo,
      value: idOf(p.value),
    }))
    const isTelegram = conversation.source === 'telegram'
    let sentAt = now - count * 7 * 60_000
    let last: { text: string; sentAt: string } | undefined
    for (let start = 0; start < count; start += 50) {
      const page = Array.from({ length: Math.min(50, count - start) }, (_, offset) => {
        const incoming = random() < 0.55
        sentAt += Math.floor(random() * 12 * 60_000) + 30_000
        const sender = incoming ? participants.find((p) => p.value !== staff.id) : participants.find((p) => p.value === staff.id)
        const text = incoming ? pick(customerLines) : pick(staffLines)
        last = { text, sentAt: new Date(Math.min(sentAt, now)).toISOString() }
        return {
          conversation: conversation.id,
          externalId: isTelegram ? start + offset + 1 : undefined,
          direction: incoming ? 'in' : 'out',
          kind: 'text',
          text,
          sentAt: last.sentAt,
          sender,
          senderName: incoming ? (conversation.title ?? 'Customer') : 'Sam Support',
        }
      })
      await Promise.all(page.map((data) => payload.create({ collection: 'messages', data: data as never, depth: 0 })))
    }
    total += count
    if (last) {
      await payload.update({
        collection: 'conversations',
        id: conversation.id,
        data: {
          lastMessageAt: last.sentAt,
          lastMessagePreview: last.text.slice(0, 140),
          unreadCount: index % 3 === 0 ? Math.floor(random() * 5) + 1 : 0,
          ...(isTelegram ? { lastSyncedMessageId: count, fullSyncCompleted: true, syncedMessageCount: count } : {}),
        },
      })
    }
  }

  const token = await payload.create({
    collection: 'chat-tokens',
    data: { kind: 'personal', provider: staff.id, note: 'Demo chat link' },
    user: staff,
  })

  log(`Seeded ${conversations.length} conversations and ${total} messages (admin ${admin.email}).`)
  return { seeded: true, chatToken: (token as { token?: string }).token }
}
