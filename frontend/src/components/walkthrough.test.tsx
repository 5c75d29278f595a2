// The walkthrough's findings (issue 15), each where a component test can see it.
import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackupResult } from '../api'
import * as api from '../test/apiMock'
import { errors, oldOverview, preview, restoreResult, state } from '../test/fixtures'
import BackupRestore from './BackupRestore'
import InstallWizard from './InstallWizard'
import Path from './Path'
import ProgressBar from './ProgressBar'

vi.mock('../api', () => import('../test/apiMock'))

type User = ReturnType<typeof userEvent.setup>

beforeEach(() => api.resetApi())

const saved: BackupResult = { path: '/media/usb/mahall_backup_2026-11-30.zip', size: 3 << 20, createdAt: '2026-11-30T10:00:00Z', tables: {}, mediaFiles: 3, mediaBytes: 10, warnings: [] }

function page(overview = oldOverview) {
  return render(<BackupRestore dataDir="/home/user/.mahali" safetyBackups={state().safetyBackups} overview={overview} onDataChanged={vi.fn()} />)
}

async function backUp(user: User) {
  api.chooseBackupDestination.mockResolvedValue(saved.path)
  api.createBackup.mockResolvedValue(saved)
  await user.click(screen.getByRole('button', { name: 'Create Backup' }))
  await screen.findByText(/Backup saved to/)
}

async function choose(user: User, p = preview) {
  api.chooseBackupFile.mockResolvedValue(p.path)
  api.inspectBackup.mockResolvedValue(p)
  await user.click(screen.getByRole('button', { name: 'Choose backup file...' }))
  await screen.findByRole('region', { name: 'Backup contents' })
}

describe('shortcut hints', () => {
  it('sit inside their button, hidden from its name, with no tooltip left behind', async () => {
    page()
    const button = screen.getByRole('button', { name: 'Create Backup' })
    expect(button).not.toHaveAttribute('title')
    expect(button).toHaveAttribute('aria-keyshortcuts', 'Alt+B')
    const hint = within(button).getByText('Alt+B')
    expect(hint).toHaveAttribute('aria-hidden', 'true')
    expect(document.querySelectorAll('[title^="Alt+"]')).toHaveLength(0)
  })
})

describe('the progress bar', () => {
  it.each([
    [{ bytesDone: 0, bytesTotal: 300 }, 0],
    [{ bytesDone: 81, bytesTotal: 300 }, 27],
    [{ bytesDone: 300, bytesTotal: 300 }, 100],
    [{ filesDone: 1, filesTotal: 3 }, 33],
  ])('fills as far as the percentage it shows (%o)', (u, want) => {
    render(<ProgressBar label="Backup progress" update={{ phase: 'archive', bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, current: '', ...u }} />)
    const bar = screen.getByRole('progressbar', { name: 'Backup progress' })
    expect(bar).toHaveAttribute('aria-valuenow', String(want))
    expect(screen.getByText(`${want}%`)).toBeInTheDocument()
    expect(screen.getByTestId('progress-fill')).toHaveStyle({ width: `${want}%` })
  })

  it('shows no percentage while the total is unknown', () => {
    render(<ProgressBar label="Backup progress" update={{ phase: 'scan', bytesDone: 0, bytesTotal: 0, filesDone: 0, filesTotal: 0, current: '' }} />)
    expect(screen.getByRole('progressbar')).not.toHaveAttribute('aria-valuenow')
    expect(screen.queryByText(/%/)).not.toBeInTheDocument()
  })
})

describe('messages', () => {
  it('"Backup saved" goes when a restore replaces the data', async () => {
    const user = userEvent.setup()
    page()
    await backUp(user)
    await choose(user)
    api.restoreBackup.mockResolvedValue(restoreResult)
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))
    await screen.findByText(/Restore complete/)
    expect(screen.queryByText(/Backup saved/)).not.toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Open Folder' })).not.toBeInTheDocument()
  })

  it('a cancel message does not stay under the next confirmation', async () => {
    const user = userEvent.setup()
    page()
    await choose(user)
    api.restoreBackup.mockRejectedValue(errors.cancelledRestore)
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))
    await screen.findByText('Restore cancelled. Your data was not changed.')
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    expect(screen.getByRole('alertdialog')).toBeInTheDocument()
    expect(screen.queryByText('Restore cancelled. Your data was not changed.')).not.toBeInTheDocument()
  })
})

describe('after a backup', () => {
  it('opens its folder and copies its path', async () => {
    const user = userEvent.setup()
    page()
    await backUp(user)
    // The native dialog's title is the window's words, in its language.
    expect(api.chooseBackupDestination).toHaveBeenCalledWith('Save the backup as')
    await user.click(screen.getByRole('button', { name: 'Open Folder' }))
    expect(api.showInFolder).toHaveBeenCalledWith(saved.path)
    await user.click(screen.getByRole('button', { name: 'Copy Path' }))
    expect(api.copyText).toHaveBeenCalledWith(saved.path)
    expect(await screen.findByText('The path was copied.')).toBeInTheDocument()
  })
})

