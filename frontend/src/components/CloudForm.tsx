import type { ReactNode } from 'react'
import type { CloudCheck, CloudSettings } from '../api'
import { useT } from '../i18n'
import { errorStatus, type Status } from './StatusLine'
import { formatDate } from './format'

// The providers a volunteer picks from: each fills in the server address
// (and region) its help pages give; "other" leaves them to the user.
export const PROVIDERS = [
  { id: 'aws', name: 'Amazon S3', endpoint: 's3.ap-south-1.amazonaws.com', region: 'ap-south-1' },
  { id: 'b2', name: 'Backblaze B2', endpoint: 's3.us-west-004.backblazeb2.com', region: '' },
  { id: 'wasabi', name: 'Wasabi', endpoint: 's3.ap-southeast-1.wasabisys.com', region: 'ap-southeast-1' },
  { id: 'r2', name: 'Cloudflare R2', endpoint: 'ACCOUNT_ID.r2.cloudflarestorage.com', region: 'auto' },
  { id: 'other', name: '', endpoint: '', region: '' },
] as const
export type ProviderId = (typeof PROVIDERS)[number]['id']

export const emptyCloud: CloudSettings = {
  endpoint: PROVIDERS[0].endpoint,
  bucket: '',
  prefix: '',
  region: PROVIDERS[0].region,
  plainHttp: false,
  accessKey: '',
  secretKey: '',
  folder: '',
  password: '',
}

// cloudFailure says what went wrong in the window's language (the words of
// the error's code), the program's own words folded away last.
export function cloudFailure(e: unknown, t: ReturnType<typeof useT>): Status {
  return errorStatus(e, t('cloud.error.other'))
}

// connectedStatus is the plain answer of Test connection.
export function connectedStatus(check: CloudCheck, t: ReturnType<typeof useT>, emptyText: string): Status {
  if (!check.exists) return { kind: 'info', text: emptyText }
  const newest = check.snapshots[0]
  if (!newest) return { kind: 'ok', text: t('cloud.connectedNone') }
  return {
    kind: 'ok',
    text: t('cloud.connected', {
      count: check.snapshots.length,
      n: String(check.snapshots.length),
      date: formatDate(newest.time),
    }),
  }
}

// CloudForm asks where the cloud copy is and how to open it.
export default function CloudForm({
  value,
  provider,
  onChange,
  disabled,
  children,
}: {
  value: CloudSettings
  provider: ProviderId
  onChange: (value: CloudSettings, provider: ProviderId) => void
  disabled: boolean
  children?: ReactNode
}) {
  const t = useT()
  const set = (patch: Partial<CloudSettings>) => onChange({ ...value, ...patch }, provider)
  const field = (key: 'endpoint' | 'bucket' | 'prefix' | 'accessKey' | 'secretKey' | 'password', secret = false) => (
    <label className="field">
      {t(`cloud.field.${key}`)}
      <input
        type={secret ? 'password' : 'text'}
        value={value[key]}
        disabled={disabled}
        autoComplete="off"
        spellCheck={false}
        onChange={(e) => set({ [key]: e.target.value })}
      />
    </label>
  )
  return (
    <div className="cloud-form">
      <label className="field">
        {t('cloud.field.provider')}
        <select
          value={provider}
          disabled={disabled}
          onChange={(e) => {
            const p = PROVIDERS.find((x) => x.id === e.target.value) ?? PROVIDERS[4]
            onChange({ ...value, endpoint: p.endpoint, region: p.region, plainHttp: false }, p.id)
          }}
        >
          {PROVIDERS.map((p) => (
            <option key={p.id} value={p.id} translate={p.name ? 'no' : undefined}>
              {p.name || t('cloud.otherProvider')}
            </option>
          ))}
        </select>
      </label>
      {field('endpoint')}
      {field('bucket')}
      {field('prefix')}
      {field('accessKey')}
      {field('secretKey', true)}
      {provider === 'other' && (
        <label className="check">
          <input type="checkbox" checked={value.plainHttp} disabled={disabled} onChange={(e) => set({ plainHttp: e.target.checked })} />
          {t('cloud.field.plainHttp')}
        </label>
      )}
      {field('password', true)}
      {children}
    </div>
  )
}
