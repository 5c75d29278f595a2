// Event names of the long operations, mirroring app_events.go (change both
// together). ":progress" carries progress.Update
// {phase, bytesDone, bytesTotal, filesDone, filesTotal, current};
// ":done" the operation's result; ":error" {message, cancelled}.
export const BACKUP = { progress: 'backup:progress', done: 'backup:done', error: 'backup:error' }
export const RESTORE = { progress: 'restore:progress', done: 'restore:done', error: 'restore:error' }
export const INSTALL = { progress: 'install:progress', done: 'install:done', error: 'install:error' }