describe('the restore confirmation', () => {
  it('warns loudly when the backup holds fewer members and photos and is older than the newest backup', async () => {
    const user = userEvent.setup()
    const overview = { ...oldOverview, members: 3000, photos: 2500, lastBackup: { path: '/x/new.zip', at: '2026-11-01T10:00:00Z', size: 1 } }
    page(overview)
    await choose(user, { ...preview, members: 300, mediaFiles: 280, createdAt: '2026-10-12T10:00:00Z' })
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    const risks = within(screen.getByRole('alertdialog')).getByRole('list', { name: 'What this restore would lose' })
    expect(risks).toHaveTextContent('This backup holds fewer members than your register now (300 instead of 3,000).')
    expect(risks).toHaveTextContent('This backup holds fewer photos than your register now (280 instead of 2,500).')
    expect(risks).toHaveTextContent('This backup is older than your newest backup (12 Oct 2026; the newest is from 1 Nov 2026).')
  })

  it('has nothing to warn of when the backup holds as much and is the newest', async () => {
    const user = userEvent.setup()
    page({ ...oldOverview, lastBackup: null })
    await choose(user)
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    expect(within(screen.getByRole('alertdialog')).queryByRole('list')).not.toBeInTheDocument()
  })
})

describe('paths', () => {
  it('wrap only after a separator', () => {
    const { container } = render(<Path>{'/home/user/.mahali/backups/mahall_backup_2026-11-30.zip'}</Path>)
    const span = container.querySelector('.path')!
    expect(span).toHaveTextContent('/home/user/.mahali/backups/mahall_backup_2026-11-30.zip')
    expect(span).toHaveAttribute('translate', 'no')
    // A break opportunity after each "/", none inside a name.
    const parts = [...span.querySelectorAll('.path-part')].map((p) => p.textContent)
    expect(parts).toEqual(['/', 'home/', 'user/', '.mahali/', 'backups/', 'mahall_backup_2026-11-30.zip'])
    expect(span.querySelectorAll('wbr')).toHaveLength(parts.length - 1)
  })
})

describe('the wizard', () => {
  async function toRestoreStep(user: User) {
    await user.click(screen.getByRole('checkbox', { name: 'I have a backup file I want to restore' }))
    await user.click(screen.getByRole('button', { name: 'Next' }))
  }
  const item = (name: RegExp) => within(screen.getByRole('list', { name: 'Installation steps' })).getByText(name).closest('li')!

  it('asks before going on without the backup after a failed restore', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    await toRestoreStep(user)
    await choose(user)
    api.restoreBackup.mockRejectedValue(errors.unsafe)
    await user.click(screen.getByRole('button', { name: 'Restore Backup' }))
    await screen.findByRole('alert')

    await user.click(screen.getByRole('button', { name: 'Next' }))
    const ask = screen.getByRole('alertdialog', { name: 'Continue without your backup?' })
    expect(ask).toHaveTextContent('a new, empty register')
    expect(within(ask).getByRole('button', { name: 'Go Back to the Backup' })).toHaveFocus()
    await user.click(within(ask).getByRole('button', { name: 'Go Back to the Backup' }))
    expect(screen.getByRole('heading', { name: 'Restore from Backup' })).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.click(screen.getByRole('button', { name: 'Continue With an Empty Register' }))
    expect(screen.getByRole('heading', { name: 'Installation' })).toBeInTheDocument()
    expect(screen.getByText('A new, empty register database.')).toBeInTheDocument()
    // The skipped step is shown as skipped, not as done.
    expect(item(/Backup/)).toHaveClass('skipped')
    expect(item(/Backup/)).toHaveTextContent('(skipped)')
    expect(item(/Welcome/)).toHaveClass('past')
  })

  it('marks Backup skipped when it was not wanted, and lets the user click back to a step', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(item(/Backup/)).toHaveClass('skipped')
    expect(item(/Backup/)).not.toHaveClass('past')
    // Backup was not wanted, so it is not a link; Welcome is.
    expect(within(item(/Backup/)).queryByRole('button')).not.toBeInTheDocument()
    await user.click(within(item(/Welcome/)).getByRole('button'))
    expect(screen.getByRole('heading', { name: 'Welcome to Mahall Software' })).toHaveFocus()
  })

  it('puts the focus on the new step’s heading', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    expect(screen.getByRole('heading', { name: 'Welcome to Mahall Software' })).not.toHaveFocus()
    await toRestoreStep(user)
    expect(screen.getByRole('heading', { name: 'Restore from Backup' })).toHaveFocus()
    await user.click(screen.getByRole('button', { name: 'Previous' }))
    expect(screen.getByRole('heading', { name: 'Welcome to Mahall Software' })).toHaveFocus()
  })

  it('opens the preview of a backup dropped on the window', async () => {
    api.inspectBackup.mockResolvedValue(preview)
    const { rerender } = render(<InstallWizard state={state()} onInstalled={vi.fn()} dropped={null} />)
    rerender(<InstallWizard state={state()} onInstalled={vi.fn()} dropped={{ path: preview.path }} />)
    expect(await screen.findByRole('region', { name: 'Backup contents' })).toBeInTheDocument()
    expect(screen.getByRole('heading', { name: 'Restore from Backup' })).toBeInTheDocument()
    expect(api.inspectBackup).toHaveBeenCalledWith(preview.path)
  })
})
