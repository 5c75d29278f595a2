import { useT } from '../i18n'
import Path from './Path'
import BackupPreview from './BackupPreview'
import ErrorText from './ErrorText'
import PasswordPrompt from './PasswordPrompt'
import ShortcutHint from './ShortcutHint'
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
  const t = useT()
  return (
    <>
      <div className="row">
        <button type="button" onClick={onChoose} disabled={disabled} {...shortcut('c')}>
          {t('chooser.choose')} <ShortcutHint k="c" />
        </button>
        {choice.path && (
          <span aria-label={t('chooser.chosen')}><Path>{choice.path}</Path></span>
        )}
      </div>
      {choice.inspecting && <p role="status">{t('chooser.reading')}</p>}
      {choice.error && (
        <div className="error" role="alert">
          <ErrorText lead={t(`chooser.${choice.error.kind}`)} error={choice.error.error} />
        </div>
      )}
      {choice.locked && <PasswordPrompt onSubmit={choice.unlock} wrong={choice.passwordWrong} busy={choice.inspecting} />}
      {choice.preview && <BackupPreview preview={choice.preview} />}
    </>
  )
}
