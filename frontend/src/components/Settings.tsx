import { useEffect, useState } from 'react'
import { chooseDestinationFolder, getSettings, saveSettings, type Settings as SettingsData, type SettingsView } from '../api'
import { Text, useT } from '../i18n'
import { NoticeList } from './NoticeText'
import Path from './Path'
import StatusLine, { errorStatus, failureStatus, type Status } from './StatusLine'

type Keep = keyof SettingsData['retention']
const KEEP: [Keep, 'settings.keepLast' | 'settings.keepDaily' | 'settings.keepWeekly' | 'settings.keepMonthly'][] = [
  ['keepLast', 'settings.keepLast'],
  ['keepDaily', 'settings.keepDaily'],
  ['keepWeekly', 'settings.keepWeekly'],
  ['keepMonthly', 'settings.keepMonthly'],
]

// Settings shows and changes when automatic backups run, where they go and
// how long they are kept. It asks for a backup folder when none is set.
export default function Settings({ refresh, onSaved }: { refresh?: number; onSaved?: () => void } = {}) {
  const t = useT()
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
      .catch((e) => setStatus(failureStatus(e, '', t('settings.loading'))))
  }, [t, refresh])

  if (!s || !view) {
    return (
      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">{t('settings.title')}</h2>
        {status ? <StatusLine status={status} /> : <p role="status">{t('settings.loading')}</p>}
      </section>
    )
  }

  const set = (change: Partial<SettingsData>) => setS({ ...s, ...change })
  const setKind = (kind: string) =>
    set({ schedule: kind === 'daily' ? { kind, at: s.schedule.at || '12:00' } : kind === 'interval' ? { kind, everyHours: s.schedule.everyHours || 6 } : { kind } })
  const setKeep = (key: Keep, value: string) => set({ retention: { ...s.retention, [key]: Math.max(0, Number(value) || 0) } })

  async function addFolder() {
    try {
      const path = await chooseDestinationFolder()
      if (path && s && !s.destinations.some((d) => d.path === path)) set({ destinations: [...s.destinations, { path }] })
    } catch (e) {
      setStatus(errorStatus(e, t('settings.add')))
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
      setStatus({ kind: 'ok', text: t('settings.saved') })
      onSaved?.()
    } catch (e) {
      setStatus(failureStatus(e, '', t('settings.notSaved')))
    } finally {
      setSaving(false)
    }
  }

  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('settings.title')}</h2>
      {view.problem && (
        <p className="warning" role="alert">
          <Text k="settings.problem" values={{ detail: view.problem }} />
        </p>
      )}
      <fieldset>
        <legend>{t('settings.when')}</legend>
        <label>
          <input type="radio" name="schedule" value="off" checked={s.schedule.kind === 'off'} onChange={() => setKind('off')} /> {t('settings.off')}
        </label>
        <label>
          <input type="radio" name="schedule" value="daily" checked={s.schedule.kind === 'daily'} onChange={() => setKind('daily')} /> {t('settings.daily')}
        </label>
        <input
          type="time"
          aria-label={t('settings.dailyTime')}
          value={s.schedule.at ?? ''}
          disabled={s.schedule.kind !== 'daily'}
          onChange={(e) => set({ schedule: { kind: 'daily', at: e.target.value } })}
        />
        <label>
          <input type="radio" name="schedule" value="interval" checked={s.schedule.kind === 'interval'} onChange={() => setKind('interval')} /> {t('settings.interval')}
        </label>
        <input
          type="number"
          min={1}
          max={168}
          aria-label={t('settings.everyHours')}
          value={s.schedule.everyHours ?? ''}
          disabled={s.schedule.kind !== 'interval'}
          onChange={(e) => set({ schedule: { kind: 'interval', everyHours: Number(e.target.value) } })}
        />{' '}
        {t('settings.hours')}
        <label>
          <input type="checkbox" checked={s.backupOnClose} onChange={(e) => set({ backupOnClose: e.target.checked })} /> {t('settings.onClose')}
        </label>
      </fieldset>
      <fieldset>
        <legend>{t('settings.where')}</legend>
        {s.destinations.length === 0 && (
          <p className="warning" role="note">
            {t('settings.none')}
          </p>
        )}
        <ul aria-label={t('settings.where')}>
          {s.destinations.map((d) => (
            <li key={d.path}>
              <Path>{d.path}</Path>{' '}
              <button type="button" onClick={() => set({ destinations: s.destinations.filter((x) => x.path !== d.path) })}>
                {t('settings.remove')}
              </button>
            </li>
          ))}
        </ul>
        <button type="button" onClick={addFolder}>
          {t('settings.add')}
        </button>
        <NoticeList notices={view.warnings} label={t('settings.warnings')} />
      </fieldset>
      <fieldset>
        <legend>{t('settings.keep')}</legend>
        {KEEP.map(([key, label]) => (
          <label key={key} className="keep">
            {t(label)} <input type="number" min={0} value={s.retention[key]} onChange={(e) => setKeep(key, e.target.value)} />
          </label>
        ))}
        <p className="muted">{t('settings.keepNote')}</p>
      </fieldset>
      <div className="row">
        <button type="button" onClick={save} disabled={saving}>
          {saving ? t('settings.saving') : t('settings.save')}
        </button>
      </div>
      <StatusLine status={status} />
    </section>
  )
}
