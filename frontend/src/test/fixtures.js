// Made-up data shaped like the Go side's JSON.

export const emptyOverview = {
  dataDir: '/home/user/.mahali',
  dbPath: '/home/user/.mahali/db.sqlite3',
  dbSize: 245760,
  members: 0,
  houses: 0,
  areas: 0,
  photos: 0,
  mediaBytes: 0,
  backupsDir: '/home/user/.mahali/backups',
  lastBackup: null,
  backupOverdue: true,
}

export const oldOverview = {
  ...emptyOverview,
  dbSize: 1048576,
  members: 412,
  houses: 96,
  areas: 4,
  photos: 380,
  mediaBytes: 52428800,
}

export const preview = {
  path: '/media/usb/mahall_backup_2025-01-15.zip',
  size: 31457280,
  format: 'B',
  createdAt: null,
  tables: { society_member: 1234, society_house: 256, society_area: 7 },
  members: 1234,
  houses: 256,
  areas: 7,
  mediaFiles: 1100,
  mediaBytes: 30000000,
  warnings: ['members/photos/k12.png is named by member 1042 but missing from the backup'],
}

export function state(overrides = {}) {
  return {
    installed: false,
    hasExistingData: false,
    dataDir: '/home/user/.mahali',
    version: '1.2.3',
    overview: null,
    overviewError: '',
    notice: '',
    problem: '',
    ...overrides,
  }
}
