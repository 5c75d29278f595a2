import { useEffect, useState } from 'react'
import { addDestination, chooseDestinationFolder, destinationNotNow, getSettings, type SettingsView } from '../api'
import { Text, useT } from '../i18n'
import StatusLine, { errorStatus, failureStatus, type Status } from './StatusLine'

// DestinationAsk is the first run's question: where should backups go? It
// shows while no backup folder is set, or every one set is on the data's
// own disk, until the user chooses one or says Not Now (which Go keeps in
// the settings). A dead laptop takes the backups on its disk with it.
export default function DestinationAsk({ refresh, onChanged }: { refresh?: number; onChanged?: () => void }) {
  const t = useT()
  const [view, setView] = useState<SettingsView | null>(null)
  const [chosen, setChosen] = useState('')
  const [status, setStatus] = useState<Status | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    // Unreadable settings: the Settings card says so; this card stays away.
    getSettings().then(setView, () => setView(null))
  }, [refresh])

  if (!view) return null
  const asking = !view.settings.destinationNotNow && (view.ask || view.sameDiskOnly)
  if (!asking && !chosen) return null

  async function choose() {
    setBusy(true)
    setStatus(null)
    try {
      const path = await chooseDestinationFolder()
      if (!path) return
      const v = await addDestination(path)
      setView(v)
      setChosen(path)
      onChanged?.()
    } catch (e) {
      setStatus(errorStatus(e, t('destinationAsk.failed')))
    } finally {
      setBusy(false)
    }
  }

  async function notNow() {
    setBusy(true)
    setStatus(null)
    try {
      setView(await destinationNotNow())
      setChosen('')
      onChanged?.()
    } catch (e) {
      setStatus(failureStatus(e, '', t('destinationAsk.failed')))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card ask-card" aria-labelledby="destination-ask-title">
      <h2 id="destination-ask-title">{t('destinationAsk.title')}</h2>
      {asking && <p>{t('destinationAsk.why')}</p>}
      {asking && view.sameDiskOnly && (
        <p className="warning" role="note">
          {t('destinationAsk.sameDisk')}
        </p>
      )}
      {!asking && chosen && (
        <p role="status">
          <Text k="destinationAsk.chosen" values={{ path: chosen }} />
        </p>
      )}
      {asking && (
        <div className="row">
          <button type="button" onClick={choose} disabled={busy}>
            {t('destinationAsk.choose')}
          </button>
          <button type="button" onClick={notNow} disabled={busy}>
            {t('destinationAsk.notNow')}
          </button>
        </div>
      )}
      <StatusLine status={status} />
    </section>
  )
}
