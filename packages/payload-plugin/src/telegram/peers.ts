import { Api } from 'telegram'
import bigInt from 'big-integer'

/** A Telegram peer as Switchboard stores it: kind, bare id and (users, channels) access hash. */
export interface PeerRef {
  kind: 'channel' | 'chat' | 'user'
  id: string
  accessHash?: string
}

const channelMark = 1_000_000_000_000

/**
 * The Bot-API style "marked" id used as a conversation's `externalId`: users positive, basic
 * groups negative, channels and supergroups -100…; one number space, so ids never collide.
 */
export const markedPeerId = (peer: Pick<PeerRef, 'id' | 'kind'>): number => {
  const id = Number(peer.id)
  return peer.kind === 'user' ? id : peer.kind === 'chat' ? -id : -(channelMark + id)
}

/** The inverse of `markedPeerId`. */
export const peerFromMarkedId = (marked: number, accessHash?: string | null): PeerRef => {
  if (marked > 0) return { kind: 'user', id: String(marked), accessHash: accessHash ?? undefined }
  if (marked <= -channelMark) return { kind: 'channel', id: String(-marked - channelMark), accessHash: accessHash ?? undefined }
  return { kind: 'chat', id: String(-marked) }
}

/** The peer an `Api.Peer*` names (without reading or mutating it like GramJS's `getPeerId`). */
export const peerRefOf = (peer: Api.TypePeer): PeerRef =>
  peer instanceof Api.PeerUser
    ? { kind: 'user', id: peer.userId.toString() }
    : peer instanceof Api.PeerChat
      ? { kind: 'chat', id: peer.chatId.toString() }
      : { kind: 'channel', id: peer.channelId.toString() }

export const samePeer = (a: Pick<PeerRef, 'id' | 'kind'>, b: Pick<PeerRef, 'id' | 'kind'>): boolean => a.kind === b.kind && a.id === b.id

export const inputPeer = (peer: PeerRef): Api.TypeInputPeer =>
  peer.kind === 'user'
    ? new Api.InputPeerUser({ userId: bigInt(peer.id), accessHash: bigInt(peer.accessHash ?? '0') })
    : peer.kind === 'chat'
      ? new Api.InputPeerChat({ chatId: bigInt(peer.id) })
      : new Api.InputPeerChannel({ channelId: bigInt(peer.id), accessHash: bigInt(peer.accessHash ?? '0') })

export const inputChannel = (peer: PeerRef): Api.InputChannel =>
  new Api.InputChannel({ channelId: bigInt(peer.id), accessHash: bigInt(peer.accessHash ?? '0') })
