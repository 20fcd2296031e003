import type { Metadata } from 'next'
import React from 'react'

import './site.css'

export const metadata: Metadata = {
  title: 'Switchboard demo',
  description: 'A demo site for Switchboard: every customer conversation in one inbox inside the Payload admin.',
}

/** Root layout of the demo site. The admin has its own root layout in app/(payload). */
export default function SiteLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
