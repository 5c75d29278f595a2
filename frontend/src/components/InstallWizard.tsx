import { useEffect, useRef, useState } from 'react'
import { INSTALL, RESTORE, install, restoreBackup, type AppState, type Overview, type RestoreResult } from '../api'
import { Text, useT } from '../i18n'
import BackupChooser from './BackupChooser'
import CancelButton from './CancelButton'
import CloudRestore from './CloudRestore'
import ConfirmBox from './ConfirmBox'
import NoticeText from './NoticeText'
import ProgressBar from './ProgressBar'
import ShortcutHint from './ShortcutHint'
import StatusLine, { failureStatus, type Status } from './StatusLine'
import { shortcut } from './format'
import { summary } from './summary'
import { useBackupChoice } from './useBackupChoice'
import { useOperation } from './useOperation'

type Step = 1 | 2 | 3
const STEP_KEYS = ['welcome', 'backup', 'install'] as const

// StepBar shows the three steps: the current one, those done, a skipped
// Backup step as skipped (not done), and lets the user go to a step where
// the wizard allows it.
function StepBar({ step, done, skipped, canGo, onGo }: { step: Step; done: (s: Step) => boolean; skipped: (s: Step) => boolean; canGo: (s: Step) => boolean; onGo: (s: Step) => void }) {
  const t = useT()
  return (
    <ol className="steps" aria-label={t('wizard.steps')}>
      {STEP_KEYS.map((key, i) => {
        const s = (i + 1) as Step
        const state = s === step ? 'current' : skipped(s) ? 'skipped' : done(s) ? 'past' : ''
        const label = (
          <>
            <span className="step-number" aria-hidden="true">
              {s}
            </span>{' '}
            {t(`wizard.step.${key}`)}
            {state === 'skipped' && <span className="step-note"> ({t('wizard.skipped')})</span>}
          </>
        )
        return (
          <li key={key} className={state} aria-current={s === step ? 'step' : undefined}>
            {s !== step && canGo(s) ? (
              <button type="button" className="step-link" onClick={() => onGo(s)}>
                {label}
              </button>
            ) : (
              <span className="step-label">{label}</span>
            )}
          </li>
        )
      })}
    </ol>
  )
}

