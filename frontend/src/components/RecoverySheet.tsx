import { useState } from 'react'
import { saveRecoveryKey, toUIError, type RecoverySheet as Sheet, type UIError } from '../api'
import { Text, useT } from '../i18n'
import ErrorText from './ErrorText'

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
  const t = useT()
  const [kept, setKept] = useState(false)
  const [note, setNote] = useState<{ saved: string } | { failed: UIError } | null>(null)
  const save = async () => {
    try {
      const path = await saveRecoveryKey(t('recoverySheet.saveTitle'))
      if (path) setNote({ saved: path })
    } catch (e) {
      setNote({ failed: toUIError(e) })
    }
  }
  return (
    <section className="warning-box" aria-label={t('recoverySheet.heading')}>
      <h4>{t('recoverySheet.heading')}</h4>
      <p>{t('recoverySheet.explain')}</p>
      <p className="muted">
        <Text k="recoverySheet.keyId" values={{ id: sheet.keyId }} />
      </p>
      <pre className="path" aria-label={t('recoverySheet.keyLabel')}>
        {sheet.recoveryKey}
      </pre>
      <div className="row">
        <button type="button" onClick={() => window.print()}>
          {t('recoverySheet.print')}
        </button>
        <button type="button" onClick={save}>
          {t('recoverySheet.save')}
        </button>
      </div>
      {note && (
        <div role={'saved' in note ? 'status' : 'alert'}>
          {'saved' in note ? (
            <Text k="recoverySheet.saved" values={{ path: note.saved }} />
          ) : (
            <ErrorText lead={t('recoverySheet.saveFailed')} error={note.failed} />
          )}
        </div>
      )}
      <label className="check">
        <input type="checkbox" checked={kept} onChange={(e) => setKept(e.target.checked)} />
        {t('recoverySheet.kept')}
      </label>
      <div className="row">
        <button type="button" onClick={onConfirm} disabled={!kept || busy}>
          {t('recoverySheet.confirm')}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          {t('recoverySheet.back')}
        </button>
      </div>
    </section>
  )
}
