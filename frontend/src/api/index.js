// The one place that reaches the Go side: the generated Wails bindings and
// runtime events. Components import from here, so tests replace this module.
import * as App from '../../wailsjs/go/main/App.js'
import { EventsOn } from '../../wailsjs/runtime/runtime.js'

export { BACKUP, RESTORE, INSTALL } from './events.js'

export const getState = () => App.State()
export const getOverview = () => App.Overview()
export const chooseBackupFile = () => App.ChooseBackupFile()
export const chooseBackupDestination = () => App.ChooseBackupDestination()
export const inspectBackup = (path) => App.InspectBackup(path)
export const createBackup = (path) => App.CreateBackup(path)
export const restoreBackup = (path) => App.RestoreBackup(path)
export const install = () => App.Install()
export const cancel = () => App.Cancel()

// subscribe listens to one event and returns the function that stops it
// (unlike EventsOff, which would drop every listener of that name).
export function subscribe(name, callback) {
  return EventsOn(name, callback)
}
