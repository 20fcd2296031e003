import * as migration_20261121_055247_initial from './20261121_055247_initial';
import * as migration_20261121_061546_inbox_muted_index from './20261121_061546_inbox_muted_index';
import * as migration_20261121_062119_identity_linking from './20261121_062119_identity_linking';
import * as migration_20261121_063341_stream_mirror from './20261121_063341_stream_mirror';
import * as migration_20261121_064007_token_chat from './20261121_064007_token_chat';
import * as migration_20261121_070440_inbox_search_stats from './20261121_070440_inbox_search_stats';
import * as migration_20261121_082007_telegram_sync from './20261121_082007_telegram_sync';
import * as migration_20261121_085436_telegram_worker from './20261121_085436_telegram_worker';
import * as migration_20261207_052305_security from './20261207_052305_security';
import * as migration_20261207_145543_helpdesk from './20261207_145543_helpdesk';
import * as migration_20261207_153755_live_attachments_reports from './20261207_153755_live_attachments_reports';

export const migrations = [
  {
    up: migration_20261121_055247_initial.up,
    down: migration_20261121_055247_initial.down,
    name: '20261121_055247_initial',
  },
  {
    up: migration_20261121_061546_inbox_muted_index.up,
    down: migration_20261121_061546_inbox_muted_index.down,
    name: '20261121_061546_inbox_muted_index',
  },
  {
    up: migration_20261121_062119_identity_linking.up,
    down: migration_20261121_062119_identity_linking.down,
    name: '20261121_062119_identity_linking',
  },
  {
    up: migration_20261121_063341_stream_mirror.up,
    down: migration_20261121_063341_stream_mirror.down,
    name: '20261121_063341_stream_mirror',
  },
  {
    up: migration_20261121_064007_token_chat.up,
    down: migration_20261121_064007_token_chat.down,
    name: '20261121_064007_token_chat',
  },
  {
    up: migration_20261121_070440_inbox_search_stats.up,
    down: migration_20261121_070440_inbox_search_stats.down,
    name: '20261121_070440_inbox_search_stats',
  },
  {
    up: migration_20261121_082007_telegram_sync.up,
    down: migration_20261121_082007_telegram_sync.down,
    name: '20261121_082007_telegram_sync',
  },
  {
    up: migration_20261121_085436_telegram_worker.up,
    down: migration_20261121_085436_telegram_worker.down,
    name: '20261121_085436_telegram_worker',
  },
  {
    up: migration_20261207_052305_security.up,
    down: migration_20261207_052305_security.down,
    name: '20261207_052305_security',
  },
  {
    up: migration_20261207_145543_helpdesk.up,
    down: migration_20261207_145543_helpdesk.down,
    name: '20261207_145543_helpdesk',
  },
  {
    up: migration_20261207_153755_live_attachments_reports.up,
    down: migration_20261207_153755_live_attachments_reports.down,
    name: '20261207_153755_live_attachments_reports',
  },
];
