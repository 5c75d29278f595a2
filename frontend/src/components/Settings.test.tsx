import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../test/apiMock'
import { settingsStart, settingsWithUSB } from '../test/fixtures'
import Settings from './Settings'
import { englishError, technicalText, visibleText } from '../test/errorText'

vi.mock('../api', () => import('../test/apiMock'))

beforeEach(() => api.resetApi())

const card = () => screen.getByRole('region', { name: 'Backup Settings' })

describe('Settings', () => {
  it('shows the defaults and asks for a backup folder off this disk', async () => {
    render(<Settings />)
    const daily = await within(card()).findByRole('radio', { name: /Every day at/ })
    expect(daily).toBeChecked()
    expect(within(card()).getByLabelText('Time of the daily backup')).toHaveValue('12:00')
    expect(within(card()).getByRole('checkbox', { name: /when the program closes/ })).toBeChecked()
    expect(within(card()).getByRole('note')).toHaveTextContent('You have not chosen a backup folder yet')
    expect(within(card()).getByRole('spinbutton', { name: 'Keep the newest' })).toHaveValue(3)
    expect(within(card()).getByRole('spinbutton', { name: 'One a month for the last (months)' })).toHaveValue(12)
  })

  it('adds a folder, changes the schedule and saves, then shows the same-disk warning', async () => {
    const user = userEvent.setup()
    render(<Settings />)
    await within(card()).findByRole('radio', { name: /Every day at/ })
    api.chooseDestinationFolder.mockResolvedValue('/media/usb/BACKUP-USB')
    await user.click(within(card()).getByRole('button', { name: 'Add Folder...' }))
    expect(within(card()).getByRole('list', { name: 'Where backups go' })).toHaveTextContent('/media/usb/BACKUP-USB')

    await user.click(within(card()).getByRole('radio', { name: /Every$/ }))
    const hours = within(card()).getByRole('spinbutton', { name: 'Hours between backups' })
    await user.clear(hours)
    await user.type(hours, '4')
    await user.click(within(card()).getByRole('checkbox', { name: /when the program closes/ }))

    api.saveSettings.mockResolvedValue(settingsWithUSB)
    await user.click(within(card()).getByRole('button', { name: 'Save Settings' }))
    expect(api.saveSettings).toHaveBeenCalledWith({
      ...settingsStart.settings,
      schedule: { kind: 'interval', everyHours: 4 },
      backupOnClose: false,
      destinations: [{ path: '/media/usb/BACKUP-USB' }],
    })
    expect(await within(card()).findByText('Settings saved.')).toBeInTheDocument()
    expect(within(card()).getByRole('list', { name: 'Warnings' })).toHaveTextContent(settingsWithUSB.warnings[0].text)
  })

  it('removes a folder', async () => {
    const user = userEvent.setup()
    api.getSettings.mockResolvedValue(settingsWithUSB)
    render(<Settings />)
    const folders = await within(card()).findByRole('list', { name: 'Where backups go' })
    // Path splits a path into parts so it wraps only after a separator: find the row by its text.
    const usb = within(folders).getAllByRole('listitem').find((li) => li.textContent?.includes('/media/usb/BACKUP-USB'))!
    await user.click(within(usb).getByRole('button', { name: 'Remove' }))
    expect(within(card()).getByRole('note')).toHaveTextContent('You have not chosen a backup folder yet')
  })

  it('says why the settings were not saved', async () => {
    const user = userEvent.setup()
    render(<Settings />)
    await within(card()).findByRole('radio', { name: /Every day at/ })
    api.saveSettings.mockRejectedValue({ code: 'failed', message: 'the backup time "25:00" is not a time of day' })
    await user.click(within(card()).getByRole('button', { name: 'Save Settings' }))
    const alert = await within(card()).findByRole('alert')
    expect(visibleText(alert)).toBe(englishError('The settings were not saved', { code: 'failed' }))
    expect(technicalText(alert)).toBe('the backup time "25:00" is not a time of day')
  })
})
