import BackupPreview from './BackupPreview'
import PasswordPrompt from './PasswordPrompt'
import { shortcut } from './format'
import type { BackupChoice } from './useBackupChoice'

// BackupChooser is "Choose backup file..." (the native open dialog), the
// chosen path, and what the engine's inspection says the backup holds.
// choice comes from useBackupChoice.
export default function BackupChooser({
  choice,
  onChoose,
  disabled,
}: {
  choice: BackupChoice
  onChoose: () => void
  disabled: boolean
}) {
  return (
    <>
      <div className="row">
        <button type="button" onClick={onChoose} disabled={disabled} {...shortcut('c')}>
          Choose backup file...
        </button>
        {choice.path && (
          <span className="path" aria-label="Chosen backup file">
            {choice.path}
          </span>
        )}
      </div>
      {choice.inspecting && <p role="status">Reading the backup…</p>}
      {choice.error && (
        <p className="error" role="alert">
          {choice.error}
        </p>
      )}
      {choice.locked && <PasswordPrompt onSubmit={choice.unlock} wrong={choice.passwordWrong} busy={choice.inspecting} />}
      {choice.preview && <BackupPreview preview={choice.preview} />}
    </>
  )
}
