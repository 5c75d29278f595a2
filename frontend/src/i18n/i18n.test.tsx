// Every screen in Malayalam: no string left in English, no raw key, every key
// in both catalogs, and the glossary's words used wherever English has them.
import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import App from '../App'
import type { BackupResult, ErrorCode, RestoreResult } from '../api'
import BackupRestore from '../components/BackupRestore'
import CloudSettings from '../components/CloudSettings'
import InstallWizard from '../components/InstallWizard'
import NoticeText from '../components/NoticeText'
import StatusLine, { errorStatus } from '../components/StatusLine'
import * as api from '../test/apiMock'
import { technicalText, visibleText } from '../test/errorText'
import errorCodes from '../test/fixtures/error-codes.json'
import noticeCodes from '../test/fixtures/notice-codes.json'
import { errors, oldOverview, preview, restoreResult, settingsWithUSB, state } from '../test/fixtures'
import { en } from './en'
import glossary from './glossary.json'
import i18n from './index'
import { ml } from './ml'
import { uierr } from '../../wailsjs/go/models'

vi.mock('../api', () => import('../test/apiMock'))

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v)
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv)
  }
  return out
}
const EN = flatten(en)
const ML = flatten(ml)

// What may stay in Latin letters in Malayalam: the size units (Windows and
// every Malayalam phone write "MB").
const ALLOWED = /\b(KB|MB|GB|TB|PB|EB)\b/g

// untranslated is every piece of text a person can read or hear in root
// that still has Latin letters: text nodes and the names in aria-label and
// title, leaving out what is marked translate="no" (paths, the program's
// technical detail, names of languages) and what is hidden from everyone.
function untranslated(root: HTMLElement): string[] {
  const found: string[] = []
  const check = (text: string | null) => {
    if (text && /[A-Za-z]/.test(text.replace(ALLOWED, ''))) found.push(text.trim())
  }
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) return check(node.textContent)
    if (!(node instanceof HTMLElement)) return
    if (node.getAttribute('translate') === 'no' || node.getAttribute('aria-hidden') === 'true') return
    check(node.getAttribute('aria-label'))
    check(node.getAttribute('title'))
    node.childNodes.forEach(walk)
  }
  walk(root)
  return found
}

const ml_ = (key: string, options?: Record<string, unknown>) => i18n.t(key as never, { lng: 'ml', ...options }) as string

beforeEach(async () => {
  api.resetApi()
  await act(() => i18n.changeLanguage('ml'))
})
afterEach(async () => {
  await act(() => i18n.changeLanguage('en'))
})

describe('catalogs', () => {
  it('have the same keys in English and Malayalam, none empty', () => {
    expect([...ML.keys()].sort()).toEqual([...EN.keys()].sort())
    for (const [k, v] of ML) expect(v.trim(), k).not.toBe('')
  })

  it('have the same placeholders and markup in both languages', () => {
    const marks = (s: string) => [...s.matchAll(/\{\{\w+\}\}|<\/?\w+>/g)].map((m) => m[0]).sort()
    for (const [k, v] of EN) expect(marks(ML.get(k)!), k).toEqual(marks(v))
  })

  it('are Malayalam in Malayalam', () => {
    for (const [k, v] of ML) {
      const words = v.replace(/\{\{\w+\}\}|<\/?\w+>/g, '').replace(ALLOWED, '')
      expect(words, k).not.toMatch(/[A-Za-z]/)
    }
  })

  it('use the glossary’s word wherever the English has it', () => {
    for (const term of glossary.terms) {
      const match = new RegExp(term.match, 'i')
      for (const [k, v] of EN) {
        if (match.test(v.replace(/\{\{\w+\}\}/g, ''))) expect(ML.get(k), `${k} (${term.en})`).toContain(term.stem)
      }
    }
  })

  it('have plural forms Malayalam and English need', () => {
    expect(ml_('count.members', { count: 1, n: '1' })).toBe('1 അംഗം')
    expect(ml_('count.members', { count: 5, n: '5' })).toBe('5 അംഗങ്ങൾ')
    expect(i18n.t('count.photos', { lng: 'en', count: 1, n: '1' })).toBe('1 photo')
    expect(i18n.t('count.photos', { lng: 'en', count: 0, n: '0' })).toBe('0 photos')
  })
})

function expectMalayalam(step: string) {
  expect(untranslated(document.body), step).toEqual([])
}

