import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../test/apiMock'
import CloudSettings from './CloudSettings'
import { englishError, technicalText, visibleText } from '../test/errorText'

vi.mock('../api', () => import('../test/apiMock'))

const snapshot = { id: 'k1', time: '2026-11-30T10:00:00Z', programVersion: 'v1', members: 12, houses: 5, areas: 2, mediaFiles: 6, size: 1000 }

beforeEach(() => api.resetApi())

describe('CloudSettings', () => {
  it('shows the existing connection and fills in where it goes, never a secret', async () => {
    api.cloudConnection.mockResolvedValue({ endpoint: 's3.example.test', bucket: 'mahall-copies', prefix: 'office', region: '', plainHttp: false, accessKey: '', secretKey: '', folder: '', password: '' })
    render(<CloudSettings />)
    expect(await screen.findByRole('note')).toHaveTextContent('This computer is connected to the cloud copy at s3.example.test/mahall-copies/office.')
    expect(screen.getByRole('textbox', { name: 'Server address' })).toHaveValue('s3.example.test')
    expect(screen.getByRole('textbox', { name: 'Bucket' })).toHaveValue('mahall-copies')
    expect(screen.getByLabelText('Secret key')).toHaveValue('')
  })

  it('shows no connection when there is none', async () => {
    render(<CloudSettings />)
    await screen.findByRole('button', { name: 'Test Connection' })
    expect(api.cloudConnection).toHaveBeenCalled()
    expect(screen.queryByRole('note')).not.toBeInTheDocument()
  })


  it('fills in a provider’s server address and sends what was typed to Test Connection', async () => {
    const user = userEvent.setup()
    api.testCloudConnection.mockResolvedValue({ exists: true, snapshots: [snapshot] })
    render(<CloudSettings />)
    await user.selectOptions(screen.getByRole('combobox', { name: 'Provider' }), 'Backblaze B2')
    expect(screen.getByRole('textbox', { name: 'Server address' })).toHaveValue('s3.us-west-004.backblazeb2.com')
    await user.type(screen.getByRole('textbox', { name: 'Bucket' }), 'mahall-copies')
    await user.type(screen.getByRole('textbox', { name: 'Access key' }), 'KEY1')
    await user.type(screen.getByLabelText('Secret key'), 'SECRET1')
    await user.type(screen.getByLabelText('Backup password'), 'pw')
    await user.click(screen.getByRole('button', { name: 'Test Connection' }))
    expect(api.testCloudConnection).toHaveBeenCalledWith(
      expect.objectContaining({ endpoint: 's3.us-west-004.backblazeb2.com', bucket: 'mahall-copies', accessKey: 'KEY1', secretKey: 'SECRET1', password: 'pw' }),
    )
    expect(await screen.findByRole('status')).toHaveTextContent('Connected. The cloud copy holds 1 snapshot')
  })

  it('says in plain words when the keys are refused, with the program’s words last', async () => {
    const user = userEvent.setup()
    api.testCloudConnection.mockRejectedValue({ code: 'wrongCredentials', message: 'the cloud storage refused the access key (InvalidAccessKeyId)' })
    render(<CloudSettings />)
    await user.click(screen.getByRole('button', { name: 'Test Connection' }))
    const alert = await screen.findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('The cloud copy could not be used', { code: 'wrongCredentials' }))
    expect(visibleText(alert)).toMatch(/The cloud storage refused the access key or the secret key\./)
    expect(technicalText(alert)).toMatch(/InvalidAccessKeyId/)
  })

  it('offers an unencrypted connection only for another S3-compatible service, and saves', async () => {
    const user = userEvent.setup()
    api.saveCloudSettings.mockResolvedValue({ exists: true, snapshots: [] })
    render(<CloudSettings />)
    expect(screen.queryByRole('checkbox', { name: /Unencrypted connection/ })).toBeNull()
    await user.selectOptions(screen.getByRole('combobox', { name: 'Provider' }), 'other')
    expect(screen.getByRole('textbox', { name: 'Server address' })).toHaveValue('')
    await user.click(screen.getByRole('checkbox', { name: /Unencrypted connection/ }))
    await user.click(screen.getByRole('button', { name: 'Save' }))
    expect(api.saveCloudSettings).toHaveBeenCalledWith(expect.objectContaining({ plainHttp: true }))
    expect(await screen.findByRole('status')).toHaveTextContent('Saved. This computer is connected to the cloud copy')
  })
})
