import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as api from '../test/apiMock'
import { errors, settingsStart, settingsWithUSB } from '../test/fixtures'
import DestinationAsk from './DestinationAsk'

vi.mock('../api', () => import('../test/apiMock'))

beforeEach(() => api.resetApi())

const card = () => screen.getByRole('region', { name: 'Where should backups go?' })
const offDisk = { ...settingsWithUSB, sameDiskOnly: false, warnings: [] }

describe('DestinationAsk', () => {
  it('asks on first run for a folder off the data disk, and says why', async () => {
    render(<DestinationAsk />)
    expect(await screen.findByRole('region', { name: 'Where should backups go?' })).toHaveTextContent('if this computer breaks or is stolen, the backups go too')
    expect(within(card()).getByRole('button', { name: 'Choose a Backup Folder...' })).toBeEnabled()
    expect(within(card()).getByRole('button', { name: 'Not Now' })).toBeEnabled()
    expect(within(card()).queryByRole('note')).not.toBeInTheDocument()
  })

  it('saves the chosen folder, then says where backups go', async () => {
    const user = userEvent.setup()
    const onChanged = vi.fn()
    render(<DestinationAsk onChanged={onChanged} />)
    api.chooseDestinationFolder.mockResolvedValue('/media/usb/BACKUP-USB')
    api.addDestination.mockResolvedValue(offDisk)
    await user.click(await within(await screen.findByRole('region')).findByRole('button', { name: 'Choose a Backup Folder...' }))
    expect(api.addDestination).toHaveBeenCalledWith('/media/usb/BACKUP-USB')
    expect(await within(card()).findByRole('status')).toHaveTextContent('Backups now go to /media/usb/BACKUP-USB.')
    expect(within(card()).queryByRole('button', { name: 'Not Now' })).not.toBeInTheDocument()
    expect(onChanged).toHaveBeenCalled()
  })

  it('keeps asking, in plain words, when the folder is on the data disk', async () => {
    const user = userEvent.setup()
    render(<DestinationAsk />)
    api.chooseDestinationFolder.mockResolvedValue('/media/usb/BACKUP-USB')
    api.addDestination.mockResolvedValue(settingsWithUSB)
    await user.click(await within(await screen.findByRole('region')).findByRole('button', { name: 'Choose a Backup Folder...' }))
    expect(await within(card()).findByRole('note')).toHaveTextContent('on the same disk as the data: if this disk fails, those backups are lost with it')
    expect(within(card()).getByRole('button', { name: 'Choose a Backup Folder...' })).toBeEnabled()
  })

  it('changes nothing when the folder dialog is cancelled', async () => {
    const user = userEvent.setup()
    render(<DestinationAsk />)
    api.chooseDestinationFolder.mockResolvedValue('')
    await user.click(await within(await screen.findByRole('region')).findByRole('button', { name: 'Choose a Backup Folder...' }))
    expect(api.addDestination).not.toHaveBeenCalled()
    expect(within(card()).getByRole('button', { name: 'Not Now' })).toBeEnabled()
  })

  it('goes away on Not Now, which Go remembers', async () => {
    const user = userEvent.setup()
    const onChanged = vi.fn()
    render(<DestinationAsk onChanged={onChanged} />)
    api.destinationNotNow.mockResolvedValue({ ...settingsStart, settings: { ...settingsStart.settings, destinationNotNow: true } })
    await user.click(await within(await screen.findByRole('region')).findByRole('button', { name: 'Not Now' }))
    expect(api.destinationNotNow).toHaveBeenCalled()
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    expect(onChanged).toHaveBeenCalled()
  })

  it('is not shown once the user said Not Now, nor with a folder off the disk', async () => {
    api.getSettings.mockResolvedValue({ ...settingsStart, settings: { ...settingsStart.settings, destinationNotNow: true } })
    const { unmount } = render(<DestinationAsk />)
    await vi.waitFor(() => expect(api.getSettings).toHaveBeenCalled())
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
    unmount()
    api.getSettings.mockResolvedValue(offDisk)
    render(<DestinationAsk refresh={1} />)
    await vi.waitFor(() => expect(api.getSettings).toHaveBeenCalledTimes(2))
    expect(screen.queryByRole('region')).not.toBeInTheDocument()
  })

  it('says what failed when the folder cannot be saved', async () => {
    const user = userEvent.setup()
    render(<DestinationAsk />)
    api.chooseDestinationFolder.mockResolvedValue('/media/usb/BACKUP-USB')
    api.addDestination.mockRejectedValue(errors.unsafe)
    await user.click(await within(await screen.findByRole('region')).findByRole('button', { name: 'Choose a Backup Folder...' }))
    expect(await within(card()).findByRole('alert')).toHaveTextContent('The backup folder was not saved')
  })
})
