import { useEffect, useState } from 'react'
import { chooseDestinationFolder, getSettings, saveSettings, toUIError, type Settings as SettingsData, type SettingsView } from '../api'
import StatusLine, { type Status } from './StatusLine'

// The words of this component, in one place for translation.
const TEXT = {
  title: 'Backup Settings',
  loading: 'Loading the settings…',
  when: 'When to back up',
  off: 'Never (only when I press Back Up Now)',
  daily: 'Every day at',
  dailyTime: 'Time of the daily backup',
  interval: 'Every',
  hours: 'hours',
  everyHours: 'Hours between backups',
  onClose: 'Also back up when the app closes (not if one was made in the last 30 minutes)',
  where: 'Where backups go',
  none: 'You have not chosen a backup folder yet, so backups stay on this computer, on the same disk as the data. Choose a folder on a USB drive or another disk, so that a broken computer does not take the backups with it.',
  add: 'Add Folder...',
  remove: (path: string) => `Remove ${path}`,
  keep: 'How long backups are kept',
  keepLast: 'Keep the newest',
  keepDaily: 'One a day for the last (days)',
  keepWeekly: 'One a week for the last (weeks)',
  keepMonthly: 'One a month for the last (months)',
  keepNote: 'Older backups are deleted only after a new backup there has been checked. The oldest backup and safety backups from restores are always kept.',
  save: 'Save Settings',
  saving: 'Saving...',
  saved: 'Settings saved.',
  notSaved: 'The settings were not saved',
}

// Settings shows and changes when automatic backups run, where they go and
// how long they are kept. It asks for a backup folder when none is set.
export default function Settings() {
  const [view, setView] = useState<SettingsView | null>(null)
  const [s, setS] = useState<SettingsData | null>(null)
  const [saving, setSaving] = useState(false)
  const [status, setStatus] = useState<Status | null>(null)

  useEffect(() => {
    getSettings()
      .then((v) => {
        setView(v)
        setS(v.settings)
      })
      .catch((e) => setStatus({ kind: 'error', text: toUIError(e).message }))
  }, [])

  if (!s || !view) {
    return (
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">{TEXT.title}</h2>
        {status ? <StatusLine status={status} /> : <p role="status">{TEXT.loading}</p>}
      </section>
    )
  }

  const set = (change: Partial<SettingsData>) => setS({ ...s, ...change })
  const setKind = (kind: string) =>
    set({ schedule: kind === 'daily' ? { kind, at: s.schedule.at || '12:00' } : kind === 'interval' ? { kind, everyHours: s.schedule.everyHours || 6 } : { kind } })
  const setKeep = (key: keyof SettingsData['retention'], value: string) => set({ retention: { ...s.retention, [key]: Math.max(0, Number(value) || 0) } })

  async function addFolder() {
    try {
      const path = await chooseDestinationFolder()
      if (path && s && !s.destinations.some((d) => d.path === path)) set({ destinations: [...s.destinations, { path }] })
    } catch (e) {
      setStatus({ kind: 'error', text: toUIError(e).message })
    }
  }

  async function save() {
    if (!s) return
    setSaving(true)
    setStatus(null)
    try {
      const v = await saveSettings(s)
      setView(v)
      setS(v.settings)
      setStatus({ kind: 'ok', text: TEXT.saved })
    } catch (e) {
      setStatus({ kind: 'error', text: `${TEXT.notSaved}: ${toUIError(e).message}` })
    } finally {
      setSaving(false)
    }
  }

  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">{TEXT.title}</h2>
      {view.problem && (
        <p className="warning" role="alert">
          {view.problem}
        </p>
      )}
      <fieldset>
        <legend>{TEXT.when}</legend>
        <label>
          <input type="radio" name="schedule" value="off" checked={s.schedule.kind === 'off'} onChange={() => setKind('off')} /> {TEXT.off}
        </label>
        <label>
          <input type="radio" name="schedule" value="daily" checked={s.schedule.kind === 'daily'} onChange={() => setKind('daily')} /> {TEXT.daily}{' '}
        </label>
        <input
          type="time"
          aria-label={TEXT.dailyTime}
          value={s.schedule.at ?? ''}
          disabled={s.schedule.kind !== 'daily'}
          onChange={(e) => set({ schedule: { kind: 'daily', at: e.target.value } })}
        />
        <label>
          <input type="radio" name="schedule" value="interval" checked={s.schedule.kind === 'interval'} onChange={() => setKind('interval')} /> {TEXT.interval}{' '}
        </label>
        <input
          type="number"
          min={1}
          max={168}
          aria-label={TEXT.everyHours}
          value={s.schedule.everyHours ?? ''}
          disabled={s.schedule.kind !== 'interval'}
          onChange={(e) => set({ schedule: { kind: 'interval', everyHours: Number(e.target.value) } })}
        />{' '}
        {TEXT.hours}
        <label>
          <input type="checkbox" checked={s.backupOnClose} onChange={(e) => set({ backupOnClose: e.target.checked })} /> {TEXT.onClose}
        </label>
      </fieldset>
      <fieldset>
        <legend>{TEXT.where}</legend>
        {s.destinations.length === 0 && (
          <p className="warning" role="note">
            {TEXT.none}
          </p>
        )}
        <ul aria-label={TEXT.where}>
          {s.destinations.map((d) => (
            <li key={d.path}>
              <span className="path">{d.path}</span>{' '}
              <button type="button" onClick={() => set({ destinations: s.destinations.filter((x) => x.path !== d.path) })} aria-label={TEXT.remove(d.path)}>
                ✕
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={addFolder}>
          {TEXT.add}
        </button>
        {view.warnings.length > 0 && (
          <ul className="warning-box" aria-label="Warnings">
            {view.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
      </fieldset>
      <fieldset>
        <legend>{TEXT.keep}</legend>
        {(
          [
            ['keepLast', TEXT.keepLast],
            ['keepDaily', TEXT.keepDaily],
            ['keepWeekly', TEXT.keepWeekly],
            ['keepMonthly', TEXT.keepMonthly],
          ] as const
        ).map(([key, label]) => (
          <label key={key} className="keep">
            {label} <input type="number" min={0} value={s.retention[key]} onChange={(e) => setKeep(key, e.target.value)} />
          </label>
        ))}
        <p className="muted">{TEXT.keepNote}</p>
      </fieldset>
      <div className="row">
        <button type="button" onClick={save} disabled={saving}>
          {saving ? TEXT.saving : TEXT.save}
        </button>
      </div>
      <StatusLine status={status} />
    </section>
  )
}
