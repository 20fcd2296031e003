import config from '@payload-config'
import { getPayload } from 'payload'

let minted: Promise<string | undefined> | undefined

/**
 * A public chat link for the demo page, minted once per server process (the plaintext of a
 * stored link cannot be read back). Customers reach the first staff member. Undefined when there
 * is no staff member yet (run `npm run seed`).
 */
export const demoChatToken = (): Promise<string | undefined> => {
  minted ??= (async () => {
    const payload = await getPayload({ config })
    const staff = await payload.find({ collection: 'users', limit: 1, depth: 0, where: { roles: { in: ['staff'] } } })
    const provider = staff.docs[0]
    if (!provider) return undefined
    const token = await payload.create({
      collection: 'chat-tokens',
      data: { kind: 'public', note: 'Demo page', provider: provider.id },
      user: provider,
    })
    return (token as { token?: string }).token
  })().catch((error: unknown) => {
    minted = undefined
    throw error
  })
  return minted
}
