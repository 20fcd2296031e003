/**
 * TL helpers shared by the MTProto server and the invoke-level fake: strict serialization of
 * results through GramJS's own serializer (`.getBytes()`), checked against the return type the
 * schema declares for the request, and strict parsing of requests with `BinaryReader`.
 */
import type { Api } from 'telegram'
import { BinaryReader } from 'telegram/extensions'
import { crc32, returnBigInt } from 'telegram/Helpers'
import apiTl from 'telegram/tl/apiTl'
import schemaTl from 'telegram/tl/schemaTl'

export type BigInteger = ReturnType<typeof returnBigInt>

/** A long as GramJS wants it (big-integer) from a native bigint or number. */
export const long = (value: bigint | number | string): BigInteger => returnBigInt(value)
/** A long read by GramJS (big-integer) as a native bigint. */
export const toBigint = (value: BigInteger | bigint | number | string): bigint =>
  typeof value === 'bigint' ? value : BigInt(value.toString())

const BOOL_TRUE = 0x997275b5
const BOOL_FALSE = 0xbc799737
const VECTOR = 0x1cb5c415

/** Return type of every TL function (API and MTProto schema), by constructor id. */
const resultTypes = new Map<number, string>()
for (const content of [apiTl, schemaTl]) {
  let functions = false
  for (const raw of content.split('\n')) {
    const line = raw.split('//')[0]!.trim()
    if (!line) continue
    const section = /^---(\w+)---$/.exec(line)
    if (section) {
      functions = section[1] === 'functions'
      continue
    }
    if (!functions) continue
    const match = /^[\w.]+#([0-9a-f]+)\b.*=\s*([^;]+);$/.exec(line)
    if (match) resultTypes.set(parseInt(match[1]!, 16), match[2]!.trim())
  }
}

/** The schema's return type of a request, e.g. `messages.Messages`, `Vector<User>`, `Bool`. */
export function resultTypeOf(request: { CONSTRUCTOR_ID: number; className: string }): string {
  const type = resultTypes.get(request.CONSTRUCTOR_ID)
  if (!type) throw new Error(`No TL return type known for ${request.className}`)
  return type
}

interface TLObject {
  CONSTRUCTOR_ID: number
  SUBCLASS_OF_ID: number
  className: string
  getBytes(): Buffer
}
const isTLObject = (value: unknown): value is TLObject =>
  typeof value === 'object' && value !== null && typeof (value as TLObject).getBytes === 'function' &&
  typeof (value as TLObject).SUBCLASS_OF_ID === 'number'

/**
 * `obj.getBytes()`, but failing on what GramJS only logs: its `validate()` reports wrong field
 * types (a string where an int belongs, a number where bytes belong…) with `console.error` and
 * serializes anyway. Here any such report, in this object or a nested one, is an error.
 */
export function strictBytes(obj: TLObject): Buffer {
  const problems: string[] = []
  const original = console.error
  console.error = (...args: unknown[]) => {
    const first = args[0]
    if (first instanceof Error && first.name === 'CastError') problems.push(first.message)
    else original(...args)
  }
  let bytes: Buffer
  try {
    bytes = obj.getBytes()
  } finally {
    console.error = original
  }
  if (problems.length) throw new Error(`Invalid ${obj.className}: ${problems.join('; ')}`)
  return bytes
}

const int32 = (value: number) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(value >>> 0, 0)
  return b
}

/**
 * Serializes a handler's result as the TL type the request returns, refusing anything else:
 * an object of another type, a vector of the wrong items, a boolean for an object…
 * Then reads it back with the request's own `readResult`, exactly as the client will.
 */
export function serializeResult(request: TLObject & { readResult(reader: BinaryReader): unknown }, result: unknown): Buffer {
  const type = resultTypeOf(request)
  let bytes: Buffer
  if (type === 'Bool') {
    if (typeof result !== 'boolean') throw new Error(`${request.className} returns Bool, got ${describe(result)}`)
    bytes = int32(result ? BOOL_TRUE : BOOL_FALSE)
  } else if (type.startsWith('Vector<')) {
    const item = type.slice('Vector<'.length, -1)
    if (!Array.isArray(result)) throw new Error(`${request.className} returns ${type}, got ${describe(result)}`)
    const parts: Buffer[] = [int32(VECTOR), int32(result.length)]
    for (const x of result) {
      if (item === 'int') {
        if (typeof x !== 'number') throw new Error(`${request.className} returns ${type}, got an item ${describe(x)}`)
        parts.push(int32(x))
      } else if (item === 'long') {
        const b = Buffer.alloc(8)
        b.writeBigInt64LE(toBigint(x as bigint), 0)
        parts.push(b)
      } else {
        if (!isTLObject(x) || x.SUBCLASS_OF_ID !== crc32(item)) {
          throw new Error(`${request.className} returns ${type}, got an item ${describe(x)}`)
        }
        parts.push(strictBytes(x))
      }
    }
    bytes = Buffer.concat(parts)
  } else {
    if (!isTLObject(result)) throw new Error(`${request.className} returns ${type}, got ${describe(result)}`)
    if (type !== 'X' && result.SUBCLASS_OF_ID !== crc32(type)) {
      throw new Error(`${request.className} returns ${type}, got ${result.className}`)
    }
    bytes = strictBytes(result)
  }
  const reader = new BinaryReader(bytes)
  request.readResult(reader)
  if (reader.tellPosition() !== bytes.length) {
    throw new Error(`${request.className}: the serialized result has ${bytes.length - reader.tellPosition()} trailing bytes`)
  }
  return bytes
}

/** A constructor (e.g. Api.Updates) serialized strictly and checked to read back whole. */
export function serializeObject(obj: TLObject): Buffer {
  const bytes = strictBytes(obj)
  const reader = new BinaryReader(bytes)
  reader.tgReadObject()
  if (reader.tellPosition() !== bytes.length) throw new Error(`${obj.className}: trailing bytes after serialization`)
  return bytes
}

/** Reads back a serialized result the way GramJS's sender does (`request.readResult`). */
export function readResult<T>(request: { readResult(reader: BinaryReader): unknown }, bytes: Buffer): T {
  return request.readResult(new BinaryReader(bytes)) as T
}

/** Parses one TL request, refusing unknown constructors, non-requests and trailing bytes. */
export function readRequest(body: Buffer): Api.AnyRequest {
  const reader = new BinaryReader(body)
  const obj: unknown = reader.tgReadObject()
  if (!isTLObject(obj) || (obj as { classType?: string }).classType !== 'request') {
    throw new Error(`Not a request: ${describe(obj)}`)
  }
  if (reader.tellPosition() !== body.length) {
    throw new Error(`${obj.className}: ${body.length - reader.tellPosition()} trailing bytes after the request`)
  }
  return obj as unknown as Api.AnyRequest
}

function describe(value: unknown): string {
  if (isTLObject(value)) return value.className
  if (Array.isArray(value)) return 'an array'
  return value === null ? 'null' : typeof value
}
