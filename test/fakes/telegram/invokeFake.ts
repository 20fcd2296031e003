/**
 * The fake Telegram at the invoke level, for fine-grained tests of code that takes an
 * `invoke(request)` function: no sockets, but the same wire discipline as the MTProto server.
 * The request is serialized with `.getBytes()` and read back with BinaryReader (an invalid
 * request fails), handled by the FakeTelegram world, and the result is serialized strictly as
 * the type the request returns and read back with the request's `readResult`, as GramJS does.
 * RPC errors are thrown as GramJS throws them (`RPCMessageToError`): FloodWaitError with
 * `.seconds`, RPCError with `.code` / `.errorMessage`…
 */
import { Api } from 'telegram'
import { RPCMessageToError } from 'telegram/errors'

import { readRequest, readResult, serializeResult, strictBytes } from './tl'
import { FakeRpcError, type FakeTelegram } from './world'

export interface InvokeFake {
  invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']>
  /** Live updates pushed to this "session" (those caused by its own requests excluded). */
  readonly updates: Api.TypeUpdates[]
  /** Stops collecting updates. */
  close(): void
}

export function invokeFake(world: FakeTelegram): InvokeFake {
  const session = {}
  const updates: Api.TypeUpdates[] = []
  const unsubscribe = world.subscribe((pushed, origin) => {
    if (origin !== session) updates.push(pushed)
  })
  return {
    updates,
    close: unsubscribe,
    async invoke<R extends Api.AnyRequest>(request: R): Promise<R['__response']> {
      const wire = readRequest(strictBytes(request))
      let value: unknown
      try {
        value = await world.handle(wire, { origin: session })
      } catch (error) {
        if (error instanceof FakeRpcError) {
          throw RPCMessageToError(new Api.RpcError({ errorCode: error.code, errorMessage: error.errorMessage }), request)
        }
        throw error
      }
      return readResult<R['__response']>(wire as never, serializeResult(wire as never, value))
    },
  }
}
