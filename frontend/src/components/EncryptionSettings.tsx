import { useEffect, useId, useState, type FormEvent } from 'react'
import {
  changePassword,
  confirmEncryption,
  encryptionStatus,
  judgePassword,
  prepareEncryption,
  toUIError,
  turnOffEncryption,
  type EncryptionStatus,
  type RecoverySheet as Sheet,
  type Strength,
} from '../api'
import { Text, useT } from '../i18n'
import RecoverySheet from './RecoverySheet'

// EncryptionSettings is the "Protect backups with a password" setting: turn
// it on (password twice, a strength hint, the recovery page, "I have kept
// it"), change the password, or turn it off.
export default function EncryptionSettings() {
  const t = useT()
  const [status, setStatus] = useState<EncryptionStatus | null>(null)
  const [sheet, setSheet] = useState<Sheet | null>(null)
  const [message, setMessage] = useState<'turnedOn' | 'changed' | 'turnedOff' | null>(null)
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    encryptionStatus().then(setStatus, (e) => setError(toUIError(e).message))
  }, [])

  // act runs one Go call, showing its failure; it returns whether it worked.
  async function act(f: () => Promise<void>, wrong?: string): Promise<boolean> {
    setBusy(true)
    setError('')
    setMessage(null)
    try {
      await f()
      return true
    } catch (e) {
      const ui = toUIError(e)
      setError(ui.code === 'wrongPassword' && wrong ? wrong : ui.message)
      return false
    } finally {
      setBusy(false)
    }
  }

  const prepare = (password: string, again: string) =>
    act(async () => setSheet(await prepareEncryption(password, again)))
  const confirm = () =>
    act(async () => {
      setStatus(await confirmEncryption())
      setSheet(null)
    }).then((ok) => ok && setMessage('turnedOn'))
  const change = (current: string, password: string, again: string) =>
    act(async () => setStatus(await changePassword(current, password, again)), t('encryption.wrongCurrent')).then(
      (ok) => ok && setMessage('changed'),
    )
  const off = () => act(async () => setStatus(await turnOffEncryption())).then((ok) => ok && setMessage('turnedOff'))

  return (
    <section className="card" aria-label={t('encryption.heading')}>
      <h3>{t('encryption.heading')}</h3>
      <p className="muted">{t('encryption.explain')}</p>
      {!status && !error && <p role="status">{t('encryption.loading')}</p>}
      {status && <p>{status.on ? <Text k="encryption.on" values={{ id: status.keyId }} /> : t('encryption.off')}</p>}
      {status && !status.on && !sheet && <NewPassword onSubmit={prepare} busy={busy} submitLabel={t('encryption.next')} />}
      {sheet && <RecoverySheet sheet={sheet} onConfirm={confirm} onCancel={() => setSheet(null)} busy={busy} />}
      {status?.on && (
        <>
          <NewPassword onSubmit={(p, a, c) => change(c ?? '', p, a)} busy={busy} submitLabel={t('encryption.change')} askCurrent />
          <div className="row">
            <button type="button" onClick={off} disabled={busy}>
              {t('encryption.turnOff')}
            </button>
          </div>
        </>
      )}
      {message && (
        <p className="success" role="status">
          {t(`encryption.${message}`)}
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </section>
  )
}

// NewPassword is a new password typed twice, with the strength hint as it is
// typed (from Go, so the app and the CLI judge alike), and optionally the
// current password first.
function NewPassword({
  onSubmit,
  busy,
  submitLabel,
  askCurrent = false,
}: {
  onSubmit: (password: string, again: string, current?: string) => void
  busy: boolean
  submitLabel: string
  askCurrent?: boolean
}) {
  const t = useT()
  const [current, setCurrent] = useState('')
  const [password, setPassword] = useState('')
  const [again, setAgain] = useState('')
  const [strength, setStrength] = useState<Strength | null>(null)
  const id = useId()

  useEffect(() => {
    if (!password) {
      setStrength(null)
      return
    }
    let live = true
    judgePassword(password).then(
      (s) => live && setStrength(s),
      () => live && setStrength(null),
    )
    return () => {
      live = false
    }
  }, [password])

  const differ = again !== '' && again !== password
  const ready = !!strength?.ok && again === password && (!askCurrent || current !== '')
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (ready && !busy) onSubmit(password, again, askCurrent ? current : undefined)
  }
  return (
    <form onSubmit={submit}>
      {askCurrent && (
        <div className="row">
          <label htmlFor={id + '-c'}>{t('encryption.current')}</label>
          <input id={id + '-c'} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
      )}
      <div className="row">
        <label htmlFor={id + '-p'}>{askCurrent ? t('encryption.newPassword') : t('encryption.password')}</label>
        <input
          id={id + '-p'}
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby={id + '-hint'}
        />
      </div>
      <p id={id + '-hint'} className="muted" aria-live="polite">
        {strength ? t(`encryption.strength.${strength.level as 'empty' | 'short' | 'fair' | 'good'}`) : ''}
      </p>
      <div className="row">
        <label htmlFor={id + '-a'}>{t('encryption.again')}</label>
        <input id={id + '-a'} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      {differ && <p className="error">{t('encryption.differ')}</p>}
      <div className="row">
        <button type="submit" disabled={!ready || busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}
