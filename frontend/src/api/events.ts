// Event names of the long operations, mirroring app_events.go (change both
// together). ":progress" carries progress.Update, ":done" the operation's
// result and ":error" uierr.Payload (see types.ts). Go emits only what the
// window listens to: the caller of a bound method gets its result or its
// rejection from the promise, so ":done" exists where another part of the
// window must hear of it, and ":error" only for the automatic backup, which
// the schedule starts.
export interface OperationEvents {
  progress: string
}

export const BACKUP = { progress: 'backup:progress', done: 'backup:done' } as const
export const RESTORE = { progress: 'restore:progress', done: 'restore:done' } as const
export const INSTALL = { progress: 'install:progress' } as const
// The automatic backup (schedule, Back up now, on close): ":done" carries
// the AutoReport.
export const AUTO = { progress: 'auto:progress', done: 'auto:done', error: 'auto:error' } as const
// The backup on close began ({running: true}) or ended (CloseState).
export const CLOSE_BACKUP = 'close:backup'
