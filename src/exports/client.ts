'use client'
// Client components registered in the Payload import map are exported from here.
export {}
