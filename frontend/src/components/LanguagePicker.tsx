import { LANGUAGES, useT, type Language } from '../i18n'
import { useTranslation } from 'react-i18next'

// LanguagePicker switches the window between English and Malayalam. Each
// language is named in itself, so it can be found whichever is showing.
export default function LanguagePicker({ onPick }: { onPick: (lang: Language) => void }) {
  const t = useT()
  const { i18n } = useTranslation()
  return (
    <label className="language">
      {t('app.language')}{' '}
      <select value={i18n.language} onChange={(e) => onPick(e.target.value as Language)}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code} translate="no">
            {l.name}
          </option>
        ))}
      </select>
    </label>
  )
}
