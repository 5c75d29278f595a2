import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { Overview, RestoreResult } from '../api'
import * as api from '../test/apiMock'
import { emptyOverview, errors, oldOverview, preview, state } from '../test/fixtures'
import InstallWizard from './InstallWizard'
import { englishError, technicalText, visibleText } from '../test/errorText'

vi.mock('../api', () => import('../test/apiMock'))

type User = ReturnType<typeof userEvent.setup>

beforeEach(() => api.resetApi())

function currentStep() {
  const steps = screen.getByRole('list', { name: 'Installation steps' })
  return within(steps)
    .getAllByRole('listitem')
    .find((li) => li.getAttribute('aria-current') === 'step')!
    .textContent!.replace(/^\d\s*/, '')
}

async function goToRestoreStep(user: User) {
  await user.click(screen.getByRole('checkbox', { name: 'I have a backup file I want to restore' }))
  await user.click(screen.getByRole('button', { name: 'Next' }))
}

async function chooseBackup(user: User) {
  api.chooseBackupFile.mockResolvedValue(preview.path)
  api.inspectBackup.mockResolvedValue(preview)
  await user.click(screen.getByRole('button', { name: 'Choose backup file...' }))
  await screen.findByRole('region', { name: 'Backup contents' })
}

describe('InstallWizard', () => {
  it('goes from Welcome straight to Installation when no backup is to be restored', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    expect(currentStep()).toBe('Welcome')
    expect(screen.getByRole('button', { name: 'Previous' })).toBeDisabled()

    await user.click(screen.getByRole('button', { name: 'Next' }))

    expect(currentStep()).toBe('Installation')
    expect(screen.getByRole('heading', { name: 'Installation' })).toBeInTheDocument()
    expect(screen.getByText('A new, empty register database.')).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Previous' }))
    expect(currentStep()).toBe('Welcome')
  })

  it('goes from Welcome to Restore from Backup when the box is ticked', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    await goToRestoreStep(user)
    expect(currentStep()).toBe('Backup')
    expect(screen.getByRole('heading', { name: 'Restore from Backup' })).toBeInTheDocument()
    expect(screen.getByText(/Restoring replaces any existing data/)).toBeInTheDocument()
    // Nothing can be restored before a file is chosen and read.
    expect(screen.getByRole('button', { name: 'Restore Backup' })).toBeDisabled()
  })

  it('previews the chosen backup, restores it with live progress, then installs', async () => {
    const user = userEvent.setup()
    const onInstalled = vi.fn()
    render(<InstallWizard state={state()} onInstalled={onInstalled} />)
    await goToRestoreStep(user)
    await chooseBackup(user)

    expect(api.inspectBackup).toHaveBeenCalledWith(preview.path)
    const contents = screen.getByRole('region', { name: 'Backup contents' })
    expect(within(contents).getByText('1,234')).toBeInTheDocument()
    expect(within(contents).getByText('256')).toBeInTheDocument()
    expect(within(contents).getByText(/1,100/)).toBeInTheDocument()
    expect(within(contents).getByText('2.9 MB')).toBeInTheDocument()
    expect(within(contents).getByText('1,100 (2.1 MB)')).toBeInTheDocument()
    expect(within(contents).getByText('Unknown (older backup format)')).toBeInTheDocument()
    expect(within(contents).getByRole('note', { name: 'Backup warnings' })).toHaveTextContent(
      '1 member photo is not in this backup: after restoring it, that member has no photo (members/photos/k12.png).',
    )

    const restore = api.deferred<RestoreResult>()
    api.restoreBackup.mockReturnValue(restore.promise)
    await user.click(screen.getByRole('button', { name: 'Restore Backup' }))
    expect(api.restoreBackup).toHaveBeenCalledWith(preview.path)
    expect(screen.getByRole('button', { name: 'Restoring...' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Next' })).toBeDisabled()

    api.emit(api.RESTORE.progress, { phase: 'extract', bytesDone: 5242880, bytesTotal: 20971520, filesDone: 10, filesTotal: 40, current: 'media/members/photos/a.png' })
    const bar = screen.getByRole('progressbar', { name: 'Restore progress' })
    expect(bar).toHaveAttribute('aria-valuenow', '25')
    expect(screen.getByText('Unpacking the backup')).toBeInTheDocument()
    expect(screen.getByText('25%')).toBeInTheDocument()
    expect(screen.getByText('5.0 MB of 20.0 MB · 10 of 40 files')).toBeInTheDocument()

    api.emit(api.RESTORE.progress, { phase: 'swap', bytesDone: 0, bytesTotal: 0, filesDone: 1, filesTotal: 2, current: '' })
    expect(bar).toHaveAttribute('aria-valuenow', '50')
    expect(screen.getByText('Putting the restored data in place')).toBeInTheDocument()

    restore.resolve({ preview, safetyBackup: '', notes: [] })
    expect(await screen.findByText(/Backup restored: 1,234 members, 256 houses, 1,100 photos/)).toBeInTheDocument()
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument()
    // Keyboard users carry on from the top of the step.
    expect(screen.getByRole('heading', { name: 'Restore from Backup' })).toHaveFocus()

    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(currentStep()).toBe('Installation')
    expect(screen.getByText('The restored data: 1,234 members, 256 houses, 1,100 photos.')).toBeInTheDocument()

    const installing = api.deferred<Overview>()
    api.install.mockReturnValue(installing.promise)
    await user.click(screen.getByRole('button', { name: 'Install Now' }))
    api.emit(api.INSTALL.progress, { phase: 'install', bytesDone: 0, bytesTotal: 0, filesDone: 2, filesTotal: 3, current: 'Writing the install marker' })
    expect(screen.getByRole('progressbar', { name: 'Installation progress' })).toHaveAttribute('aria-valuenow', '66')
    expect(screen.getByText('2 of 3 steps')).toBeInTheDocument()
    expect(onInstalled).not.toHaveBeenCalled()

    const installed = { ...emptyOverview, members: 1234 }
    installing.resolve(installed)
    await vi.waitFor(() => expect(onInstalled).toHaveBeenCalledWith(installed))
  })

  it('shows the engine’s reason in red and lets the user choose another file or go back', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    await goToRestoreStep(user)
    await chooseBackup(user)
    api.restoreBackup.mockRejectedValue(errors.unsafe)

    await user.click(screen.getByRole('button', { name: 'Restore Backup' }))

    const alert = await screen.findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('Restore failed', errors.unsafe))
    expect(visibleText(alert)).toMatch(/^Restore failed: This backup holds names or sizes that could harm this computer/)
    expect(visibleText(alert)).toMatch(/ Your data was not changed\.$/)
    expect(technicalText(alert)).toBe(errors.unsafe.message)
    expect(alert).toHaveClass('error')
    expect(screen.getByRole('button', { name: 'Choose backup file...' })).toBeEnabled()
    expect(screen.getByRole('button', { name: 'Previous' })).toBeEnabled()
    await user.click(screen.getByRole('button', { name: 'Previous' }))
    expect(currentStep()).toBe('Welcome')
  })

  it('refuses a file the engine cannot read before anything is replaced', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    await goToRestoreStep(user)
    api.chooseBackupFile.mockResolvedValue('/tmp/holiday.zip')
    api.inspectBackup.mockRejectedValue(errors.notABackup)

    await user.click(screen.getByRole('button', { name: 'Choose backup file...' }))

    const alert = await screen.findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('This file cannot be restored', errors.notABackup))
    expect(visibleText(alert)).toMatch(/^This file cannot be restored: This file is not a Mahall backup\. /)
    expect(technicalText(alert)).toBe(errors.notABackup.message)
    expect(screen.getByRole('button', { name: 'Restore Backup' })).toBeDisabled()
    expect(api.restoreBackup).not.toHaveBeenCalled()
  })

  it('cancels a running restore', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    await goToRestoreStep(user)
    await chooseBackup(user)
    const restore = api.deferred<RestoreResult>()
    api.restoreBackup.mockReturnValue(restore.promise)
    await user.click(screen.getByRole('button', { name: 'Restore Backup' }))

    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(api.cancel).toHaveBeenCalledTimes(1)
    restore.reject(errors.cancelledRestore)

    expect(await screen.findByText('Restore cancelled. Nothing was changed.')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Restore Backup' })).toBeEnabled()
  })

  it('keeps the data of an earlier installation unless the user restores over it', async () => {
    const user = userEvent.setup()
    const upgrade = state({ hasExistingData: true, overview: oldOverview })
    render(<InstallWizard state={upgrade} onInstalled={vi.fn()} />)

    const note = screen.getByRole('note', { name: 'Existing data' })
    expect(note).toHaveTextContent('Existing data found')
    expect(note).toHaveTextContent('412 members, 96 houses, 380 photos')
    expect(note).toHaveTextContent('It will be kept')

    await user.click(screen.getByRole('button', { name: 'Next' }))
    expect(currentStep()).toBe('Installation')
    expect(screen.getByText('Your existing data is kept: 412 members, 96 houses, 380 photos.')).toBeInTheDocument()

    await user.click(screen.getByRole('button', { name: 'Previous' }))
    await goToRestoreStep(user)
    // The paths are their own elements (never translated, broken only at separators).
    expect(screen.getByText(/Restoring replaces any existing data/)).toHaveTextContent(
      'Your current data (412 members, 96 houses, 380 photos) is first saved as a safety backup in /home/user/.mahali/backups.',
    )
  })

  it('offers Alt shortcuts for the actions of every step', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={vi.fn()} />)
    const keys = (name: string) => screen.getByRole(name === 'checkbox' ? 'checkbox' : 'button', name === 'checkbox' ? { name: /I have a backup file/ } : { name }).getAttribute('aria-keyshortcuts')
    expect(keys('checkbox')).toBe('Alt+H')
    expect(keys('Previous')).toBe('Alt+P')
    expect(keys('Next')).toBe('Alt+N')
    await goToRestoreStep(user)
    expect(keys('Choose backup file...')).toBe('Alt+C')
    expect(keys('Restore Backup')).toBe('Alt+R')
    await user.click(screen.getByRole('button', { name: 'Next' }))
    await user.click(screen.getByRole('button', { name: 'Continue With an Empty Register' }))
    expect(keys('Install Now')).toBe('Alt+I')
  })

  it('shows why installation failed', async () => {
    const user = userEvent.setup()
    const onInstalled = vi.fn()
    render(<InstallWizard state={state()} onInstalled={onInstalled} />)
    await user.click(screen.getByRole('button', { name: 'Next' }))
    api.install.mockRejectedValue(errors.noPermission)
    await user.click(screen.getByRole('button', { name: 'Install Now' }))
    const alert = await screen.findByRole('alert')
    expect(technicalText(alert)).toBe(errors.noPermission.message)
    expect(visibleText(alert)).toBe(
      englishError('Installation failed', errors.noPermission),
    )
    expect(onInstalled).not.toHaveBeenCalled()
  })
})
