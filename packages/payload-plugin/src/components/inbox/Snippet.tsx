'use client'

import React from 'react'

import type { SnippetPart } from './types'

/**
 * A search snippet: plain text, with the matching parts in `<mark>` elements made here. The
 * server's parts are never parsed as HTML.
 */
export const Snippet: React.FC<{ parts: SnippetPart[] }> = ({ parts }) => (
  <span className="sb-inbox-snippet">
    {parts.map((part, index) =>
      part.match ? <mark key={index}>{part.text}</mark> : <React.Fragment key={index}>{part.text}</React.Fragment>,
    )}
  </span>
)
