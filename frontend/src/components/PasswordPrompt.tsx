import { useId, useState, type FormEvent } from 'react'

// English only for now: no translation library has landed; when one does,
// this object is what it replaces.
const text = {
  heading: 'This backup is protected with a password',
  explain: 'Type the password it was made with. If the password is lost, the recovery key (the page printed or saved when protection was turned on) opens it too.',
  label: 'Password or recovery key',
  open: 'Open backup',
  opening: 'Opening...',
  wrong: 'That password does not open this backup.',
  wrongOld: 'A backup made before the password was changed opens with the password it was made with.',
}

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
  const [password, setPassword] = useState('')
  const id = useId()
  const submit = (e: FormEvent) => {
    e.preventDefault()
    if (password && !busy) onSubmit(password)
  }
  return (
    <form className="info-box" aria-labelledby={id + '-h'} onSubmit={submit}>
      <h4 id={id + '-h'}>{text.heading}</h4>
      <p>{text.explain}</p>
      <div className="row">
        <label htmlFor={id}>{text.label}</label>
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
          {busy ? text.opening : text.open}
        </button>
      </div>
      {wrong && (
        <div role="alert">
          <p className="error">{text.wrong}</p>
          <p className="muted">{text.wrongOld}</p>
        </div>
      )}
    </form>
  )
}
