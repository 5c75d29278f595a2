import { useState } from 'react'
import { RESTORE, restoreFromCloud, testCloudConnection, type CloudCheck, type CloudSettings, type RestoreResult } from '../api'
import { useT } from '../i18n'
import CancelButton from './CancelButton'
import CloudForm, { cloudFailure, connectedStatus, emptyCloud, type ProviderId } from './CloudForm'
import ProgressBar from './ProgressBar'
import StatusLine, { failureStatus, type Status } from './StatusLine'
import { summary } from './summary'
import { useOperation } from './useOperation'

// CloudRestore is the wizard's "Restore from my cloud copy": the account
// details and the backup password, a look at what the cloud copy holds,
// then the restore of its newest snapshot, through the same checks, safety
// backup and swap as a backup file.
export default function CloudRestore({ onRestored }: { onRestored: (res: RestoreResult) => void }) {
  const t = useT()
  const [value, setValue] = useState<CloudSettings>(emptyCloud)
  const [provider, setProvider] = useState<ProviderId>('aws')
  const [check, setCheck] = useState<CloudCheck | null>(null)
  const [status, setStatus] = useState<Status | null>(null)
  const [testing, setTesting] = useState(false)
  const op = useOperation(RESTORE)
  const busy = testing || op.running

  async function look() {
    setStatus(null)
    setCheck(null)
    setTesting(true)
    try {
      const c = await testCloudConnection(value)
      setCheck(c)
      setStatus(connectedStatus(c, t, t('cloud.restoreNothing')))
    } catch (e) {
      setStatus(cloudFailure(e, t))
    } finally {
      setTesting(false)
    }
  }

  async function run() {
    setStatus(null)
    try {
      const res = await op.run(() => restoreFromCloud(value, ''))
      setStatus({ kind: 'ok', text: t('wizard.restored', { counts: summary(t, res.preview) }) })
      onRestored(res)
    } catch (e) {
      const err = failureStatus(e, t('wizard.restoreCancelled'), t('restore.failed'))
      setStatus(err.kind === 'info' ? err : cloudFailure(e, t))
    }
  }

  const newest = check?.snapshots[0]
  return (
    <div className="cloud-restore">
      <CloudForm
        value={value}
        provider={provider}
        disabled={busy}
        onChange={(v, p) => {
          setValue(v)
          setProvider(p)
          setCheck(null)
        }}
      />
      <div className="row">
        <button type="button" onClick={look} disabled={busy}>
          {testing ? t('cloud.testing') : t('cloud.find')}
        </button>
        <button type="button" className="primary" onClick={run} disabled={busy || !newest}>
          {op.running ? t('restore.running') : t('cloud.restoreButton')}
        </button>
        {op.running && <CancelButton />}
      </div>
      {op.running && <ProgressBar label={t('restore.progress')} update={op.progress} />}
      <StatusLine status={status} />
    </div>
  )
}
