/** A fake Telegram for tests: the world (state + API handlers), its MTProto server, an invoke-level fake. */
export {
  FakeTelegram,
  FakeRpcError,
  channelPeer,
  chatPeer,
  userPeer,
  type DcAddress,
  type DialogFlags,
  type FakeChannelInput,
  type FakeGroupInput,
  type FakePeer,
  type FakeTelegramOptions,
  type FakeUserInput,
  type HandleContext,
  type MediaInput,
  type MessageOptions,
  type PeerKind,
  type UpdatesListener,
} from './world'
export { startFakeTelegramServer, type FakeTelegramServer, type FakeTelegramServerOptions } from './mtprotoServer'
export { invokeFake, type InvokeFake } from './invokeFake'
export { long, toBigint } from './tl'
export { destroyClient } from './client'
