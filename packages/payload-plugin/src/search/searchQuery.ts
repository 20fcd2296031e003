/**
 * One term of a search: text Postgres splits into words itself (a word or a quoted phrase, both
 * matched as a phrase, so `e-mail` keeps its parts in order), or a prefix (`parc*`).
 */
export interface SearchTerm {
  kind: 'text' | 'prefix'
  /** The words, without quotes; for a prefix only letters, digits and `_`. */
  text: string
  /** `-word`, `-"a phrase"`, `-parc*`: messages that contain it are left out. */
  negated: boolean
}

/** Alternatives (`or`) of terms that must all hold: `a b or c` is (a and b) or c. */
export type SearchQuery = SearchTerm[][]

const token = /(-?)"([^"]*)"?|\S+/gu
const prefix = /^([\p{L}\p{N}_]+)\*$/u

/**
 * A search box's text → terms: words, "phrases", `-exclusion`, `or` between alternatives and
 * `word*` prefixes — web-search syntax plus prefixes. Pure: what a word is stays Postgres' call
 * (the same parser that built the stored vector), so this only finds the structure. `or` at the
 * start, at the end or twice in a row is a word, as in `websearch_to_tsquery`; so is a lone `-`'s
 * neighbour (the `-` itself is dropped).
 */
export const parseSearchQuery = (q: string): SearchQuery => {
  const tokens = [...q.matchAll(token)]
  const alternatives: SearchQuery = [[]]
  tokens.forEach((match, index) => {
    const current = alternatives.at(-1)!
    const [whole, minus, quoted] = match
    if (quoted !== undefined) {
      current.push({ kind: 'text', text: quoted, negated: minus === '-' })
      return
    }
    const isOr = whole.toLowerCase() === 'or' && current.length > 0 && index < tokens.length - 1
    if (isOr) {
      alternatives.push([])
      return
    }
    const negated = whole.startsWith('-')
    const word = negated ? whole.slice(1) : whole
    if (!word) return
    const prefixWord = prefix.exec(word)?.[1]
    current.push(prefixWord ? { kind: 'prefix', text: prefixWord.toLowerCase(), negated } : { kind: 'text', text: word, negated })
  })
  return alternatives.filter((terms) => terms.length > 0)
}
