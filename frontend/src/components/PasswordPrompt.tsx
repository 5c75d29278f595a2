import { useId, useState, type FormEvent } from 'react'
import { useT } from '../i18n'

// PasswordPrompt asks for the password of an encrypted backup before its
// preview. A wrong one says so and nothing else happens: the prompt stays.
export default function PasswordPrompt({
  onSubmit,
  wrong,
  busy,
}: {
  onSubmit: (password: string) => void
  wrong: boolean
  busy: boolean
}) {
  const t = useT()
  const [password, setPassword] = useState('')
  const id = useId()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (password && !busy) onSubmit(password)
  }
  return (
    <form className="info-box" aria-labelledby={id + '-h'} onSubmit={submit}>
      <h4 id={id + '-h'}>{t('password.form')}</h4>
      <p>{t('password.explain')}</p>
      <div className="row">
        <label htmlFor={id}>{t('password.label')}</label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          autoFocus
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-invalid={wrong}
        />
        <button type="submit" disabled={!password || busy}>
          {busy ? t('password.opening') : t('password.open')}
        </button>
      </div>
      {wrong && (
        <div role="alert">
          <p className="error">{t('password.wrong')}</p>
          <p className="muted">{t('password.wrongOld')}</p>
        </div>
      )}
    </form>
  )
}
