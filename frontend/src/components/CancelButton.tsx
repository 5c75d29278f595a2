import { useState } from 'react'
import { cancel } from '../api'

// CancelButton asks Go to cancel the running operation. It is shown only
// while one runs, so its "already pressed" state starts fresh each time.
export default function CancelButton() {
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
      Cancel
    </button>
  )
}
