import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../test/apiMock'
import { errors, preview, state } from '../test/fixtures'
import BackupRestore from './BackupRestore'

vi.mock('../api', () => import('../test/apiMock'))

// Each test may take 20 s: userEvent types slowly, and the machine is shared
// (at 5 s they failed under load). Nothing here waits on time.

beforeEach(() => api.resetApi())

const encrypted = { ...preview, path: '/media/usb/protected.zip', encrypted: true }

function renderPage() {
  render(<BackupRestore dataDir="/home/user/.mahali" safetyBackups={state().safetyBackups} onDataChanged={vi.fn()} />)
  return screen.getByRole('region', { name: 'Restore from Backup' })
}

async function chooseEncrypted(user: ReturnType<typeof userEvent.setup>, card: HTMLElement) {
  api.chooseBackupFile.mockResolvedValue(encrypted.path)
  api.inspectBackup.mockRejectedValueOnce(errors.passwordNeeded)
  await user.click(within(card).getByRole('button', { name: 'Choose backup file...' }))
  return await within(card).findByRole('form', { name: 'This backup is protected with a password' })
}

describe('an encrypted backup', () => {
  it('asks for the password before the preview, then restores with it', async () => {
    const user = userEvent.setup()
    const card = renderPage()
    const prompt = await chooseEncrypted(user, card)

    expect(api.inspectBackup).toHaveBeenCalledWith(encrypted.path)
    expect(within(card).queryByRole('region', { name: 'Backup contents' })).not.toBeInTheDocument()
    expect(within(card).queryByRole('alert')).not.toBeInTheDocument()
    expect(within(card).getByRole('button', { name: 'Restore' })).toBeDisabled()

    api.inspectBackup.mockResolvedValueOnce(encrypted)
    await user.click(within(prompt).getByLabelText('Password or recovery key'))
    await user.paste('made-up password')
    await user.click(within(prompt).getByRole('button', { name: 'Open backup' }))

    expect(api.inspectBackup).toHaveBeenLastCalledWith(encrypted.path, 'made-up password')
    await within(card).findByRole('region', { name: 'Backup contents' })
    expect(within(card).queryByRole('form', { name: 'This backup is protected with a password' })).not.toBeInTheDocument()
    expect(within(card).getByRole('button', { name: 'Restore' })).toBeEnabled()

    // The restore uses the key Go kept from the preview: no second prompt.
    api.restoreBackup.mockReturnValue(api.deferred<never>().promise)
    await user.click(within(card).getByRole('button', { name: 'Restore' }))
    await user.click(screen.getByRole('button', { name: 'Yes, Replace My Data' }))
    expect(api.restoreBackup).toHaveBeenCalledWith(encrypted.path)
  }, 20_000)

  it('says a wrong password does not open it, and nothing else happens', async () => {
    const user = userEvent.setup()
    const card = renderPage()
    const prompt = await chooseEncrypted(user, card)

    api.inspectBackup.mockRejectedValueOnce(errors.wrongPassword)
    await user.click(within(prompt).getByLabelText('Password or recovery key'))
    await user.paste('not it')
    await user.keyboard('{Enter}')

    const alert = await within(prompt).findByRole('alert')
    expect(alert).toHaveTextContent('That password does not open this backup.')
    expect(within(card).queryByRole('region', { name: 'Backup contents' })).not.toBeInTheDocument()
    expect(within(card).getByRole('button', { name: 'Restore' })).toBeDisabled()
    expect(within(prompt).getByLabelText('Password or recovery key')).toBeInTheDocument()
    expect(api.restoreBackup).not.toHaveBeenCalled()
  }, 20_000)

  it('asks nothing for a plain backup', async () => {
    const user = userEvent.setup()
    const card = renderPage()
    api.chooseBackupFile.mockResolvedValue(preview.path)
    api.inspectBackup.mockResolvedValue(preview)
    await user.click(within(card).getByRole('button', { name: 'Choose backup file...' }))
    await within(card).findByRole('region', { name: 'Backup contents' })
    expect(within(card).queryByLabelText('Password or recovery key')).not.toBeInTheDocument()
  }, 20_000)
})
