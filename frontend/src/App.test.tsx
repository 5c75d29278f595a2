import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from './App'
import i18n from './i18n'
import * as api from './test/apiMock'
import { oldOverview, preview, restoreResult, restoredOverview, state } from './test/fixtures'

vi.mock('./api', () => import('./test/apiMock'))

beforeEach(async () => {
  api.resetApi()
  await act(() => i18n.changeLanguage('en'))
})

describe('App', () => {
  it('opens the installation wizard on first run', async () => {
    api.getState.mockResolvedValue(state())
    render(<App />)
    expect(await screen.findByRole('heading', { name: 'Welcome to Mahall Software' })).toBeInTheDocument()
  })

  it('opens the main window with the data once installed', async () => {
    api.getState.mockResolvedValue(
      state({
        installed: true,
        hasExistingData: true,
        overview: { ...oldOverview, backupOverdue: false, lastBackup: { path: '/home/user/.mahali/backups/mahall_backup_2025-03-09.zip', at: '2025-03-09T15:00:00Z', size: 1000 } },
      }),
    )
    render(<App />)
    expect(await screen.findByRole('heading', { name: 'Overview' })).toBeInTheDocument()
    expect(screen.getByTestId('overview-members')).toHaveTextContent('412')
    expect(screen.getByTestId('overview-houses')).toHaveTextContent('96')
    expect(screen.getByTestId('overview-photos')).toHaveTextContent('380')
    // A path is one element, in parts that wrap only at its separators.
    const path = (p: string) => screen.getByText((_, el) => !!el?.classList.contains('path') && el.textContent === p)
    expect(path('/home/user/.mahali/backups/mahall_backup_2025-03-09.zip')).toBeInTheDocument()
    expect(screen.queryByText(/No backup/)).not.toBeInTheDocument()
    expect(screen.getByLabelText('Version')).toHaveTextContent('Version 1.2.3')
    expect(screen.getByRole('heading', { name: 'Backup & Restore' })).toBeInTheDocument()
  })

  it('warns when there has been no backup for a week or never', async () => {
    const last = { path: '/x/old.zip', at: '2024-01-01T00:00:00Z', size: 1 }
    api.getState.mockResolvedValue(state({ installed: true, hasExistingData: true, overview: { ...oldOverview, lastBackup: last, backupOverdue: true } }))
    const { unmount } = render(<App />)
    expect(await screen.findByText(/No backup for 7 days or more/)).toBeInTheDocument()
    unmount()

    api.getState.mockResolvedValue(state({ installed: true, hasExistingData: true, overview: { ...oldOverview, lastBackup: null, backupOverdue: true } }))
    render(<App />)
    expect(await screen.findByText(/No backup has been made yet/)).toBeInTheDocument()
    expect(screen.getByText('Never')).toBeInTheDocument()
  })

  it('shows the restored data at once after a restore, without a restart', async () => {
    const user = userEvent.setup()
    const before = state({ installed: true, hasExistingData: true, overview: oldOverview })
    const after = state({ installed: true, hasExistingData: true, overview: { ...oldOverview, members: 1234, houses: 256, photos: 1100 } })
    api.getState.mockResolvedValueOnce(before).mockResolvedValueOnce(after)
    api.chooseBackupFile.mockResolvedValue(preview.path)
    api.inspectBackup.mockResolvedValue(preview)
    api.restoreBackup.mockResolvedValue(restoreResult)
    render(<App />)
    expect(await screen.findByTestId('overview-members')).toHaveTextContent('412')

    await user.click(screen.getByRole('button', { name: 'Choose backup file...' }))
    await user.click(await screen.findByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))

    await vi.waitFor(() => expect(screen.getByTestId('overview-members')).toHaveTextContent('1,234'))
    expect(screen.getByTestId('overview-houses')).toHaveTextContent('256')
    expect(api.getState).toHaveBeenCalledTimes(2)
  })

  it('shows what start-up recovery did', async () => {
    api.getState.mockResolvedValue(state({ notice: 'An interrupted restore was found and undone: your previous data is in place.' }))
    render(<App />)
    expect(await screen.findByText('An interrupted restore was found and undone: your previous data is in place.')).toBeInTheDocument()
  })

  it('opens in the language Go says, and remembers the one the user picks', async () => {
    const user = userEvent.setup()
    api.getState.mockResolvedValue(state({ language: 'ml' }))
    render(<App />)
    expect(await screen.findByRole('heading', { name: 'മഹല്ല് സോഫ്റ്റ്‌വെയറിലേക്ക് സ്വാഗതം' })).toBeInTheDocument()
    expect(document.documentElement).toHaveAttribute('lang', 'ml')

    await user.selectOptions(screen.getByRole('combobox', { name: 'ഭാഷ' }), 'English')
    expect(await screen.findByRole('heading', { name: 'Welcome to Mahall Software' })).toBeInTheDocument()
    expect(api.setLanguage).toHaveBeenCalledWith('en')
    expect(document.documentElement).toHaveAttribute('lang', 'en')
  })

  it('says where the data came from right after a restore', async () => {
    const restoredFrom = { path: '/media/usb/mahall_backup_2026-10-12.zip', backupCreatedAt: '2026-10-12T09:30:00Z', at: '2026-11-30T10:00:00Z' }
    api.getState.mockResolvedValue(state({ installed: true, hasExistingData: true, overview: { ...oldOverview, lastBackup: null, backupOverdue: false, restoredFrom } }))
    render(<App />)
    const note = await screen.findByRole('note', { name: 'Where the data came from' })
    expect(note).toHaveTextContent('Restored from a backup made on 12 Oct 2026.')
    expect(note).toHaveTextContent('/media/usb/mahall_backup_2026-10-12.zip')
    expect(screen.queryByText(/No backup has been made yet/)).not.toBeInTheDocument()
  })

  it('says where the data came from when the program starts again after a restore', async () => {
    // What Go's overview says on a new start after a restore (written by
    // TestFrontendFixtures from a real restore and a new App).
    expect(restoredOverview.restoredFrom).not.toBeNull()
    api.getState.mockResolvedValue(state({ installed: true, hasExistingData: true, overview: restoredOverview }))
    render(<App />)
    const note = await screen.findByRole('note', { name: 'Where the data came from' })
    expect(note).toHaveTextContent('Restored from an older backup that does not say when it was made.')
    expect(note).toHaveTextContent(restoredOverview.restoredFrom!.path)
    expect(screen.queryByText(/No backup has been made yet/)).not.toBeInTheDocument()
  })

  it('shows the release in the header and the commit in the About line', async () => {
    api.getState.mockResolvedValue(state({ installed: true, hasExistingData: true, overview: oldOverview, version: 'v0.2.0-3-g1a2b3c4', release: 'v0.2.0', commit: '1a2b3c4' }))
    render(<App />)
    expect(await screen.findByLabelText('Version')).toHaveTextContent(/^Version v0\.2\.0$/)
    expect(within(screen.getByRole('contentinfo', { name: 'About' })).getByText('1a2b3c4')).toBeInTheDocument()
  })

  it('opens the preview of a backup dropped on the window', async () => {
    api.getState.mockResolvedValue(state({ installed: true, hasExistingData: true, overview: oldOverview }))
    api.inspectBackup.mockResolvedValue(preview)
    render(<App />)
    await screen.findByRole('heading', { name: 'Overview' })
    api.dropFiles([preview.path])
    expect(await screen.findByRole('region', { name: 'Backup contents' })).toBeInTheDocument()
    expect(api.inspectBackup).toHaveBeenCalledWith(preview.path)
    expect(screen.getByRole('button', { name: 'Restore' })).toBeEnabled()
  })
})
