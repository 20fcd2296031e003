'use client'

import { Button, useConfig, useDocumentInfo } from '@payloadcms/ui'
import React, { useState } from 'react'

import { messageOf, requestJson } from '../shared/request'

/**
 * In a conversation's "Stream Chat" group: queues the channel sync now (after fixing members in
 * Stream by hand, say). The job runs in the background; the status fields show its outcome.
 */
export const StreamResyncButton: React.FC = () => {
  const { id } = useDocumentInfo()
  const {
    config: {
      routes: { api },
    },
  } = useConfig()
  const [state, setState] = useState<{ busy: boolean; note?: string; error?: string }>({ busy: false })

  if (!id) return null
  const resync = async () => {
    setState({ busy: true })
    try {
      await requestJson(`${api}/switchboard/stream/resync/${id}`, { method: 'POST' })
      setState({ busy: false, note: 'Resync queued. Reload in a few seconds to see the new status.' })
    } catch (error) {
      setState({ busy: false, error: messageOf(error) })
    }
  }
  return (
    <div className="field-type" style={{ marginBottom: 'var(--base)' }}>
      <Button buttonStyle="secondary" disabled={state.busy} onClick={() => void resync()} size="small">
        {state.busy ? 'Queuing…' : 'Resync with Stream'}
      </Button>
      {state.note ? <p role="status">{state.note}</p> : null}
      {state.error ? <p role="alert" style={{ color: 'var(--theme-error-500)' }}>{state.error}</p> : null}
    </div>
  )
}
