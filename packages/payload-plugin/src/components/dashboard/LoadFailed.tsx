'use client'

import { Button } from '@payloadcms/ui'
import React from 'react'

/** A dashboard panel's figures could not be loaded: what went wrong, and a way to try again. */
export const LoadFailed: React.FC<{ className: string; message: string; onRetry: () => void }> = ({ className, message, onRetry }) => (
  <div className={className} role="alert">
    <p>{message}</p>
    <Button buttonStyle="secondary" margin={false} onClick={onRetry} size="small" type="button">
      Try again
    </Button>
  </div>
)
