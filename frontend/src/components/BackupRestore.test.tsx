import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BackupResult, RestoreResult } from '../api'
import * as api from '../test/apiMock'
import { errors, preview, restoreResult, state } from '../test/fixtures'
import BackupRestore from './BackupRestore'
import { englishError, technicalText, visibleText } from '../test/errorText'

vi.mock('../api', () => import('../test/apiMock'))

beforeEach(() => api.resetApi())

const DATA = '/home/user/.mahali'
const BACKUPS = '/home/user/.mahali/backups'

function renderPage(onDataChanged = vi.fn()) {
  const view = render(<BackupRestore dataDir={DATA} safetyBackups={state().safetyBackups} onDataChanged={onDataChanged} />)
  return { ...view, onDataChanged }
}

function card(name: string) {
  return screen.getByRole('region', { name })
}

async function chooseBackup(user: ReturnType<typeof userEvent.setup>) {
  api.chooseBackupFile.mockResolvedValue(preview.path)
  api.inspectBackup.mockResolvedValue(preview)
  await user.click(within(card('Restore from Backup')).getByRole('button', { name: 'Choose backup file...' }))
  await screen.findByRole('region', { name: 'Backup contents' })
}

describe('Create Backup', () => {
  it('saves where the user chose, shows live progress, then the path and size', async () => {
    const user = userEvent.setup()
    const { onDataChanged } = renderPage()
    const create = card('Create Backup')
    expect(create).toHaveTextContent('Create a backup of your database and media files.')
    api.chooseBackupDestination.mockResolvedValue('/media/usb/mahall_backup_2025-03-09.zip')
    const running = api.deferred<BackupResult>()
    api.createBackup.mockReturnValue(running.promise)

    await user.click(within(create).getByRole('button', { name: 'Create Backup' }))

    expect(api.createBackup).toHaveBeenCalledWith('/media/usb/mahall_backup_2025-03-09.zip')
    expect(within(create).getByRole('button', { name: 'Creating Backup...' })).toBeDisabled()
    // Only one operation runs at a time.
    expect(within(card('Restore from Backup')).getByRole('button', { name: 'Choose backup file...' })).toBeDisabled()

    api.emit(api.BACKUP.progress, { phase: 'archive', bytesDone: 1536, bytesTotal: 2048, filesDone: 3, filesTotal: 4, current: 'media/members/photos/m3.png' })
    const bar = within(create).getByRole('progressbar', { name: 'Backup progress' })
    expect(bar).toHaveAttribute('aria-valuenow', '75')
    expect(within(create).getByText('Writing the backup file')).toBeInTheDocument()
    expect(within(create).getByText('1.5 KB of 2.0 KB · 3 of 4 files')).toBeInTheDocument()
    expect(within(create).getByText('media/members/photos/m3.png')).toBeInTheDocument()

    running.resolve({
      path: '/media/usb/mahall_backup_2025-03-09.zip',
      size: 3145728,
      createdAt: '2025-03-09T15:00:00Z',
      tables: { society_member: 3 },
      mediaFiles: 3,
      mediaBytes: 6144,
      warnings: [],
    })
    expect(await within(create).findByRole('status')).toHaveTextContent(
      'Backup saved to /media/usb/mahall_backup_2025-03-09.zip (3.0 MB).',
    )
    expect(within(create).queryByRole('progressbar')).not.toBeInTheDocument()
    expect(onDataChanged).toHaveBeenCalledTimes(1)
  })

  it('does nothing when the save dialog is cancelled', async () => {
    const user = userEvent.setup()
    renderPage()
    api.chooseBackupDestination.mockResolvedValue('')
    await user.click(screen.getByRole('button', { name: 'Create Backup' }))
    expect(api.createBackup).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Create Backup' })).toBeEnabled()
  })

  it('says what went wrong', async () => {
    const user = userEvent.setup()
    const { onDataChanged } = renderPage()
    api.chooseBackupDestination.mockResolvedValue('/media/usb/b.zip')
    api.createBackup.mockRejectedValue(errors.noSpace)

    await user.click(screen.getByRole('button', { name: 'Create Backup' }))

    const alert = await screen.findByRole('alert')
    // The window's framing and the words of the code, in the window's
    // language; the engine's plain words (backend/explain) folded away.
    expect(visibleText(alert)).toBe(englishError('Backup failed', errors.noSpace))
    expect(visibleText(alert)).toMatch(/^Backup failed: The disk is full\. /)
    expect(technicalText(alert)).toBe(errors.noSpace.message)
    expect(alert).toHaveClass('error')
    expect(onDataChanged).not.toHaveBeenCalled()
  })

  it('cancels a running backup', async () => {
    const user = userEvent.setup()
    renderPage()
    api.chooseBackupDestination.mockResolvedValue('/media/usb/b.zip')
    const running = api.deferred<BackupResult>()
    api.createBackup.mockReturnValue(running.promise)
    await user.click(screen.getByRole('button', { name: 'Create Backup' }))

    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(api.cancel).toHaveBeenCalledTimes(1)
    running.reject(errors.cancelledBackup)

    expect(await screen.findByText('Backup cancelled. No backup file was written.')).toBeInTheDocument()
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Create Backup' })).toBeEnabled()
  })
})

