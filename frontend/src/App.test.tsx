import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import App from './App'
import * as api from './test/apiMock'
import { oldOverview, preview, restoreResult, state } from './test/fixtures'

vi.mock('./api', () => import('./test/apiMock'))

beforeEach(() => api.resetApi())

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
    expect(screen.getByText('/home/user/.mahali/backups/mahall_backup_2025-03-09.zip')).toBeInTheDocument()
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
})
