import { LinkedTelegramAccounts as LinkedTelegramAccounts_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { AccountSyncPanel as AccountSyncPanel_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { LinkedUserControl as LinkedUserControl_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { StaleLinksNotice as StaleLinksNotice_a670df55f873d690900f80db9379871d } from '../../../src/exports/rsc'
import { ConversationSyncPanel as ConversationSyncPanel_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { ChatTokenRevoke as ChatTokenRevoke_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { ChatTokenCreator as ChatTokenCreator_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { ChatTokenSaveButton as ChatTokenSaveButton_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { LabelColorField as LabelColorField_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { SwitchboardDashboard as SwitchboardDashboard_a670df55f873d690900f80db9379871d } from '../../../src/exports/rsc'
import { HealthPanel as HealthPanel_a670df55f873d690900f80db9379871d } from '../../../src/exports/rsc'
import { InboxNavLink as InboxNavLink_2b71959839799864f322ce5856bae94e } from '../../../src/exports/client'
import { InboxView as InboxView_a670df55f873d690900f80db9379871d } from '../../../src/exports/rsc'
import { TelegramConnectView as TelegramConnectView_a670df55f873d690900f80db9379871d } from '../../../src/exports/rsc'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "/src/exports/client#LinkedTelegramAccounts": LinkedTelegramAccounts_2b71959839799864f322ce5856bae94e,
  "/src/exports/client#AccountSyncPanel": AccountSyncPanel_2b71959839799864f322ce5856bae94e,
  "/src/exports/client#LinkedUserControl": LinkedUserControl_2b71959839799864f322ce5856bae94e,
  "/src/exports/rsc#StaleLinksNotice": StaleLinksNotice_a670df55f873d690900f80db9379871d,
  "/src/exports/client#ConversationSyncPanel": ConversationSyncPanel_2b71959839799864f322ce5856bae94e,
  "/src/exports/client#ChatTokenRevoke": ChatTokenRevoke_2b71959839799864f322ce5856bae94e,
  "/src/exports/client#ChatTokenCreator": ChatTokenCreator_2b71959839799864f322ce5856bae94e,
  "/src/exports/client#ChatTokenSaveButton": ChatTokenSaveButton_2b71959839799864f322ce5856bae94e,
  "/src/exports/client#LabelColorField": LabelColorField_2b71959839799864f322ce5856bae94e,
  "/src/exports/rsc#SwitchboardDashboard": SwitchboardDashboard_a670df55f873d690900f80db9379871d,
  "/src/exports/rsc#HealthPanel": HealthPanel_a670df55f873d690900f80db9379871d,
  "/src/exports/client#InboxNavLink": InboxNavLink_2b71959839799864f322ce5856bae94e,
  "/src/exports/rsc#InboxView": InboxView_a670df55f873d690900f80db9379871d,
  "/src/exports/rsc#TelegramConnectView": TelegramConnectView_a670df55f873d690900f80db9379871d,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