describe('Restore from Backup', () => {
  it('asks for confirmation naming what is replaced and where the safety backup goes', async () => {
    const user = userEvent.setup()
    renderPage()
    await chooseBackup(user)
    const restoreCard = card('Restore from Backup')

    await user.click(within(restoreCard).getByRole('button', { name: 'Restore' }))

    expect(api.restoreBackup).not.toHaveBeenCalled()
    const dialog = screen.getByRole('alertdialog', { name: 'Replace your data with this backup?' })
    expect(dialog).toHaveTextContent(`This replaces the database and media files in ${DATA}`)
    expect(dialog).toHaveTextContent(preview.path)
    expect(dialog).toHaveTextContent(`${BACKUPS}/pre-restore-<date and time>.zip`)

    // The safe choice has the focus, and Escape takes it too.
    expect(within(dialog).getByRole('button', { name: 'Keep My Data' })).toHaveFocus()
    await user.keyboard('{Escape}')
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()

    await user.click(within(restoreCard).getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Keep My Data' }))
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(api.restoreBackup).not.toHaveBeenCalled()
  })

  it('restores after confirmation with live progress, then refreshes the data', async () => {
    const user = userEvent.setup()
    const { onDataChanged } = renderPage()
    await chooseBackup(user)
    const restoreCard = card('Restore from Backup')
    const running = api.deferred<RestoreResult>()
    api.restoreBackup.mockReturnValue(running.promise)

    await user.click(within(restoreCard).getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))

    expect(api.restoreBackup).toHaveBeenCalledWith(preview.path)
    expect(within(restoreCard).getByRole('button', { name: 'Restoring...' })).toBeDisabled()
    expect(screen.getByRole('button', { name: 'Create Backup' })).toBeDisabled()

    api.emit(api.RESTORE.progress, { phase: 'safety', bytesDone: 100, bytesTotal: 400, filesDone: 0, filesTotal: 0, current: '' })
    expect(within(restoreCard).getByRole('progressbar', { name: 'Restore progress' })).toHaveAttribute('aria-valuenow', '25')
    expect(within(restoreCard).getByText('Saving a safety backup of the current data')).toBeInTheDocument()
    // Backup events do not move the restore's bar.
    api.emit(api.BACKUP.progress, { phase: 'archive', bytesDone: 9, bytesTotal: 10, filesDone: 0, filesTotal: 0, current: '' })
    expect(within(restoreCard).getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25')
    expect(onDataChanged).not.toHaveBeenCalled()

    running.resolve(restoreResult)

    expect(await within(restoreCard).findByRole('status')).toHaveTextContent(
      `Restore complete: 1,234 members, 256 houses and 1,100 photos are now in place. Your previous data was saved to ${BACKUPS}/pre-restore-20250309T150000.000Z.zip.`,
    )
    expect(onDataChanged).toHaveBeenCalledTimes(1)
  })

  it('says the current photos are kept after restoring a backup without photos', async () => {
    const user = userEvent.setup()
    renderPage()
    await chooseBackup(user)
    const restoreCard = card('Restore from Backup')
    api.restoreBackup.mockResolvedValue({
      ...restoreResult,
      preview: { ...restoreResult.preview, format: 'C', mediaFiles: 0, mediaBytes: 0 },
      notes: [{ code: 'noPhotosKept', params: {}, text: 'This backup holds no photos: your current photos are kept.' }],
    })

    await user.click(within(restoreCard).getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))

    const status = await within(restoreCard).findByRole('status')
    expect(status.textContent).toMatch(/^Restore complete: .* This backup holds no photos: your current photos are kept\.$/)
  })

  it('shows the engine’s reason when the restore fails', async () => {
    const user = userEvent.setup()
    const { onDataChanged } = renderPage()
    await chooseBackup(user)
    api.restoreBackup.mockRejectedValue(errors.inUse)

    await user.click(screen.getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))

    const alert = await screen.findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('Restore failed', errors.inUse))
    expect(visibleText(alert)).toMatch(/^Restore failed: Another program has the register or one of its photos open\. /)
    expect(visibleText(alert)).toMatch(/ Your data was not changed\.$/)
    expect(technicalText(alert)).toBe(errors.inUse.message)
    expect(alert).toHaveClass('error')
    expect(onDataChanged).not.toHaveBeenCalled()
  })

  it('cancels a running restore', async () => {
    const user = userEvent.setup()
    const { onDataChanged } = renderPage()
    await chooseBackup(user)
    const running = api.deferred<RestoreResult>()
    api.restoreBackup.mockReturnValue(running.promise)
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))

    await user.click(screen.getByRole('button', { name: 'Cancel' }))
    expect(api.cancel).toHaveBeenCalledTimes(1)
    running.reject(errors.cancelledRestore)

    expect(await screen.findByText('Restore cancelled. Your data was not changed.')).toBeInTheDocument()
    expect(onDataChanged).not.toHaveBeenCalled()
  })

  it('tells a cancelled restore by its code, not by its words', async () => {
    const user = userEvent.setup()
    renderPage()
    await chooseBackup(user)
    api.restoreBackup.mockRejectedValueOnce({ code: 'cancelled', message: 'Wiederherstellung abgebrochen' })
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))
    expect(await screen.findByText('Restore cancelled. Your data was not changed.')).toBeInTheDocument()

    api.restoreBackup.mockRejectedValueOnce({ code: 'failed', message: 'the restore was cancelled by the disk driver' })
    await user.click(screen.getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))
    const alert = await screen.findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('Restore failed', { code: 'failed' }))
    expect(technicalText(alert)).toBe('the restore was cancelled by the disk driver')
  })

  it('stops listening to events when it goes away', () => {
    const { unmount } = renderPage()
    expect(api.listenerCount(api.BACKUP.progress)).toBe(1)
    expect(api.listenerCount(api.RESTORE.progress)).toBe(1)
    unmount()
    expect(api.listenerCount(api.BACKUP.progress)).toBe(0)
    expect(api.listenerCount(api.RESTORE.progress)).toBe(0)
  })
})