describe('every screen in Malayalam', () => {
  it('the wizard, from Welcome through a failed and a finished restore to the installation', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state({ hasExistingData: true, overview: oldOverview, language: 'ml' })} onInstalled={vi.fn()} />)
    expectMalayalam('welcome with existing data')

    await user.click(screen.getByRole('checkbox', { name: ml_('wizard.wantsRestore') }))
    await user.click(screen.getByRole('button', { name: ml_('wizard.next') }))
    expectMalayalam('restore step')

    api.chooseBackupFile.mockResolvedValue(preview.path)
    api.inspectBackup.mockResolvedValue(preview)
    await user.click(screen.getByRole('button', { name: ml_('chooser.choose') }))
    await screen.findByRole('region', { name: ml_('preview.region') })
    expectMalayalam('preview')

    api.restoreBackup.mockRejectedValueOnce(errors.unsafe)
    await user.click(screen.getByRole('button', { name: ml_('wizard.restoreButton') }))
    await screen.findByRole('alert')
    expectMalayalam('failed restore')

    await user.click(screen.getByRole('button', { name: ml_('wizard.next') }))
    expect(screen.getByRole('alertdialog', { name: ml_('wizard.noBackupTitle') })).toBeInTheDocument()
    expectMalayalam('continue without the backup?')
    await user.click(screen.getByRole('button', { name: ml_('wizard.noBackupStay') }))

    const running = api.deferred<RestoreResult>()
    api.restoreBackup.mockReturnValue(running.promise)
    await user.click(screen.getByRole('button', { name: ml_('wizard.restoreButton') }))
    api.emit(api.RESTORE.progress, { phase: 'extract', bytesDone: 5 << 20, bytesTotal: 20 << 20, filesDone: 10, filesTotal: 40, current: 'media/x.jpg' })
    expectMalayalam('restore progress')
    running.resolve(restoreResult)
    await screen.findByText(/വീണ്ടെടുത്തു/)
    expectMalayalam('restored')

    await user.click(screen.getByRole('button', { name: ml_('wizard.next') }))
    api.install.mockReturnValue(new Promise(() => {}))
    await user.click(screen.getByRole('button', { name: ml_('wizard.installButton') }))
    api.emit(api.INSTALL.progress, { phase: 'install', bytesDone: 0, bytesTotal: 0, filesDone: 2, filesTotal: 3, current: 'Writing the install marker' })
    expectMalayalam('installing')
  }, 60_000) // a long walk on a slow, shared machine

  it('the wizard’s installation failure and a database that cannot be read', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state({ hasExistingData: true, overview: null, overviewError: 'file is not a database' })} onInstalled={vi.fn()} />)
    expectMalayalam('unreadable data')
    await user.click(screen.getByRole('button', { name: ml_('wizard.next') }))
    api.install.mockRejectedValue(errors.noPermission)
    await user.click(screen.getByRole('button', { name: ml_('wizard.installButton') }))
    await screen.findByRole('alert')
    expectMalayalam('installation failed')
  })

  it('the main window: overview, backup, restore confirmation with its warnings, restore', async () => {
    const user = userEvent.setup()
    const last = { path: '/home/user/.mahali/backups/mahall_backup_2026-10-12.zip', at: '2026-10-12T09:00:00Z', size: 1 }
    const overview = { ...oldOverview, members: 3000, photos: 3000, lastBackup: last, backupOverdue: true }
    api.getState.mockResolvedValue(
      state({ installed: true, hasExistingData: true, overview, language: 'ml', release: 'v0.2.0', commit: '1a2b3c4', recovery: 'completed' }),
    )
    render(<App />)
    await screen.findByRole('heading', { name: ml_('overview.title') })
    expectMalayalam('main window')

    api.chooseBackupDestination.mockResolvedValue('/media/usb/b.zip')
    const backingUp = api.deferred<BackupResult>()
    api.createBackup.mockReturnValue(backingUp.promise)
    await user.click(screen.getByRole('button', { name: ml_('backup.button') }))
    api.emit(api.BACKUP.progress, { phase: 'archive', bytesDone: 1536, bytesTotal: 2048, filesDone: 3, filesTotal: 4, current: 'media/m3.png' })
    expectMalayalam('backup progress')
    const missing = { code: 'photoMissing', params: { path: 'members/photos/k12.png' }, text: 'The photo members/photos/k12.png of a member is missing from the media folder, so this backup cannot hold it' }
    backingUp.resolve({ path: '/media/usb/b.zip', size: 3 << 20, createdAt: '2026-11-01T10:00:00Z', tables: {}, mediaFiles: 3, mediaBytes: 10, warnings: [missing] })
    await screen.findByRole('button', { name: ml_('backup.copyPath') })
    expect(screen.getByRole('list', { name: ml_('preview.warnings') })).toHaveTextContent(ml_('notices.photoMissing', { path: 'members/photos/k12.png' }))
    expectMalayalam('backup saved')

    api.chooseBackupFile.mockResolvedValue(preview.path)
    api.inspectBackup.mockResolvedValue({ ...preview, createdAt: '2026-01-05T10:00:00Z', format: 'mahall-backup/1' })
    await user.click(screen.getByRole('button', { name: ml_('chooser.choose') }))
    await user.click(await screen.findByRole('button', { name: ml_('restore.button') }))
    expect(screen.getByRole('list', { name: ml_('restore.risks') }).children).toHaveLength(3)
    expectMalayalam('restore confirmation')

    api.restoreBackup.mockRejectedValue(errors.inUse)
    await user.click(screen.getByRole('button', { name: ml_('restore.yes') }))
    await screen.findByText(new RegExp(ml_('restore.failed')))
    expectMalayalam('restore failed')
  }, 60_000)

  it('the backup page’s failures and cancels', async () => {
    const user = userEvent.setup()
    render(<BackupRestore dataDir="/home/user/.mahali" safetyBackups={state().safetyBackups} onDataChanged={vi.fn()} />)
    api.chooseBackupDestination.mockResolvedValue('/media/usb/b.zip')
    api.createBackup.mockRejectedValueOnce(errors.noSpace)
    await user.click(screen.getByRole('button', { name: ml_('backup.button') }))
    await screen.findByRole('alert')
    expectMalayalam('backup failed')
    api.createBackup.mockRejectedValueOnce(errors.cancelledBackup)
    await user.click(screen.getByRole('button', { name: ml_('backup.button') }))
    await screen.findByText(ml_('backup.cancelled'))
    expectMalayalam('backup cancelled')
    api.chooseBackupFile.mockResolvedValue('/tmp/holiday.zip')
    api.inspectBackup.mockRejectedValue(errors.notABackup)
    await user.click(screen.getByRole('button', { name: ml_('chooser.choose') }))
    await screen.findByText(/വീണ്ടെടുക്കാനാവില്ല/)
    expect(api.chooseBackupFile).toHaveBeenCalledWith(ml_('chooser.dialogTitle'))
    expectMalayalam('not a backup')
  })

  it('the cloud copy: settings, their answers, and the wizard’s cloud choice', async () => {
    const user = userEvent.setup()
    api.testCloudConnection.mockResolvedValueOnce({ exists: true, snapshots: [{ id: 'k1', time: '2026-11-30T10:00:00Z', programVersion: 'v1', members: 3, houses: 2, areas: 1, mediaFiles: 2, size: 10 }] })
    api.testCloudConnection.mockRejectedValueOnce({ code: 'unreachable', message: 'dial tcp: connection refused' })
    const { unmount } = render(<CloudSettings />)
    expectMalayalam('cloud settings')
    await user.click(screen.getByRole('button', { name: ml_('cloud.test') }))
    await screen.findByRole('status')
    expectMalayalam('cloud settings, connected')
    await user.click(screen.getByRole('button', { name: ml_('cloud.test') }))
    await screen.findByRole('alert')
    await user.selectOptions(screen.getByRole('combobox'), 'other')
    expectMalayalam('cloud settings, unreachable, another service')
    unmount()

    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    await user.click(screen.getByRole('checkbox', { name: ml_('wizard.wantsCloud') }))
    await user.click(screen.getByRole('button', { name: new RegExp(ml_('wizard.next')) }))
    expectMalayalam('wizard, cloud step')
  })

  it('the loading and error screens', async () => {
    api.getState.mockRejectedValue({ code: 'noPermission', message: 'open /home/user/.mahali: permission denied' })
    render(<App />)
    await screen.findByRole('alert')
    expectMalayalam('cannot read the data folder')
  })

  it('a start-up recovery that failed', async () => {
    const problem = 'Could not check the data folder: another backup, restore or recover is running. Close other Mahall programs and restart.'
    api.getState.mockResolvedValue(state({ installed: true, hasExistingData: true, overview: oldOverview, language: 'ml', problem, problemError: { code: uierr.Code.busy, message: problem, dataUnchanged: true } }))
    render(<App />)
    const alert = await screen.findByText(new RegExp(ml_('app.problem.check').slice(0, 20)))
    expect(alert.closest('[role="alert"]')).toHaveTextContent(ml_('errors.code.busy'))
    expectMalayalam('recovery failed')
  })

  it('the check finds English when it is there', () => {
    const { container } = render(
      <p>
        ഇത് <span>Backup</span> <span translate="no">/media/usb</span>
      </p>,
    )
    expect(untranslated(container)).toEqual(['Backup'])
  })
})

