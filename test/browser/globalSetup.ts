import { chromiumMissing, chromiumMissingMessage, chromiumRequired } from './chromium'

/** Says once, before the browser tests, whether they will run. */
export default function setup() {
  if (!chromiumMissing()) return
  if (chromiumRequired()) console.error(`Browser tests FAIL: ${chromiumMissingMessage} SWITCHBOARD_REQUIRE_CHROMIUM is set.`)
  else console.warn(`Browser tests skipped: ${chromiumMissingMessage}`)
}
