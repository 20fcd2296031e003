import type { CollectionBeforeDeleteHook } from 'payload'

import { unlink } from 'node:fs/promises'
import path from 'node:path'

import type { ResolvedSwitchboardOptions } from '../types'

import { deleteConversationContent } from '../db/messages'
import { dbFor } from '../db/sqlExecutor'

/**
 * conversations `beforeDelete`: a conversation's messages and attachments go with it, in the same
 * transaction (neither can exist without its conversation). One statement each, however long the
 * history; the attachments' files are removed from storage after.
 */
export const deleteConversationMessages =
  (options: ResolvedSwitchboardOptions): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    const filenames = await deleteConversationContent(await dbFor(req), options, id)
    for (const filename of filenames) {
      if (filename) await unlink(path.join(options.attachments.staticDir, path.basename(filename))).catch(() => undefined)
    }
  }
