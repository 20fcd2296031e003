/** One message as a history sync would write it: the columns every ingest method fills. */
export interface FixtureMessage {
  externalId: number
  senderName: string
  text: string
  direction: 'in' | 'out'
  kind: 'text'
  sentAt: string
  editedAt: string | null
}

/** mulberry32: a seeded PRNG, so every method and every run writes exactly the same data. */
const seeded = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const common = `the a to and you i it is for on we order can your this be will have delivery tomorrow today thanks
please price send invoice address payment ok yes no when how what where hello hi time week call back check
status parcel box size color photo link account update problem refund question answer morning evening`.split(/\s+/)
// Cyrillic words too: chats are multilingual, which is why the tsvector uses the `simple` config.
const cyrillic = 'привет спасибо заказ доставка завтра сегодня оплата адрес цена счёт хорошо да нет когда где'.split(' ')
const syllables = ['ka', 'ro', 'mi', 'te', 'lu', 'sa', 'no', 'vi', 'de', 'po', 'ra', 'zen', 'tor', 'bel', 'gan']

/**
 * `count` messages of one conversation with chat-like texts: word counts log-normal (median ≈7
 * words, a long tail up to 300), mostly common words plus rarer made-up ones so the GIN index sees
 * a realistic spread of lexemes, an occasional line break; increasing external ids; sentAt spread
 * over about a year; a few edited messages.
 */
export const fixtureMessages = (count: number, seed = 42): FixtureMessage[] => {
  const random = seeded(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!
  const rareWord = () => Array.from({ length: 2 + Math.floor(random() * 3) }, () => pick(syllables)).join('')
  const word = () => {
    const r = random()
    return r < 0.8 ? pick(common) : r < 0.9 ? pick(cyrillic) : rareWord()
  }
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random())

  let at = Date.parse('2024-01-01T08:00:00Z')
  return Array.from({ length: count }, (_, index) => {
    const words = Math.min(300, Math.max(1, Math.round(Math.exp(2 + 0.9 * normal()))))
    const text = Array.from({ length: words }, (_, i) => (i > 0 && random() < 0.02 ? '\n' : '') + word()).join(' ')
    // Exponential gaps with a 5-minute mean: 100k messages span about a year.
    at += Math.round(-Math.log(1 - random()) * 300_000)
    const direction = random() < 0.55 ? 'in' : 'out'
    return {
      externalId: index + 1,
      senderName: direction === 'in' ? 'Anna Customer' : pick(['Support Bot', 'Max Staff', 'Olga Staff']),
      text,
      direction,
      kind: 'text',
      sentAt: new Date(at).toISOString(),
      editedAt: random() < 0.03 ? new Date(at + 60_000).toISOString() : null,
    }
  })
}

/** What a correct ingest leaves in the table, to check a method wrote every row and every character. */
export const fixtureChecksum = (messages: FixtureMessage[]) => ({
  rows: messages.length,
  externalIdSum: messages.reduce((sum, m) => sum + m.externalId, 0),
  // Code points, as Postgres char_length counts them.
  textChars: messages.reduce((sum, m) => sum + Array.from(m.text).length, 0),
})

/** Pages of `size` rows: the unit a history sync writes in one transaction. */
export const pages = <T>(rows: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(rows.length / size) }, (_, i) => rows.slice(i * size, (i + 1) * size))
