import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../test/apiMock'
import { restoreResult, state } from '../test/fixtures'
import InstallWizard from './InstallWizard'
import { englishError, technicalText, visibleText } from '../test/errorText'

vi.mock('../api', () => import('../test/apiMock'))

const snapshot = { id: 'k1', time: '2026-11-30T10:00:00Z', programVersion: 'v1', members: 12, houses: 5, areas: 2, mediaFiles: 6, size: 1000 }

beforeEach(() => api.resetApi())

async function toCloudStep(user: ReturnType<typeof userEvent.setup>) {
  render(<InstallWizard state={state()} onInstalled={() => {}} />)
  await user.click(screen.getByRole('checkbox', { name: 'Restore from my cloud copy' }))
  await user.click(screen.getByRole('button', { name: /Next/ }))
  expect(screen.getByRole('heading', { name: 'Restore from Your Cloud Copy' })).toBeInTheDocument()
}

describe('the wizard’s cloud choice', () => {
  it('is a third choice beside the backup file, and only one of the two is ticked', async () => {
    const user = userEvent.setup()
    render(<InstallWizard state={state()} onInstalled={() => {}} />)
    const file = screen.getByRole('checkbox', { name: /I have a backup file/ })
    const cloud = screen.getByRole('checkbox', { name: 'Restore from my cloud copy' })
    await user.click(file)
    await user.click(cloud)
    expect(cloud).toBeChecked()
    expect(file).not.toBeChecked()
  })

  it('finds the cloud copy, restores its newest snapshot and goes on to the installation', async () => {
    const user = userEvent.setup()
    api.testCloudConnection.mockResolvedValue({ exists: true, snapshots: [snapshot] })
    api.restoreFromCloud.mockResolvedValue(restoreResult)
    await toCloudStep(user)
    const restoreButton = screen.getByRole('button', { name: 'Restore the Newest Snapshot' })
    expect(restoreButton).toBeDisabled()
    await user.type(screen.getByRole('textbox', { name: 'Bucket' }), 'mahall-copies')
    await user.type(screen.getByLabelText('Backup password'), 'pw')
    await user.click(screen.getByRole('button', { name: 'Find My Cloud Copy' }))
    expect(await screen.findByText(/The cloud copy holds 1 snapshot/)).toBeInTheDocument()
    await user.click(restoreButton)
    expect(api.restoreFromCloud).toHaveBeenCalledWith(expect.objectContaining({ bucket: 'mahall-copies', password: 'pw' }), '')
    expect(await screen.findByText(/Backup restored: /)).toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: /Next/ }))
    expect(screen.getByText(/The restored data: /)).toBeInTheDocument()
  })

  it('says so when the password does not open the cloud copy, and restores nothing', async () => {
    const user = userEvent.setup()
    api.testCloudConnection.mockRejectedValue({ code: 'wrongPassword', message: 'the backup password is not the one this cloud copy was made with' })
    await toCloudStep(user)
    await user.click(screen.getByRole('button', { name: 'Find My Cloud Copy' }))
    const alert = await screen.findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('The cloud copy could not be used', { code: 'wrongPassword' }))
    expect(technicalText(alert)).toBe('the backup password is not the one this cloud copy was made with')
    expect(screen.getByRole('button', { name: 'Restore the Newest Snapshot' })).toBeDisabled()
    expect(api.restoreFromCloud).not.toHaveBeenCalled()
  })
})
