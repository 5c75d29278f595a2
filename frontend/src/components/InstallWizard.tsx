import { useRef, useState } from 'react'
import { INSTALL, RESTORE, install, restoreBackup, type AppState, type Overview, type Preview, type RestoreResult } from '../api'
import BackupChooser from './BackupChooser'
import CancelButton from './CancelButton'
import ProgressBar from './ProgressBar'
import StatusLine, { failureStatus, type Status } from './StatusLine'
import { formatCount, shortcut } from './format'
import { useBackupChoice } from './useBackupChoice'
import { useOperation } from './useOperation'

const STEPS = ['Welcome', 'Backup', 'Installation']

function StepIndicator({ step }: { step: number }) {
  return (
    <ol className="steps" aria-label="Installation steps">
      {STEPS.map((name, i) => (
        <li
          key={name}
          className={i + 1 === step ? 'current' : i + 1 < step ? 'past' : ''}
          aria-current={i + 1 === step ? 'step' : undefined}
        >
          <span className="step-number">{i + 1}</span> {name}
        </li>
      ))}
    </ol>
  )
}

// counts says what a data folder (Overview) or a backup (Preview) holds.
function counts(o: Overview | Preview) {
  const photos = 'photos' in o ? o.photos : o.mediaFiles
  return `${formatCount(o.members)} members, ${formatCount(o.houses)} houses, ${formatCount(photos)} photos`
}

// InstallWizard is the first-run set-up: Welcome, an optional restore from a
// backup, then the installation itself.
export default function InstallWizard({ state, onInstalled }: { state: AppState; onInstalled: (overview: Overview) => void }) {
  const [step, setStep] = useState(1)
  const [wantsRestore, setWantsRestore] = useState(false)
  const [restored, setRestored] = useState<RestoreResult | null>(null)
  const [restoredPath, setRestoredPath] = useState('')
  const [restoreStatus, setRestoreStatus] = useState<Status | null>(null)
  const [installError, setInstallError] = useState('')
  const restoreHeading = useRef<HTMLHeadingElement>(null)
  const choice = useBackupChoice()
  const restoreOp = useOperation(RESTORE)
  const installOp = useOperation(INSTALL)
  const busy = restoreOp.running || installOp.running || choice.inspecting
  const existing = state.hasExistingData ? state.overview : null

  async function runRestore() {
    setRestoreStatus(null)
    try {
      const res = await restoreOp.run(() => restoreBackup(choice.path))
      setRestored(res)
      setRestoredPath(choice.path)
      const notes = (res.notes ?? []).map((n) => ` ${n}`).join('')
      setRestoreStatus({ kind: 'ok', text: `Backup restored: ${counts(res.preview)}.${notes} Press Next to finish the installation.` })
    } catch (e) {
      setRestoreStatus(failureStatus(e, 'Restore cancelled. Your data was not changed.'))
    } finally {
      // The focused Restore Backup button was disabled while it ran; keyboard
      // users carry on from the top of the step, not from a lost position.
      restoreHeading.current?.focus()
    }
  }

  async function runInstall() {
    setInstallError('')
    try {
      const overview = await installOp.run(() => install())
      onInstalled(overview)
    } catch (e) {
      setInstallError(failureStatus(e, 'Installation cancelled.').text)
    }
  }

  function next() {
    if (step === 1) setStep(wantsRestore ? 2 : 3)
    else if (step === 2) setStep(3)
  }
  function previous() {
    if (step === 3) setStep(wantsRestore ? 2 : 1)
    else if (step === 2) setStep(1)
  }

  return (
    <main className="wizard">
      <header className="wizard-head">
        <h1>Mahall Software</h1>
        <StepIndicator step={step} />
      </header>

      <section className="card wizard-body">
        {step === 1 && (
          <>
            <h2>Welcome to Mahall Software</h2>
            <p>
              This program keeps your Mahall community register: areas, houses, members and their photos. A
              few steps set it up on this computer.
            </p>
            {existing && (
              <div className="info-box" role="note" aria-label="Existing data">
                <strong>Existing data found.</strong> This computer already has Mahall data in{' '}
                <span className="path">{state.dataDir}</span>: {counts(existing)}. It will be kept. Tick the box
                below only if you want to replace it with a backup.
              </div>
            )}
            {state.hasExistingData && !existing && (
              <div className="warning-box" role="note" aria-label="Existing data">
                A database was found in <span className="path">{state.dataDir}</span> but could not be read
                {state.overviewError ? `: ${state.overviewError}` : '.'}
              </div>
            )}
            <label className="check">
              <input
                type="checkbox"
                {...shortcut('h')}
                checked={wantsRestore}
                onChange={(e) => setWantsRestore(e.target.checked)}
              />
              I have a backup file I want to restore
            </label>
          </>
        )}

        {step === 2 && (
          <>
            <h2 ref={restoreHeading} tabIndex={-1}>
              Restore from Backup
            </h2>
            <p>
              Restoring replaces any existing data in <span className="path">{state.dataDir}</span> with the
              contents of the backup file.
              {existing &&
                ` Your current data (${counts(existing)}) is first saved as a safety backup in ${state.backupsDir}.`}
            </p>
            <BackupChooser
              choice={choice}
              onChoose={choice.choose}
              disabled={restoreOp.running || installOp.running}
            />
            <div className="row">
              <button
                type="button"
                className="primary"
                onClick={runRestore}
                disabled={!choice.preview || busy || restoredPath === choice.path}
                {...shortcut('r')}
              >
                {restoreOp.running ? 'Restoring...' : 'Restore Backup'}
              </button>
              {restoreOp.running && <CancelButton />}
            </div>
            {restoreOp.running && <ProgressBar label="Restore progress" update={restoreOp.progress} />}
            <StatusLine status={restoreStatus} />
          </>
        )}

        {step === 3 && (
          <>
            <h2>Installation</h2>
            <p>Install Now sets up:</p>
            <ul className="setup-list">
              <li>
                The data folder <span className="path">{state.dataDir}</span>, with a media folder for member
                photos and a backups folder.
              </li>
              <li>
                {restored
                  ? `The restored data: ${counts(restored.preview)}.`
                  : existing
                    ? `Your existing data is kept: ${counts(existing)}.`
                    : 'A new, empty register database.'}
              </li>
            </ul>
            <div className="row">
              <button type="button" className="primary" onClick={runInstall} disabled={busy} {...shortcut('i')}>
                {installOp.running ? 'Installing...' : 'Install Now'}
              </button>
              {installOp.running && <CancelButton />}
            </div>
            {installOp.running && <ProgressBar label="Installation progress" update={installOp.progress} />}
            {installError && (
              <p className="error" role="alert">
                {installError}
              </p>
            )}
          </>
        )}
      </section>

      <nav className="wizard-nav" aria-label="Wizard">
        <button type="button" onClick={previous} disabled={step === 1 || busy} {...shortcut('p')}>
          Previous
        </button>
        <button type="button" onClick={next} disabled={step === 3 || busy} {...shortcut('n')}>
          Next
        </button>
      </nav>
    </main>
  )
}
