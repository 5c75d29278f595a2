// Event names of the long operations, mirroring app_events.go (change both
// together). ":progress" carries progress.Update, ":done" the operation's
// result and ":error" uierr.Payload (see types.ts).
export interface OperationEvents {
  progress: string
  done: string
  error: string
}

export const BACKUP: OperationEvents = { progress: 'backup:progress', done: 'backup:done', error: 'backup:error' }
export const RESTORE: OperationEvents = { progress: 'restore:progress', done: 'restore:done', error: 'restore:error' }
export const INSTALL: OperationEvents = { progress: 'install:progress', done: 'install:done', error: 'install:error' }
// The automatic backup (schedule, Back up now, on close): ":done" carries
// the AutoReport.
export const AUTO: OperationEvents = { progress: 'auto:progress', done: 'auto:done', error: 'auto:error' }
// The backup on close began ({running: true}) or ended (CloseState).
export const CLOSE_BACKUP = 'close:backup'
