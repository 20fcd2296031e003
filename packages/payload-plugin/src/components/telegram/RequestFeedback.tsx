'use client'

import React from 'react'

export interface RequestState {
  busy: boolean
  note?: string
  error?: string
}

/** A panel action's outcome: the error as an alert, progress and results in an always-present live region. */
export const RequestFeedback: React.FC<{ baseClass: string; request: RequestState }> = ({ baseClass, request }) => (
  <>
    {request.error ? (
      <p className={`${baseClass}__error`} role="alert">
        {request.error}
      </p>
    ) : null}
    <p className={`${baseClass}__note`} role="status">
      {request.busy ? 'Queuing…' : (request.note ?? '')}
    </p>
  </>
)
