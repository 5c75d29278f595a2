// The shapes the Go side sends, taken from the models wails generates from
// the Go types (wailsjs/go/models.ts): a renamed Go field breaks `tsc`, not
// a screen.
import type { auto, backup, catalog, crypt, main, notice, progress, restore, settings, uierr } from '../../wailsjs/go/models'

// Data is a generated model as JSON: its fields without the helper methods
// wails adds to its classes, and null where Go sends a nil pointer (wails
// types those fields as optional). A map of strings (a notice's params)
// may lack any key, as JSON of notices with different params does.
export type Data<T> = T extends (infer E)[]
  ? Data<E>[]
  : T extends Record<string, string>
    ? { [k: string]: string | undefined }
  : T extends object
    ? { [K in keyof T as T[K] extends (...args: never[]) => unknown ? never : K]: undefined extends T[K] ? Data<T[K]> | null : Data<T[K]> }
    : T

export type AppState = Data<main.AppState>
export type Overview = Data<main.Overview>
export type LastBackup = Data<main.LastBackup>
export type Preview = Data<restore.Preview>
export type RestoreResult = Data<restore.Result>
export type BackupResult = Data<backup.Result>
export type ProgressUpdate = Data<progress.Update>
export type ErrorPayload = Data<uierr.Payload>
export type Notice = Data<notice.Notice>
export type EncryptionStatus = Data<main.EncryptionStatus>
export type RecoverySheet = Data<main.RecoverySheet>
export type Strength = Data<crypt.Strength>

// Automatic backups.
// Go leaves out an empty encryption (omitzero). SaveSettings keeps the one on disk, so
// what the UI sends back in it never changes password protection (the encryption calls do).
export type Settings = Omit<Data<settings.Settings>, 'encryption'> & Partial<Pick<Data<settings.Settings>, 'encryption'>>
export type SettingsView = Omit<Data<main.SettingsView>, 'settings'> & { settings: Settings }
export type BackupList = Data<main.BackupList>
export type FoundBackup = Data<catalog.Backup>
export type BackupStatus = Data<main.BackupStatus>
export type AutoReport = Data<auto.Report>
export type AutoOutcome = Data<auto.Outcome>
export type CloseState = Data<main.CloseState>

export type CloudSettings = Data<main.CloudSettings>
export type CloudCheck = Data<main.CloudCheck>
export type CloudSnapshot = Data<main.CloudSnapshot>
