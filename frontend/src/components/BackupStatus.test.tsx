import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { AutoReport } from '../api'
import * as api from '../test/apiMock'
import { autoReport, statusUSB } from '../test/fixtures'
import BackupStatus, { ago } from './BackupStatus'
import { englishError, technicalText, visibleText } from '../test/errorText'

vi.mock('../api', () => import('../test/apiMock'))

beforeEach(() => api.resetApi())

const card = () => screen.getByRole('region', { name: 'Automatic Backups' })

describe('BackupStatus', () => {
  it('says in red that there is no backup yet', async () => {
    render(<BackupStatus />)
    const line = await within(card()).findByRole('status', { name: 'No recent backup' })
    expect(line).toHaveTextContent('There is no backup yet.')
    expect(line).toHaveClass('level-red')
    expect(within(card()).queryByRole('alert')).not.toBeInTheDocument()
  })

  it('backs up now, shows the progress, then the result and the green status', async () => {
    const user = userEvent.setup()
    const onBackedUp = vi.fn()
    render(<BackupStatus onBackedUp={onBackedUp} />)
    await within(card()).findByRole('status', { name: 'No recent backup' })
    const running = api.deferred<AutoReport>()
    api.runBackupNow.mockReturnValue(running.promise)

    await user.click(within(card()).getByRole('button', { name: 'Back Up Now' }))
    expect(within(card()).getByRole('button', { name: 'Backing Up...' })).toBeDisabled()
    api.emit(api.AUTO.progress, { phase: 'copy', bytesDone: 512, bytesTotal: 1024, filesDone: 0, filesTotal: 1, current: '/media/usb/BACKUP-USB/x.zip' })
    expect(within(card()).getByRole('progressbar', { name: 'Automatic backup progress' })).toHaveAttribute('aria-valuenow', '50')
    expect(within(card()).getByText('Copying the backup to another backup folder')).toBeInTheDocument()

    api.getBackupStatus.mockResolvedValue(statusUSB)
    running.resolve(autoReport)
    const line = await within(card()).findByRole('status', { name: 'Backups are up to date' })
    expect(line).toHaveTextContent(/^Last backup: \d+ days ago \(BACKUP-USB\)$/)
    expect(card()).toHaveTextContent(`Backed up to ${autoReport.outcomes[0].file}.`)
    expect(onBackedUp).toHaveBeenCalled()
  })

  it('shows a failed automatic backup as an alert until the next succeeds', async () => {
    api.getBackupStatus.mockResolvedValue({ ...statusUSB, level: 'amber', alert: "The last automatic backup failed: Plug in the backup drive 'BACKUP-USB'" })
    render(<BackupStatus />)
    expect(await within(card()).findByRole('alert')).toHaveTextContent("Plug in the backup drive 'BACKUP-USB'")
    expect(within(card()).getByRole('status', { name: 'Backups need attention' })).toHaveClass('level-amber')

    // The schedule's next run succeeds: the window hears it and reloads.
    api.getBackupStatus.mockResolvedValue(statusUSB)
    api.emit(api.AUTO.done, autoReport)
    await within(card()).findByRole('status', { name: 'Backups are up to date' })
    expect(within(card()).queryByRole('alert')).not.toBeInTheDocument()
  })

  it('reloads when a backup made on the Backup & Restore card ends', async () => {
    render(<BackupStatus />)
    await within(card()).findByRole('status', { name: 'No recent backup' })
    api.getBackupStatus.mockResolvedValue(statusUSB)
    api.emit(api.BACKUP.done, { path: '/media/usb/BACKUP-USB/mahall_backup_2026-12-01_1430.zip' })
    await within(card()).findByRole('status', { name: 'Backups are up to date' })
  })

  it('says what failed when Back Up Now fails', async () => {
    const user = userEvent.setup()
    render(<BackupStatus />)
    await within(card()).findByRole('status', { name: 'No recent backup' })
    api.runBackupNow.mockRejectedValue({ code: 'busy', message: 'another operation is running' })
    await user.click(within(card()).getByRole('button', { name: 'Back Up Now' }))
    const alert = await within(card()).findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('The backup failed', { code: 'busy' }))
    expect(technicalText(alert)).toBe('another operation is running')
  })

  it('says the window waits for the backup on close while it runs, with its progress', async () => {
    render(<BackupStatus />)
    await within(card()).findByRole('status', { name: 'No recent backup' })
    expect(api.listenerCount(api.CLOSE_BACKUP)).toBe(1)
    const closing = 'Making a backup before the program closes. It closes by itself when the backup is done; closing the window again cancels the backup.'
    expect(within(card()).queryByText(closing)).not.toBeInTheDocument()

    api.emit(api.CLOSE_BACKUP, { running: true, ran: false, error: '' })
    expect(within(card()).getByText(closing)).toHaveAttribute('role', 'status')
    api.emit(api.AUTO.progress, { phase: 'archive', bytesDone: 1 << 20, bytesTotal: 4 << 20, filesDone: 1, filesTotal: 4, current: 'media/m1.jpg' })
    expect(within(card()).getByRole('button', { name: 'Backing Up...' })).toBeDisabled()

    // Cancelled by a second close, the app quits; if the window is still
    // there, the note goes.
    api.emit(api.CLOSE_BACKUP, { running: false, ran: false, error: '' })
    expect(within(card()).queryByText(closing)).not.toBeInTheDocument()
  })

  it('says what happened to the cloud copy: sent, unchanged, or not sent and why', async () => {
    const user = userEvent.setup()
    render(<BackupStatus />)
    await within(card()).findByRole('status', { name: 'No recent backup' })
    const sent = { result: 'ok', snapshot: 'k1f2e3', size: 1200000, message: 'Cloud snapshot k1f2e3 sent (1.2 MB).' }
    api.runBackupNow.mockResolvedValue({ ...autoReport, cloud: sent })
    await user.click(within(card()).getByRole('button', { name: 'Back Up Now' }))
    expect(await within(card()).findByText('The cloud copy was sent (1.1 MB).')).toBeInTheDocument()

    api.runBackupNow.mockResolvedValue({ ...autoReport, cloud: { ...sent, result: 'unchanged', warning: { code: 'cloudPartly', params: { detail: 'maintenance failed' }, text: 'The cloud snapshot was made, but: maintenance failed' } } })
    await user.click(within(card()).getByRole('button', { name: 'Back Up Now' }))
    expect(await within(card()).findByText('Nothing changed for the cloud copy, so nothing new was sent.')).toBeInTheDocument()
    expect(within(card()).getByText('The cloud snapshot was made, but its upkeep did not finish; it is tried again at the next run.')).toBeInTheDocument()
    expect(within(card()).getByText('maintenance failed')).toBeInTheDocument()

    const reason = 'dial tcp 127.0.0.1:9000: connect: connection refused'
    api.runBackupNow.mockResolvedValue({
      ...autoReport,
      cloud: { result: 'failed', snapshot: '', size: 0, reason, message: `The cloud copy was not made this time; it is tried again at the next run. Your local backups are not affected. (${reason})` },
    })
    await user.click(within(card()).getByRole('button', { name: 'Back Up Now' }))
    const failed = await within(card()).findByText(/The cloud copy was not sent this time/)
    expect(failed.closest('li')).toHaveTextContent(`it is tried again at the next backup. The backups on this computer and on your drives are not affected: ${reason}`)
    expect(failed.closest('li')).toHaveClass('warning')
    expect(within(card()).queryByText(/The cloud copy was sent/)).not.toBeInTheDocument()
  })

  it('says nothing of a cloud copy when there is none', async () => {
    const user = userEvent.setup()
    render(<BackupStatus />)
    await within(card()).findByRole('status', { name: 'No recent backup' })
    api.runBackupNow.mockResolvedValue(autoReport)
    await user.click(within(card()).getByRole('button', { name: 'Back Up Now' }))
    await within(card()).findByText(/Backed up to/)
    expect(within(card()).queryByText(/cloud copy/)).not.toBeInTheDocument()
  })
})

describe('ago', () => {
  const now = Date.parse('2025-03-12T15:00:00Z')
  it('says how long ago, in words', () => {
    expect(ago('2025-03-12T14:59:50Z', now)).toBe('this minute')
    expect(ago('2025-03-12T14:55:00Z', now)).toBe('5 minutes ago')
    expect(ago('2025-03-12T12:00:00Z', now)).toBe('3 hours ago')
    expect(ago('2025-03-09T15:00:00Z', now)).toBe('3 days ago')
  })
})
