// The plugin's public types, importable without loading its runtime code.
export type {
  AttachmentOptions,
  CollectionOverride,
  MirroredSource,
  RealtimeOptions,
  ResolvedSwitchboardOptions,
  StreamOptions,
  SwitchboardCollectionKey,
  SwitchboardOptions,
  SwitchboardSlugs,
  TelegramOptions,
} from '../types'
export type { Role } from '../access/roles'
export type { RunningWorker, WorkerSettings } from '../worker/worker'
