import { useEffect, useState } from 'react'
import { cloudConnection, saveCloudSettings, testCloudConnection, type CloudSettings as Settings } from '../api'
import { useT } from '../i18n'
import CloudForm, { cloudFailure, connectedStatus, emptyCloud, type ProviderId } from './CloudForm'
import StatusLine, { type Status } from './StatusLine'

// CloudSettings is the "Cloud copy" destination: where the off-site copy
// goes, a Test connection with a plain answer, and Save, which connects
// this computer (setting up a new cloud copy where there is none). An
// existing connection is shown and filled in; its keys and password never
// leave the Go side, so they are typed again to change it.
export default function CloudSettings() {
  const t = useT()
  const [value, setValue] = useState<Settings>(emptyCloud)
  const [provider, setProvider] = useState<ProviderId>('aws')
  const [status, setStatus] = useState<Status | null>(null)
  const [working, setWorking] = useState<'' | 'test' | 'save'>('')
  const [current, setCurrent] = useState<Settings | null>(null)

  useEffect(() => {
    let live = true
    cloudConnection()
      .then((c) => {
        if (!live || !c) return
        setCurrent(c)
        setValue({ ...emptyCloud, ...c, accessKey: '', secretKey: '', password: '' })
        setProvider('other')
      })
      .catch(() => {}) // no connection shown; the form still works
    return () => {
      live = false
    }
  }, [])

  async function act(kind: 'test' | 'save') {
    setStatus(null)
    setWorking(kind)
    try {
      const check = kind === 'test' ? await testCloudConnection(value) : await saveCloudSettings(value)
      if (kind === 'save') {
        setStatus({ kind: 'ok', text: t('cloud.saved') })
        setCurrent({ ...value, accessKey: '', secretKey: '', password: '' })
      }
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
      {current && (
        <p role="note">
          {t('cloud.current', { place: current.folder || [current.endpoint, current.bucket, current.prefix].filter(Boolean).join('/') })}
        </p>
      )}
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
