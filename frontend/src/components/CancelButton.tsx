import { useState } from 'react'
import { cancel } from '../api'
import { useT } from '../i18n'

// CancelButton asks Go to cancel the running operation. It is shown only
// while one runs, so its "already pressed" state starts fresh each time.
export default function CancelButton() {
  const t = useT()
  const [cancelling, setCancelling] = useState(false)
  return (
    <button
      type="button"
      onClick={() => {
        setCancelling(true)
        cancel()
      }}
      disabled={cancelling}
    >
      {t('cancel')}
    </button>
  )
}
