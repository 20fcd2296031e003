/** A piece of message text: plain text, or an http(s) link. */
export type TextPart = string | { href: string; text: string }

const candidate = /\bhttps?:\/\/[^\s<>"'`]+/gi

/**
 * Splits message text into plain text and http(s) links, for rendering as text nodes and `<a>`s.
 * Trailing punctuation (and an unbalanced closing parenthesis) is left out of a link, so
 * "see https://x.test/a." links to `https://x.test/a`. Nothing here produces HTML.
 */
export const linkify = (text: string): TextPart[] => {
  const parts: TextPart[] = []
  let last = 0
  for (const match of text.matchAll(candidate)) {
    let url = match[0]
    for (;;) {
      const end = url.at(-1)!
      const unbalanced = end === ')' && url.split('(').length < url.split(')').length
      if (!unbalanced && !'.,;:!?\'"]}*'.includes(end)) break
      url = url.slice(0, -1)
    }
    const start = match.index
    let href = ''
    try {
      const parsed = new URL(url)
      if (/^https?:$/.test(parsed.protocol) && parsed.host) href = parsed.href
    } catch {
      // Not a URL after all: stays text.
    }
    if (!href) continue
    if (start > last) parts.push(text.slice(last, start))
    parts.push({ href, text: url })
    last = start + url.length
  }
  if (last < text.length) parts.push(text.slice(last))
  return parts
}
