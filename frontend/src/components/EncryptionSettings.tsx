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
import RecoverySheet from './RecoverySheet'

const text = {
  heading: 'Protect backups with a password',
  explain:
    'A backup holds names, phone numbers and family details. With a password, a lost USB stick or a shared cloud folder does not give them away. Automatic backups still run without asking.',
  on: (id: string) => `Backups are protected with a password (key ${id}).`,
  off: 'Backups are not protected with a password.',
  password: 'Password',
  again: 'Type it again',
  current: 'Current password',
  newPassword: 'New password',
  next: 'Continue',
  change: 'Change password',
  turnOff: 'Turn off protection',
  changed:
    'The password is changed. New backups open with the new password; backups made before open with the old password or the recovery key.',
  turnedOn: 'Password protection is on. New backups open only with the password or the recovery key.',
  turnedOff:
    'Protection is off: new backups are not encrypted. Backups made before still need their password or the recovery key.',
  differ: 'The two passwords are not the same.',
  wrongCurrent: 'That is not the current password. Nothing was changed.',
  loading: 'Reading the settings…',
}

// EncryptionSettings is the "Protect backups with a password" setting: turn
// it on (password twice, a strength hint, the recovery page, "I have kept
// it"), change the password, or turn it off.
export default function EncryptionSettings() {
  const [status, setStatus] = useState<EncryptionStatus | null>(null)
  const [sheet, setSheet] = useState<Sheet | null>(null)
  const [message, setMessage] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    encryptionStatus().then(setStatus, (e) => setError(toUIError(e).message))
  }, [])

  // act runs one Go call, showing its failure; it returns whether it worked.
  async function act(f: () => Promise<void>, wrong?: string): Promise<boolean> {
    setBusy(true)
    setError('')
    setMessage('')
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
    }).then((ok) => ok && setMessage(text.turnedOn))
  const change = (current: string, password: string, again: string) =>
    act(async () => setStatus(await changePassword(current, password, again)), text.wrongCurrent).then(
      (ok) => ok && setMessage(text.changed),
    )
  const off = () => act(async () => setStatus(await turnOffEncryption())).then((ok) => ok && setMessage(text.turnedOff))

  return (
    <section className="card" aria-label={text.heading}>
      <h3>{text.heading}</h3>
      <p className="muted">{text.explain}</p>
      {!status && !error && <p role="status">{text.loading}</p>}
      {status && <p>{status.on ? text.on(status.keyId) : text.off}</p>}
      {status && !status.on && !sheet && <NewPassword onSubmit={prepare} busy={busy} submitLabel={text.next} />}
      {sheet && <RecoverySheet sheet={sheet} onConfirm={confirm} onCancel={() => setSheet(null)} busy={busy} />}
      {status?.on && (
        <>
          <NewPassword onSubmit={(p, a, c) => change(c ?? '', p, a)} busy={busy} submitLabel={text.change} askCurrent />
          <div className="row">
            <button type="button" onClick={off} disabled={busy}>
              {text.turnOff}
            </button>
          </div>
        </>
      )}
      {message && (
        <p className="success" role="status">
          {message}
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
          <label htmlFor={id + '-c'}>{text.current}</label>
          <input id={id + '-c'} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} />
        </div>
      )}
      <div className="row">
        <label htmlFor={id + '-p'}>{askCurrent ? text.newPassword : text.password}</label>
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
        {strength?.hint ?? ''}
      </p>
      <div className="row">
        <label htmlFor={id + '-a'}>{text.again}</label>
        <input id={id + '-a'} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
      </div>
      {differ && <p className="error">{text.differ}</p>}
      <div className="row">
        <button type="submit" disabled={!ready || busy}>
          {submitLabel}
        </button>
      </div>
    </form>
  )
}
