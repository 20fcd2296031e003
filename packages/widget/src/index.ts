/**
 * Switchboard chat widget: importing this module defines `<switchboard-chat>`.
 * The IIFE build exposes the same exports as `window.SwitchboardChat`.
 */
export { SwitchboardChat } from './switchboard-chat'
export { defaultStrings } from './strings'
export type { Strings } from './strings'
export type { ChatAttachment, ChatCustomer, ChatLimits, ChatMessage, ChatSession } from './contract'
export type { SwitchboardEventMap } from './events'