describe('errors in the window’s language', () => {
  // Every code backend/uierr can send, written by the Go test
  // TestFrontendFixtures from uierr.Codes.
  const codes: string[] = errorCodes

  it('have words for every code Go sends, in English and Malayalam, and none for codes it does not', () => {
    expect(codes.length).toBeGreaterThan(20)
    for (const code of codes) {
      expect(EN.get(`errors.code.${code}`)?.trim(), `en: errors.code.${code}`).toBeTruthy()
      expect(ML.get(`errors.code.${code}`)?.trim(), `ml: errors.code.${code}`).toBeTruthy()
    }
    const known = [...EN.keys()].filter((k) => k.startsWith('errors.code.')).map((k) => k.slice('errors.code.'.length))
    expect(known.sort()).toEqual([...codes].sort())
  })

  it('show no Latin letters outside the technical details in Malayalam, for every code', () => {
    for (const code of codes) {
      const err = { code: code as ErrorCode, message: `English words from Go about ${code}`, dataUnchanged: true }
      const { container, unmount } = render(<StatusLine status={errorStatus(err, ml_('restore.failed'))} />)
      const alert = within(container).getByRole('alert')
      const outside = visibleText(alert)
      expect(outside, code).not.toMatch(/[A-Za-z]/)
      expect(outside, code).toContain(ml_(`errors.code.${code}`))
      expect(outside, code).toContain(ml_('errors.unchanged'))
      // Go's words are still there for an engineer, folded away.
      const details = alert.querySelector('details')!
      expect(details.open, code).toBe(false)
      expect(details.querySelector('summary')!.textContent).toBe(ml_('errors.technical'))
      expect(technicalText(alert), code).toBe(err.message)
      unmount()
    }
  })

  it('tell the real failures Go sends in Malayalam, saying the data was not changed only when Go says so', async () => {
    for (const [name, payload] of Object.entries(errors)) {
      const { container, unmount } = render(<StatusLine status={errorStatus(payload, ml_('restore.failed'))} />)
      const alert = within(container).getByRole('alert')
      expect(visibleText(alert), name).not.toMatch(/[A-Za-z]/)
      expect(visibleText(alert).includes(ml_('errors.unchanged')), name).toBe(payload.dataUnchanged)
      expect(technicalText(alert), name).toBe(payload.message)
      unmount()
    }
  })
})

