import { useState } from 'react'
import { saveRecoveryKey, toUIError, type RecoverySheet as Sheet } from '../api'

const text = {
  heading: 'Your recovery key',
  explain:
    'If the password is ever forgotten, this key opens every backup protected with it. Print this page or save the key to a file, and keep it somewhere safe, away from the backups. Anyone who has it can read those backups.',
  keyLabel: 'Recovery key',
  keyId: (id: string) => `Key ${id}`,
  print: 'Print',
  save: 'Save to a file...',
  saved: (path: string) => `Saved to ${path}.`,
  saveFailed: (why: string) => `The recovery key was not saved: ${why}`,
  kept: 'I have printed or saved the recovery key and kept it somewhere safe',
  confirm: 'Turn on password protection',
  back: 'Cancel',
}

// RecoverySheet is the recovery page, shown once when protection is turned
// on. Protection goes on only after the person confirms they kept the key.
export default function RecoverySheet({
  sheet,
  onConfirm,
  onCancel,
  busy,
}: {
  sheet: Sheet
  onConfirm: () => void
  onCancel: () => void
  busy: boolean
}) {
  const [kept, setKept] = useState(false)
  const [note, setNote] = useState('')
  const save = async () => {
    try {
      const path = await saveRecoveryKey()
      if (path) setNote(text.saved(path))
    } catch (e) {
      setNote(text.saveFailed(toUIError(e).message))
    }
  }
  return (
    <section className="warning-box" aria-label={text.heading}>
      <h4>{text.heading}</h4>
      <p>{text.explain}</p>
      <p className="muted">{text.keyId(sheet.keyId)}</p>
      <pre className="path" aria-label={text.keyLabel}>
        {sheet.recoveryKey}
      </pre>
      <div className="row">
        <button type="button" onClick={() => window.print()}>
          {text.print}
        </button>
        <button type="button" onClick={save}>
          {text.save}
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      <label className="check">
        <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
        {text.kept}
      </label>
      <div className="row">
        <button type="button" onClick={onConfirm} disabled={!kept || busy}>
          {text.confirm}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {text.back}
        </button>
      </div>
    </section>
  )
}
