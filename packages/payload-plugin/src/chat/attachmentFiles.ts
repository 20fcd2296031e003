/** Types recognised by their first bytes: a file claiming one of them must really be one. */
const signatures: Record<string, (bytes: Buffer) => boolean> = {
  'image/png': (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])),
  'image/jpeg': (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  'image/gif': (b) => /^GIF8[79]a/.test(b.subarray(0, 6).toString('latin1')),
  'image/webp': (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP',
  'application/pdf': (b) => b.subarray(0, 5).toString('latin1') === '%PDF-',
}

/** Images a browser shows inline without running anything; every other type is served as a download. */
export const inlineImageTypes: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp'])

/**
 * The file's type as far as it can be trusted: the recognised type its bytes show, else the
 * declared one unless it claims a recognisable type its bytes do not have (then undefined).
 */
export const attachmentType = (bytes: Buffer, declared: string): string | undefined => {
  const detected = Object.keys(signatures).find((type) => signatures[type]!(bytes))
  if (detected) return detected
  const claimed = declared.split(';')[0]!.trim().toLowerCase()
  return claimed && !(claimed in signatures) ? claimed : undefined
}

/** `10 MB`, `512 KB`, `300 bytes`. */
export const formatBytes = (bytes: number): string =>
  bytes >= 1024 * 1024
    ? `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`
    : bytes >= 1024
      ? `${Math.round((bytes / 1024) * 10) / 10} KB`
      : `${bytes} bytes`

/** What a person may attach, in words: `PNG, JPEG, GIF, WebP or PDF`. */
export const describeTypes = (mimeTypes: string[]): string => {
  const names = mimeTypes.map((type) => ({ 'image/webp': 'WebP', 'image/jpeg': 'JPEG' })[type] ?? (type.split('/')[1] ?? type).toUpperCase())
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : (names[0] ?? 'no file')
}

/** A file name safe to store and to put in a header: no path, no control characters, at most 120 characters. */
export const cleanFileName = (name: string): string => {
  // eslint-disable-next-line no-control-regex
  const base = (name.split(/[\\/]/).pop() ?? '').replace(/[\u0000-\u001f\u007f"]/g, '').trim()
  return base.slice(-120) || 'attachment'
}
