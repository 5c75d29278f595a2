import { useCallback, useEffect, useState } from 'react'
import { getState, onFileDrop, setLanguage, toUIError, type AppState, type UIError } from './api'
import BackupRestore from './components/BackupRestore'
import BackupStatus from './components/BackupStatus'
import DestinationAsk from './components/DestinationAsk'
import History from './components/History'
import CloudSettings from './components/CloudSettings'
import ErrorText from './components/ErrorText'
import EncryptionSettings from './components/EncryptionSettings'
import InstallWizard from './components/InstallWizard'
import LanguagePicker from './components/LanguagePicker'
import Overview from './components/Overview'
import Settings from './components/Settings'
import i18n, { Text, toLanguage, useT, type Language } from './i18n'

// Dropped is a backup file dropped on the window; each drop is a new object,
// so dropping the same file again opens it again.
export interface Dropped {
  path: string
}

// App shows the installation wizard until the data folder is set up, then
// the main window. Every change to the data reloads the state from Go, so a
// restore shows at once without a restart. The language is the one Go says
// (the user's choice, else the system's) until the user picks another.
export default function App() {
  const t = useT()
  const [state, setState] = useState<AppState | null>(null)
  const [error, setError] = useState<UIError | null>(null)
  const [languageError, setLanguageError] = useState<UIError | null>(null)
  const [dropped, setDropped] = useState<Dropped | null>(null)

  const reload = useCallback(async () => {
    try {
      const st = await getState()
      if (!i18n.isInitialized || i18n.language !== toLanguage(st.language)) await i18n.changeLanguage(toLanguage(st.language))
      setState(st)
      setError(null)
    } catch (e) {
      setError(toUIError(e))
    }
  }, [])

  useEffect(() => {
    reload()
  }, [reload])

  // The page's language, for screen readers and for the font (styles.css).
  useEffect(() => {
    const sync = (lng: string) => document.documentElement.setAttribute('lang', lng)
    sync(i18n.language)
    i18n.on('languageChanged', sync)
    return () => i18n.off('languageChanged', sync)
  }, [])

  useEffect(() => onFileDrop((paths) => paths[0] && setDropped({ path: paths[0] })), [])

  async function pickLanguage(lang: Language) {
    await i18n.changeLanguage(lang)
    try {
      await setLanguage(lang)
      setLanguageError(null)
    } catch (e) {
      setLanguageError(toUIError(e))
    }
  }

  if (error) {
    return (
      <main className="centered">
        <div className="error" role="alert">
          <ErrorText lead={t('app.readFailed')} error={error} />
        </div>
        <button type="button" onClick={reload}>
          {t('app.tryAgain')}
        </button>
      </main>
    )
  }
  if (!state) {
    return (
      <main className="centered">
        <p role="status">{t('app.loading')}</p>
      </main>
    )
  }

  const recovery = state.recovery === 'rolled-back' ? 'rolledBack' : state.recovery === 'completed' ? 'completed' : null
  return (
    <>
      {state.problem && (
        <p className="banner error" role="alert">
          {state.problemError ? (
            // Start-up recovery failed: what it means in plain words, Go's
            // English (the CLI's words) folded under the technical details.
            <ErrorText
              lead={t(state.problemError.code === 'unfinished' ? 'app.problem.unfinished' : 'app.problem.check')}
              error={toUIError({ ...state.problemError, message: state.problem })}
            />
          ) : (
            <span className="detail" translate="no">
              {state.problem}
            </span>
          )}
        </p>
      )}
      {(recovery || state.notice) && (
        <p className="banner info" role="status">
          {recovery ? (
            t(`app.recovery.${recovery}`)
          ) : (
            <span className="detail" translate="no">
              {state.notice}
            </span>
          )}
        </p>
      )}
      {languageError && (
        <div className="banner error" role="alert">
          <ErrorText lead={t('app.languageNotSaved')} error={languageError} />
        </div>
      )}
      <div className="language-bar">
        <LanguagePicker onPick={pickLanguage} />
      </div>
      {state.installed ? (
        <MainWindow state={state} dropped={dropped} onDataChanged={reload} />
      ) : (
        <InstallWizard state={state} dropped={dropped} onInstalled={reload} />
      )}
    </>
  )
}

function MainWindow({ state, dropped, onDataChanged }: { state: AppState; dropped: Dropped | null; onDataChanged: () => void }) {
  const t = useT()
  // A finished backup (by hand or by the schedule) shows in the history.
  const [backups, setBackups] = useState(0)
  const backedUp = useCallback(() => setBackups((n) => n + 1), [])
  // The first-run ask and the settings card both change the backup folders:
  // each reloads when the other saved.
  const [settingsSaved, setSettingsSaved] = useState(0)
  const savedSettings = useCallback(() => setSettingsSaved((n) => n + 1), [])
  return (
    <div className="main-window">
      <header className="app-head">
        <h1>{t('app.name')}</h1>
        <span className="muted" aria-label={t('app.version')}>
          {state.release ? <Text k="app.versionValue" values={{ version: state.release }} /> : t('app.devBuild')}
        </span>
      </header>
      <main className="main-grid">
        <DestinationAsk refresh={settingsSaved} onChanged={savedSettings} />
        <Overview overview={state.overview} error={state.overviewError} />
        <BackupRestore
          dataDir={state.dataDir}
          safetyBackups={state.safetyBackups}
          overview={state.overview}
          dropped={dropped}
          onDataChanged={onDataChanged}
        />
        <BackupStatus onBackedUp={backedUp} />
        <History refresh={backups} onDataChanged={onDataChanged} />
        <Settings refresh={settingsSaved} onSaved={savedSettings} />
        <CloudSettings />
        <EncryptionSettings />
      </main>
      <footer className="app-foot muted" aria-label={t('app.aboutLabel')}>
        <Text
          k={state.commit ? 'app.about' : 'app.aboutNoCommit'}
          values={{ version: state.release || state.version, commit: state.commit, dataDir: state.dataDir }}
        />
      </footer>
    </div>
  )
}
