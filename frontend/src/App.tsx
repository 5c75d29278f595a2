import { useCallback, useEffect, useState } from 'react'
import { getState, toUIError, type AppState } from './api'
import BackupRestore from './components/BackupRestore'
import EncryptionSettings from './components/EncryptionSettings'
import InstallWizard from './components/InstallWizard'
import Overview from './components/Overview'

// App shows the installation wizard until the data folder is set up, then
// the main window. Every change to the data reloads the state from Go, so a
// restore shows at once without a restart.
export default function App() {
  const [state, setState] = useState<AppState | null>(null)
  const [error, setError] = useState('')

  const reload = useCallback(async () => {
    try {
      setState(await getState())
      setError('')
    } catch (e) {
      setError(toUIError(e).message)
    }
  }, [])

  useEffect(() => {
    reload()
  }, [reload])

  if (error) {
    return (
      <main className="centered">
        <p className="error" role="alert">
          Could not read the data folder: {error}
        </p>
        <button type="button" onClick={reload}>
          Try Again
        </button>
      </main>
    )
  }
  if (!state) {
    return (
      <main className="centered">
        <p role="status">Loading…</p>
      </main>
    )
  }

  return (
    <>
      {state.problem && (
        <p className="banner error" role="alert">
          {state.problem}
        </p>
      )}
      {state.notice && (
        <p className="banner info" role="status">
          {state.notice}
        </p>
      )}
      {state.installed ? (
        <MainWindow state={state} onDataChanged={reload} />
      ) : (
        <InstallWizard state={state} onInstalled={reload} />
      )}
    </>
  )
}

function MainWindow({ state, onDataChanged }: { state: AppState; onDataChanged: () => void }) {
  return (
    <div className="main-window">
      <header className="app-head">
        <h1>Mahall Software</h1>
        <span className="muted" aria-label="Version">
          Version {state.version}
        </span>
      </header>
      <main className="main-grid">
        <Overview overview={state.overview} error={state.overviewError} />
        <div>
          <BackupRestore dataDir={state.dataDir} safetyBackups={state.safetyBackups} onDataChanged={onDataChanged} />
          <EncryptionSettings />
        </div>
      </main>
      <footer className="app-foot muted">
        Mahall Software {state.version} · Data folder {state.dataDir}
      </footer>
    </div>
  )
}