describe('warnings in the window’s language', () => {
  // Every kind of warning backend/notice can send, written by the Go test
  // TestFrontendFixtures from notice.Codes.
  const codes: string[] = noticeCodes
  const words = (catalog: Map<string, string>, code: string) =>
    catalog.get(`notices.${code}`) ?? (catalog.get(`notices.${code}_one`) && catalog.get(`notices.${code}_other`))

  it('have words for every code Go sends, in English and Malayalam, and none for codes it does not', () => {
    expect(codes.length).toBeGreaterThan(20)
    for (const code of codes) {
      expect(words(EN, code)?.trim(), `en: notices.${code}`).toBeTruthy()
      expect(words(ML, code)?.trim(), `ml: notices.${code}`).toBeTruthy()
    }
    const known = new Set([...EN.keys()].filter((k) => k.startsWith('notices.')).map((k) => k.slice('notices.'.length).replace(/_(one|other)$/, '')))
    expect([...known].sort()).toEqual([...codes].sort())
  })

  it('show each code in Malayalam with the paths, drives and counts Go names, and no Latin letters outside them', () => {
    const params = { path: '/media/usb/BACKUP-USB/x.jpg', other: '/media/usb/X.jpg', drive: 'BACKUP-USB', count: '3', names: 'a:b.jpg', example: 'a_b.jpg', renamed: 'a_b.jpg', layout: 'B', detail: 'open db.sqlite3: permission denied' }
    for (const code of codes) {
      const notice = { code, params, text: `English words from Go about ${code}` }
      const { container, unmount } = render(<NoticeText notice={notice} />)
      expect(untranslated(container), code).toEqual([])
      expect(container.textContent, code).not.toContain(notice.text)
      for (const [k, v] of Object.entries(params)) {
        if (k !== 'detail' && k !== 'layout' && k !== 'count' && (EN.get(`notices.${code}`) ?? EN.get(`notices.${code}_other`))!.includes(`{{${k}}}`)) {
          expect(container.textContent, `${code} names ${k}`).toContain(v)
        }
      }
      unmount()
    }
  })

  it('tell the real warnings Go sends in Malayalam: the preview of an old backup and the settings', () => {
    render(
      <ul>
        {[...preview.warnings, ...settingsWithUSB.warnings].map((w) => (
          <li key={w.text}>
            <NoticeText notice={w} />
          </li>
        ))}
      </ul>,
    )
    expect(untranslated(document.body)).toEqual([])
    expect(document.body.textContent).toContain(ml_('notices.sameDisk', { path: '/media/usb/BACKUP-USB' }))
    expect(document.body.textContent).toContain('/media/usb/BACKUP-USB')
  })

  it('fall back to Go’s English for a code this window does not know', () => {
    const { container } = render(<NoticeText notice={{ code: 'fromANewerProgram', params: {}, text: 'Something new happened.' }} />)
    expect(container.textContent).toBe('Something new happened.')
  })
})