// InstallWizard is the first-run set-up: Welcome, an optional restore from a
// backup, then the installation itself.
export default function InstallWizard({ state, onInstalled, dropped }: { state: AppState; onInstalled: (overview: Overview) => void; dropped?: { path: string } | null }) {
  const t = useT()
  const [step, setStep] = useState<Step>(1)
  const [wantsFile, setWantsFile] = useState(false)
  // The third choice: restore from the cloud copy instead of a file.
  const [wantsCloud, setWantsCloud] = useState(false)
  const wantsRestore = wantsFile || wantsCloud
  const [restored, setRestored] = useState<RestoreResult | null>(null)
  const [restoredPath, setRestoredPath] = useState('')
  const [restoreStatus, setRestoreStatus] = useState<Status | null>(null)
  const [installError, setInstallError] = useState<Status | null>(null)
  const [askNoBackup, setAskNoBackup] = useState(false)
  const heading = useRef<HTMLHeadingElement>(null)
  const moved = useRef(false)
  const choice = useBackupChoice()
  const restoreOp = useOperation(RESTORE)
  const installOp = useOperation(INSTALL)
  const busy = restoreOp.running || installOp.running || choice.inspecting
  const existing = state.hasExistingData ? state.overview : null
  const { open } = choice

  // After a step change, keyboard and screen-reader users start at the new
  // step's heading (not on the first load: the window opens at the top).
  useEffect(() => {
    if (moved.current) heading.current?.focus()
  }, [step])

  // A backup dropped on the window is the backup to restore.
  useEffect(() => {
    if (!dropped?.path || restoreOp.running || installOp.running) return
    setWantsFile(true)
    setWantsCloud(false)
    go(2)
    setRestoreStatus(null)
    open(dropped.path)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [dropped, open])

  function go(s: Step) {
    moved.current = true
    setAskNoBackup(false)
    setStep(s)
  }

  async function runRestore() {
    setRestoreStatus(null)
    try {
      const res = await restoreOp.run(() => restoreBackup(choice.path))
      setRestored(res)
      setRestoredPath(choice.path)
      // The engine's notes on what it did (a backup without photos kept
      // the current ones).
      const notes = (res.notes ?? []).map((n) => (
        <span key={n.text}>
          {' '}
          <NoticeText notice={n} />
        </span>
      ))
      setRestoreStatus({
        kind: 'ok',
        text: (
          <>
            {t('wizard.restored', { counts: summary(t, res.preview) })}
            {notes}
          </>
        ),
      })
    } catch (e) {
      setRestoreStatus(failureStatus(e, t('wizard.restoreCancelled'), t('restore.failed')))
    } finally {
      // The focused Restore Backup button was disabled while it ran; keyboard
      // users carry on from the top of the step, not from a lost position.
      heading.current?.focus()
    }
  }

  async function runInstall() {
    setInstallError(null)
    try {
      const overview = await installOp.run(() => install())
      onInstalled(overview)
    } catch (e) {
      setInstallError(failureStatus(e, t('wizard.installCancelled'), t('wizard.installFailed')))
    }
  }

  // Someone who said they have a backup is asked before the wizard goes on
  // to an empty register without it.
  function toInstall() {
    if (wantsRestore && !restored) setAskNoBackup(true)
    else go(3)
  }
  function next() {
    if (step === 1) (wantsRestore ? go(2) : go(3))
    else if (step === 2) toInstall()
  }
  function previous() {
    if (step === 3) go(wantsRestore ? 2 : 1)
    else if (step === 2) go(1)
  }
  const canGo = (s: Step) => {
    if (busy) return false
    if (s === 1) return true
    if (s === 2) return wantsRestore
    return step === 2 || !wantsRestore || restored != null
  }
  const goTo = (s: Step) => (s === 3 && step !== 3 ? (step === 1 && wantsRestore ? go(2) : toInstall()) : go(s))

  return (
    <main className="wizard">
      <header className="wizard-head">
        <h1>{t('app.name')}</h1>
        <StepBar
          step={step}
          done={(s) => s < step && (s !== 2 || restored != null)}
          skipped={(s) => s === 2 && step === 3 && !restored}
          canGo={canGo}
          onGo={goTo}
        />
      </header>

      <section className="card wizard-body">
        {step === 1 && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              {t('wizard.welcomeTitle')}
            </h2>
            <p>{t('wizard.welcomeText')}</p>
            {existing && (
              <div className="info-box" role="note" aria-label={t('wizard.existingRegion')}>
                <Text k="wizard.existing" values={{ dataDir: state.dataDir, counts: summary(t, existing) }} />
              </div>
            )}
            {state.hasExistingData && !existing && (
              <div className="warning-box" role="note" aria-label={t('wizard.existingRegion')}>
                {state.overviewError ? (
                  <Text k="wizard.existingUnreadableDetail" values={{ dataDir: state.dataDir, detail: state.overviewError }} />
                ) : (
                  <Text k="wizard.existingUnreadable" values={{ dataDir: state.dataDir }} />
                )}
              </div>
            )}
            <label className="check">
              <input
                type="checkbox"
                {...shortcut('h')}
                checked={wantsFile}
                onChange={(e) => {
                  setWantsFile(e.target.checked)
                  if (e.target.checked) setWantsCloud(false)
                }}
              />
              {t('wizard.wantsRestore')} <ShortcutHint k="h" />
            </label>
            <label className="check">
              <input
                type="checkbox"
                checked={wantsCloud}
                onChange={(e) => {
                  setWantsCloud(e.target.checked)
                  if (e.target.checked) setWantsFile(false)
                }}
              />
              {t('wizard.wantsCloud')}
            </label>
          </>
        )}

        {step === 2 && wantsCloud && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              {t('wizard.cloudTitle')}
            </h2>
            <p>
              <Text k="wizard.cloudText" values={{ dataDir: state.dataDir }} />
            </p>
            <CloudRestore onRestored={setRestored} />
          </>
        )}

        {step === 2 && !wantsCloud && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              {t('wizard.restoreTitle')}
            </h2>
            <p>
              {existing ? (
                <Text k="wizard.restoreTextExisting" values={{ dataDir: state.dataDir, counts: summary(t, existing), backupsDir: state.backupsDir }} />
              ) : (
                <Text k="wizard.restoreText" values={{ dataDir: state.dataDir }} />
              )}
            </p>
            <BackupChooser choice={choice} onChoose={choice.choose} disabled={restoreOp.running || installOp.running} />
            <div className="row">
              <button
                type="button"
                className="primary"
                onClick={runRestore}
                disabled={!choice.preview || busy || restoredPath === choice.path}
                {...shortcut('r')}
              >
                {restoreOp.running ? t('restore.running') : t('wizard.restoreButton')} <ShortcutHint k="r" />
              </button>
              {restoreOp.running && <CancelButton />}
            </div>
            {restoreOp.running && <ProgressBar label={t('restore.progress')} update={restoreOp.progress} />}
            <StatusLine status={restoreStatus} />
          </>
        )}

        {step === 2 && askNoBackup && (
          <ConfirmBox title={t('wizard.noBackupTitle')} text={t('wizard.noBackupText')} onEscape={() => setAskNoBackup(false)}>
            <button type="button" onClick={() => setAskNoBackup(false)} autoFocus>
              {t('wizard.noBackupStay')}
            </button>
            <button type="button" className="danger" onClick={() => go(3)}>
              {t('wizard.noBackupContinue')}
            </button>
          </ConfirmBox>
        )}

        {step === 3 && (
          <>
            <h2 ref={heading} tabIndex={-1}>
              {t('wizard.installTitle')}
            </h2>
            <p>{t('wizard.installIntro')}</p>
            <ul className="setup-list">
              <li>
                <Text k="wizard.installFolder" values={{ dataDir: state.dataDir }} />
              </li>
              <li>
                {restored
                  ? t('wizard.installRestored', { counts: summary(t, restored.preview) })
                  : existing
                    ? t('wizard.installExisting', { counts: summary(t, existing) })
                    : t('wizard.installEmpty')}
              </li>
            </ul>
            <div className="row">
              <button type="button" className="primary" onClick={runInstall} disabled={busy} {...shortcut('i')}>
                {installOp.running ? t('wizard.installing') : t('wizard.installButton')} <ShortcutHint k="i" />
              </button>
              {installOp.running && <CancelButton />}
            </div>
            {installOp.running && <ProgressBar label={t('wizard.installProgress')} update={installOp.progress} />}
            <StatusLine status={installError} />
          </>
        )}
      </section>

      <nav className="wizard-nav" aria-label={t('wizard.nav')}>
        <button type="button" onClick={previous} disabled={step === 1 || busy} {...shortcut('p')}>
          {t('wizard.previous')} <ShortcutHint k="p" />
        </button>
        <button type="button" className="primary" onClick={next} disabled={step === 3 || busy || askNoBackup} {...shortcut('n')}>
          {t('wizard.next')} <ShortcutHint k="n" />
        </button>
      </nav>
    </main>
  )
}
