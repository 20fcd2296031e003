'use client'
// Client components registered in the Payload import map are exported from here.
export { LinkedTelegramAccounts, type LinkedTelegramAccountsProps } from '../components/LinkedTelegramAccounts'
export { LinkedUserControl, type LinkedUserControlProps } from '../components/LinkedUserControl'
export { StreamResyncButton } from '../components/StreamResyncButton'
export { ChatTokenCreator, type ChatTokenCreatorProps } from '../components/ChatTokenCreator'
export { ChatTokenRevoke } from '../components/ChatTokenRevoke'
export { ChatTokenSaveButton, type ChatTokenSaveButtonProps } from '../components/ChatTokenSaveButton'
