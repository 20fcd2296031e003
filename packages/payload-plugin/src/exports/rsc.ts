// Server components registered in the Payload import map are exported from here.
export { StaleLinksNotice } from '../components/linking/StaleLinksNotice'
export { SwitchboardDashboard } from '../components/dashboard/SwitchboardDashboard'
export { InboxView } from '../views/InboxView'
export { TelegramConnectView } from '../views/TelegramConnectView'
export { HealthPanel } from '../components/health/HealthPanel'
