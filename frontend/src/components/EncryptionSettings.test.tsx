import { act, render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../test/apiMock'
import { errors } from '../test/fixtures'
import EncryptionSettings from './EncryptionSettings'

vi.mock('../api', () => import('../test/apiMock'))

// Each test may take 20 s: userEvent types slowly, and the machine is shared
// (at 5 s they failed under load). Nothing here waits on time.

beforeEach(() => {
  api.resetApi()
  api.judgePassword.mockImplementation(async (p) =>
    p.length < 8 ? { ok: false, level: 'short', hint: 'Too short' } : { ok: true, level: 'good', hint: 'Good.' },
  )
})

// A made-up key, as PrepareEncryption returns one.
const sheet = {
  keyId: 'K7Q2-M4XD',
  recoveryKey: 'AGE-SECRET-KEY-1MADEUPMADEUPMADEUPMADEUPMADEUPMADEUPMADEUPMADEUPMADEUPQQ',
  file: '# Mahall Software backup recovery key\nAGE-SECRET-KEY-1MADEUP...\n',
}

async function setting() {
  render(<EncryptionSettings />)
  const region = screen.getByRole('region', { name: 'Protect backups with a password' })
  await within(region).findByText(/Backups are (not )?protected/)
  return region
}

describe('Protect backups with a password', () => {
  it('turns on only after the recovery key is kept', async () => {
    const user = userEvent.setup()
    const region = await setting()
    expect(region).toHaveTextContent('Backups are not protected with a password.')

    const password = within(region).getByLabelText('Password')
    await user.type(password, 'short')
    expect(await within(region).findByText(/^Too short: use at least 8 characters\./)).toBeInTheDocument()
    expect(within(region).getByRole('button', { name: 'Continue' })).toBeDisabled()

    await user.clear(password)
    await user.click(password)
    await user.paste('a made-up password')
    await user.click(within(region).getByLabelText('Type it again'))
    await user.paste('a made-up passwor')
    expect(within(region).getByText('The two passwords are not the same.')).toBeInTheDocument()
    expect(within(region).getByRole('button', { name: 'Continue' })).toBeDisabled()
    await user.type(within(region).getByLabelText('Type it again'), 'd')
    expect(await within(region).findByText('Good.')).toBeInTheDocument()

    api.prepareEncryption.mockResolvedValue(sheet)
    await user.click(within(region).getByRole('button', { name: 'Continue' }))
    expect(api.prepareEncryption).toHaveBeenCalledWith('a made-up password', 'a made-up password')

    const page = await within(region).findByRole('region', { name: 'Your recovery key' })
    expect(within(page).getByLabelText('Recovery key')).toHaveTextContent(sheet.recoveryKey)
    const turnOn = within(page).getByRole('button', { name: 'Turn on password protection' })
    expect(turnOn).toBeDisabled()
    expect(api.confirmEncryption).not.toHaveBeenCalled()

    api.saveRecoveryKey.mockResolvedValue('/media/usb/mahall-recovery-key-K7Q2-M4XD.txt')
    await user.click(within(page).getByRole('button', { name: 'Save to a file...' }))
    expect(await within(page).findByRole('status')).toHaveTextContent('Saved to /media/usb/mahall-recovery-key-K7Q2-M4XD.txt.')

    await user.click(within(page).getByRole('checkbox', { name: /I have printed or saved the recovery key/ }))
    api.confirmEncryption.mockResolvedValue({ on: true, keyId: 'K7Q2-M4XD' })
    await user.click(turnOn)

    expect(await within(region).findByRole('status')).toHaveTextContent('Password protection is on.')
    expect(region).toHaveTextContent('Backups are protected with a password (key K7Q2-M4XD).')
    expect(within(region).queryByRole('region', { name: 'Your recovery key' })).not.toBeInTheDocument()
  }, 20_000)

  it('changes the password, saying what old backups need', async () => {
    const user = userEvent.setup()
    api.encryptionStatus.mockResolvedValue({ on: true, keyId: 'K7Q2-M4XD' })
    const region = await setting()

    await user.click(within(region).getByLabelText('Current password'))
    await user.paste('not it')
    await user.click(within(region).getByLabelText('New password'))
    await user.paste('a new made-up password')
    await user.click(within(region).getByLabelText('Type it again'))
    await user.paste('a new made-up password')
    api.changePassword.mockRejectedValueOnce({ code: 'wrongPassword', message: 'That is not the current password. Nothing was changed.' })
    await user.click(within(region).getByRole('button', { name: 'Change password' }))
    expect(await within(region).findByRole('alert')).toHaveTextContent('That is not the current password. Nothing was changed.')

    api.changePassword.mockResolvedValueOnce({ on: true, keyId: 'K7Q2-M4XD' })
    await user.click(within(region).getByRole('button', { name: 'Change password' }))
    expect(api.changePassword).toHaveBeenLastCalledWith('not it', 'a new made-up password', 'a new made-up password')
    expect(await within(region).findByRole('status')).toHaveTextContent(
      'backups made before open with the old password or the recovery key',
    )
    expect(within(region).queryByRole('alert')).not.toBeInTheDocument()
  }, 20_000)

  it('turns off', async () => {
    const user = userEvent.setup()
    api.encryptionStatus.mockResolvedValue({ on: true, keyId: 'K7Q2-M4XD' })
    const region = await setting()
    api.turnOffEncryption.mockResolvedValue({ on: false, keyId: '' })
    await user.click(within(region).getByRole('button', { name: 'Turn off protection' }))
    expect(await within(region).findByText('Backups are not protected with a password.')).toBeInTheDocument()
    expect(within(region).getByRole('status')).toHaveTextContent('Protection is off: new backups are not encrypted.')
  }, 20_000)

  it('shows why the setting could not be read', async () => {
    api.encryptionStatus.mockRejectedValue(errors.noPermission)
    render(<EncryptionSettings />)
    expect(await screen.findByRole('alert')).toHaveTextContent(errors.noPermission.message)
  }, 20_000)
})

describe('in Malayalam', () => {
  it('shows the setting and the password prompt in Malayalam', async () => {
    const { default: i18n } = await import('../i18n')
    await act(() => i18n.changeLanguage('ml'))
    try {
      render(<EncryptionSettings />)
      const region = screen.getByRole('region', { name: 'കരുതൽ പകർപ്പുകൾ രഹസ്യവാക്ക് കൊണ്ട് സംരക്ഷിക്കുക' })
      expect(await within(region).findByText('കരുതൽ പകർപ്പുകൾ രഹസ്യവാക്ക് കൊണ്ട് സംരക്ഷിച്ചിട്ടില്ല.')).toBeInTheDocument()
      expect(within(region).getByLabelText('രഹസ്യവാക്ക്')).toBeInTheDocument()
      expect(region.textContent).not.toMatch(/[A-Za-z]/)
    } finally {
      await act(() => i18n.changeLanguage('en'))
    }
  }, 20_000)
})
