import { useState } from 'react'
import { saveCloudSettings, testCloudConnection, type CloudSettings as Settings } from '../api'
import { useT } from '../i18n'
import CloudForm, { cloudFailure, connectedStatus, emptyCloud, type ProviderId } from './CloudForm'
import StatusLine, { type Status } from './StatusLine'

// CloudSettings is the "Cloud copy" destination: where the off-site copy
// goes, a Test connection with a plain answer, and Save, which connects
// this computer (setting up a new cloud copy where there is none).
export default function CloudSettings() {
  const t = useT()
  const [value, setValue] = useState<Settings>(emptyCloud)
  const [provider, setProvider] = useState<ProviderId>('aws')
  const [status, setStatus] = useState<Status | null>(null)
  const [working, setWorking] = useState<'' | 'test' | 'save'>('')

  async function act(kind: 'test' | 'save') {
    setStatus(null)
    setWorking(kind)
    try {
      const check = kind === 'test' ? await testCloudConnection(value) : await saveCloudSettings(value)
      if (kind === 'save') setStatus({ kind: 'ok', text: t('cloud.saved') })
      else setStatus(connectedStatus(check, t, t('cloud.connectedEmpty')))
    } catch (e) {
      setStatus(cloudFailure(e, t))
    } finally {
      setWorking('')
    }
  }

  return (
    <section className="card" aria-labelledby="cloud-title">
      <h2 id="cloud-title">{t('cloud.title')}</h2>
      <p>{t('cloud.intro')}</p>
      <CloudForm
        value={value}
        provider={provider}
        disabled={working !== ''}
        onChange={(v, p) => {
          setValue(v)
          setProvider(p)
        }}
      />
      <div className="row">
        <button type="button" onClick={() => act('test')} disabled={working !== ''}>
          {working === 'test' ? t('cloud.testing') : t('cloud.test')}
        </button>
        <button type="button" className="primary" onClick={() => act('save')} disabled={working !== ''}>
          {working === 'save' ? t('cloud.saving') : t('cloud.save')}
        </button>
      </div>
      <StatusLine status={status} />
    </section>
  )
}
