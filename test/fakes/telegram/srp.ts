/**
 * The server side of Telegram's 2FA check (SRP-2048 with
 * passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow), as described in
 * https://core.telegram.org/api/srp — the counterpart of GramJS's `computeCheck` (telegram/Password.js).
 */
import { createHash, pbkdf2Sync, randomBytes, timingSafeEqual } from 'node:crypto'

/** Telegram's standard 2048-bit safe prime; g = 3. */
export const SRP_P = Buffer.from(
  'c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d22530f4db' +
    'fa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64' +
    '2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a695811051907e162753b56b0f6b41' +
    '0dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4' +
    'e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f0d8115f635b105ee2e4e15d04b2454bf' +
    '6f4fadf034b10403119cd8e3b92fcc5b',
  'hex',
)
export const SRP_G = 3

const p = BigInt('0x' + SRP_P.toString('hex'))
const g = BigInt(SRP_G)

const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest()
const toBig = (b: Buffer) => (b.length ? BigInt('0x' + b.toString('hex')) : 0n)
/** A number as the 256-byte big-endian string the protocol hashes. */
const pad = (n: bigint) => Buffer.from(n.toString(16).padStart(512, '0'), 'hex')
const padBytes = (b: Buffer) => Buffer.concat([Buffer.alloc(Math.max(0, 256 - b.length)), b])

function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n
  base %= mod
  while (exp > 0n) {
    if (exp & 1n) result = (result * base) % mod
    exp >>= 1n
    base = (base * base) % mod
  }
  return result
}
const bitLength = (n: bigint) => (n === 0n ? 0 : n.toString(2).length)
/** What GramJS's isGoodModExpFirst demands of g^a and g^b. */
const goodModExp = (n: bigint) => p - n > 0n && bitLength(p - n) >= 2048 - 64 && bitLength(n) >= 2048 - 64

/** x = PH2(password, salt1, salt2). */
export function passwordHash(password: string, salt1: Buffer, salt2: Buffer): Buffer {
  const sh = (data: Buffer, salt: Buffer) => sha256(salt, data, salt)
  const ph1 = sh(sh(Buffer.from(password, 'utf8'), salt1), salt2)
  return sh(pbkdf2Sync(ph1, salt1, 100000, 64, 'sha512'), salt2)
}

export interface SrpPassword {
  salt1: Buffer
  salt2: Buffer
  /** v = g^x mod p: all the server keeps of the password. */
  verifier: bigint
}

export function makeSrpPassword(password: string): SrpPassword {
  const salt1 = randomBytes(40)
  const salt2 = randomBytes(16)
  const x = toBig(passwordHash(password, salt1, salt2))
  return { salt1, salt2, verifier: modPow(g, x, p) }
}

const k = toBig(sha256(SRP_P, pad(g)))

export interface SrpChallenge {
  b: bigint
  /** B = k·v + g^b mod p, sent as srp_B. */
  B: Buffer
}

export function srpChallenge(password: SrpPassword): SrpChallenge {
  for (;;) {
    const b = toBig(randomBytes(256)) % p
    const gb = modPow(g, b, p)
    if (!goodModExp(gb)) continue
    const B = (k * password.verifier + gb) % p
    if (B <= 0n) continue
    return { b, B: pad(B) }
  }
}

/** Checks the client's A and M1 against the challenge; true when the password was right. */
export function srpVerify(password: SrpPassword, challenge: SrpChallenge, A: Buffer, M1: Buffer): boolean {
  const a = toBig(A)
  if (a <= 0n || a >= p || !goodModExp(a)) return false
  const aForHash = padBytes(A)
  const u = toBig(sha256(aForHash, challenge.B))
  if (u === 0n) return false
  const S = modPow((a * modPow(password.verifier, u, p)) % p, challenge.b, p)
  const K = sha256(pad(S))
  const hp = sha256(SRP_P)
  const hg = sha256(pad(g))
  const xor = Buffer.from(hp.map((byte, i) => byte ^ hg[i]!))
  const expected = sha256(xor, sha256(password.salt1), sha256(password.salt2), aForHash, challenge.B, K)
  return M1.length === expected.length && timingSafeEqual(M1, expected)
}
