/** The jobs queue Switchboard's tasks run on; the worker runs it (`payload jobs:run --queue switchboard`). */
export const switchboardQueue = 'switchboard'
