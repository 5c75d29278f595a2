import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../test/apiMock'
import { backupList, errors, preview, restoreResult } from '../test/fixtures'
import History from './History'

vi.mock('../api', () => import('../test/apiMock'))

beforeEach(() => api.resetApi())

const card = () => screen.getByRole('region', { name: 'Backup History' })
const PATH = backupList.backups[0].path
const safety = { ...backupList.backups[0], path: '/home/user/.mahali/backups/pre-restore-20250309T150000.000Z.zip', safety: true, verified: false }

async function firstRow() {
  const list = await within(card()).findByRole('list', { name: 'Backups, newest first' })
  return within(list).getAllByRole('listitem')[0]
}

describe('History', () => {
  it('lists the cloud snapshots and restores one through the cloud restore', async () => {
    const user = userEvent.setup()
    const snap = { id: 'k1f2e3', time: '2025-03-09T15:00:00Z', programVersion: '1.0.0', members: 40, houses: 12, areas: 2, mediaFiles: 30, size: 1200000 }
    api.listBackups.mockResolvedValue({ ...backupList, cloud: [snap] })
    render(<History onDataChanged={vi.fn()} />)
    const list = await within(card()).findByRole('list', { name: 'Cloud copies, newest first' })
    const row = within(list).getAllByRole('listitem')[0]
    expect(row).toHaveTextContent('1.1 MB · 40 members · 30 photos · cloud')
    await user.click(within(row).getByRole('button', { name: 'Restore This' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Replace your data with this backup?' })
    expect(dialog).toHaveTextContent('the cloud copy of')
    api.restoreCloudSnapshot.mockResolvedValue(restoreResult)
    await user.click(within(dialog).getByRole('button', { name: 'Yes, Replace My Data' }))
    expect(api.restoreCloudSnapshot).toHaveBeenCalledWith('k1f2e3')
    expect(api.restoreFromHistory).not.toHaveBeenCalled()
    expect(await within(card()).findByRole('status')).toHaveTextContent('Restore complete')
  })


  it('lists each backup with when, size, members, photos and whether it was checked', async () => {
    api.listBackups.mockResolvedValue(backupList)
    render(<History onDataChanged={vi.fn()} />)
    const row = await firstRow()
    expect(row).toHaveTextContent('1.2 MB · 40 members · 30 photos · checked')
    expect(row).toHaveTextContent(PATH)
    expect(within(card()).queryByRole('button', { name: 'Undo Last Restore' })).not.toBeInTheDocument()
  })

  it('lists a password-protected backup as one, without made-up counts', async () => {
    const enc = { ...backupList.backups[0], encrypted: true, members: -1, photos: -1, format: 'mahall-encrypted-backup' }
    api.listBackups.mockResolvedValue({ ...backupList, backups: [enc] })
    render(<History onDataChanged={vi.fn()} />)
    const row = await firstRow()
    expect(row).toHaveTextContent('1.2 MB · protected with a password (members and photos are shown once it is opened) · checked')
    expect(row).not.toHaveTextContent('-1')
    expect(row).not.toHaveTextContent('not a Mahall backup')
  })

  it('says so when there is none, and names a drive that is not there', async () => {
    api.listBackups.mockResolvedValue({ backups: [], cloud: [], warnings: [
        {
          code: 'folderNotThere',
          params: { path: '/media/usb/BACKUP-USB', drive: 'BACKUP-USB' },
          text: "The backup folder /media/usb/BACKUP-USB is not there (is the drive 'BACKUP-USB' plugged in?), so its backups are not listed.",
        },
      ],
    })
    render(<History onDataChanged={vi.fn()} />)
    expect(await within(card()).findByText('There are no backups here yet.')).toBeInTheDocument()
    expect(within(card()).getByRole('note')).toHaveTextContent('plug in the drive “BACKUP-USB”')
  })

  it('restores a backup after asking, then reloads the data', async () => {
    const user = userEvent.setup()
    const onDataChanged = vi.fn()
    api.listBackups.mockResolvedValue(backupList)
    render(<History onDataChanged={onDataChanged} />)
    await user.click(within(await firstRow()).getByRole('button', { name: 'Restore This' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Replace your data with this backup?' })
    expect(dialog).toHaveTextContent(PATH)
    expect(api.restoreFromHistory).not.toHaveBeenCalled()

    api.restoreFromHistory.mockResolvedValue(restoreResult)
    await user.click(within(dialog).getByRole('button', { name: 'Yes, Replace My Data' }))
    expect(api.restoreFromHistory).toHaveBeenCalledWith(PATH)
    expect(await within(card()).findByRole('status')).toHaveTextContent(`Restore complete: ${restoreResult.preview.members.toLocaleString()} members are now in place.`)
    expect(onDataChanged).toHaveBeenCalled()
  })

  it('keeps the data when the user says no', async () => {
    const user = userEvent.setup()
    api.listBackups.mockResolvedValue(backupList)
    render(<History onDataChanged={vi.fn()} />)
    await user.click(within(await firstRow()).getByRole('button', { name: 'Restore This' }))
    await user.click(screen.getByRole('button', { name: 'Keep My Data' }))
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument()
    expect(api.restoreFromHistory).not.toHaveBeenCalled()
  })

  it('verifies a backup and says whether it is sound', async () => {
    const user = userEvent.setup()
    api.listBackups.mockResolvedValue(backupList)
    render(<History onDataChanged={vi.fn()} />)
    api.verifyBackup.mockResolvedValue(preview)
    await user.click(within(await firstRow()).getByRole('button', { name: 'Verify' }))
    expect(api.verifyBackup).toHaveBeenCalledWith(PATH)
    expect(await within(card()).findByRole('status')).toHaveTextContent(`${PATH} is sound`)

    api.verifyBackup.mockRejectedValue(errors.unsafe)
    await user.click(within(await firstRow()).getByRole('button', { name: 'Verify' }))
    expect(await within(card()).findByRole('alert')).toHaveTextContent('This backup is damaged or cannot be read')
  })

  it('shows a backup checked once the user has verified it', async () => {
    const user = userEvent.setup()
    const unchecked = { ...backupList, backups: [{ ...backupList.backups[0], verified: false }] }
    api.listBackups.mockResolvedValue(unchecked)
    api.verifyBackup.mockResolvedValue(preview)
    render(<History onDataChanged={vi.fn()} />)
    expect(await firstRow()).toHaveTextContent('· not checked')
    // Go records the check in the history, so the next list says checked.
    api.listBackups.mockResolvedValue(backupList)
    await user.click(within(await firstRow()).getByRole('button', { name: 'Verify' }))
    expect(api.verifyBackup).toHaveBeenCalledWith(PATH)
    await within(card()).findByText(/· checked$/)
    expect(await firstRow()).not.toHaveTextContent('not checked')
  })

  it('opens the folder of a backup', async () => {
    const user = userEvent.setup()
    api.listBackups.mockResolvedValue(backupList)
    api.showInFolder.mockResolvedValue()
    render(<History onDataChanged={vi.fn()} />)
    await user.click(within(await firstRow()).getByRole('button', { name: 'Open Folder' }))
    expect(api.showInFolder).toHaveBeenCalledWith(PATH)
  })

  it('undoes the last restore from its safety backup', async () => {
    const user = userEvent.setup()
    api.listBackups.mockResolvedValue({ backups: [...backupList.backups, safety], warnings: [], cloud: [] })
    render(<History onDataChanged={vi.fn()} />)
    expect(await within(card()).findByText(/safety backup of a restore/)).toBeInTheDocument()
    await user.click(within(card()).getByRole('button', { name: 'Undo Last Restore' }))
    const dialog = screen.getByRole('alertdialog', { name: 'Undo the last restore?' })
    api.undoLastRestore.mockResolvedValue(restoreResult)
    await user.click(within(dialog).getByRole('button', { name: 'Yes, Replace My Data' }))
    expect(api.undoLastRestore).toHaveBeenCalled()
    expect(await within(card()).findByRole('status')).toHaveTextContent('Restore complete')
  })
})
