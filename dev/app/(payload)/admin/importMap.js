import { LinkedTelegramAccounts as LinkedTelegramAccounts_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { AccountSyncPanel as AccountSyncPanel_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { LinkedUserControl as LinkedUserControl_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { StaleLinksNotice as StaleLinksNotice_d185cb68aaa6cb5dd8ce8c61d91e55f4 } from '@switchboard/payload-plugin/rsc'
import { ConversationSyncPanel as ConversationSyncPanel_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { ChatTokenRevoke as ChatTokenRevoke_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { ChatTokenCreator as ChatTokenCreator_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { ChatTokenSaveButton as ChatTokenSaveButton_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { LabelColorField as LabelColorField_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { SwitchboardDashboard as SwitchboardDashboard_d185cb68aaa6cb5dd8ce8c61d91e55f4 } from '@switchboard/payload-plugin/rsc'
import { HealthPanel as HealthPanel_d185cb68aaa6cb5dd8ce8c61d91e55f4 } from '@switchboard/payload-plugin/rsc'
import { InboxNavLink as InboxNavLink_e77529fc352ee2988d3d8ba19ea3c264 } from '@switchboard/payload-plugin/client'
import { InboxView as InboxView_d185cb68aaa6cb5dd8ce8c61d91e55f4 } from '@switchboard/payload-plugin/rsc'
import { TelegramConnectView as TelegramConnectView_d185cb68aaa6cb5dd8ce8c61d91e55f4 } from '@switchboard/payload-plugin/rsc'
import { CollectionCards as CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1 } from '@payloadcms/next/rsc'

/** @type import('payload').ImportMap */
export const importMap = {
  "@switchboard/payload-plugin/client#LinkedTelegramAccounts": LinkedTelegramAccounts_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/client#AccountSyncPanel": AccountSyncPanel_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/client#LinkedUserControl": LinkedUserControl_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/rsc#StaleLinksNotice": StaleLinksNotice_d185cb68aaa6cb5dd8ce8c61d91e55f4,
  "@switchboard/payload-plugin/client#ConversationSyncPanel": ConversationSyncPanel_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/client#ChatTokenRevoke": ChatTokenRevoke_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/client#ChatTokenCreator": ChatTokenCreator_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/client#ChatTokenSaveButton": ChatTokenSaveButton_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/client#LabelColorField": LabelColorField_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/rsc#SwitchboardDashboard": SwitchboardDashboard_d185cb68aaa6cb5dd8ce8c61d91e55f4,
  "@switchboard/payload-plugin/rsc#HealthPanel": HealthPanel_d185cb68aaa6cb5dd8ce8c61d91e55f4,
  "@switchboard/payload-plugin/client#InboxNavLink": InboxNavLink_e77529fc352ee2988d3d8ba19ea3c264,
  "@switchboard/payload-plugin/rsc#InboxView": InboxView_d185cb68aaa6cb5dd8ce8c61d91e55f4,
  "@switchboard/payload-plugin/rsc#TelegramConnectView": TelegramConnectView_d185cb68aaa6cb5dd8ce8c61d91e55f4,
  "@payloadcms/next/rsc#CollectionCards": CollectionCards_f9c02e79a4aed9a3924487c0cd4cafb1
}
