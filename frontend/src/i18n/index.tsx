// The window's language: i18next with the two catalogs, the plural rules of
// Intl.PluralRules ("1 അംഗം", "2 അംഗങ്ങൾ"), and the locale dates and numbers
// are formatted in. Go says which language to start in (the user's choice,
// else the system's); the language menu changes it and Go remembers it.
import i18n from 'i18next'
import type { ReactNode } from 'react'
import { Trans, initReactI18next, useTranslation } from 'react-i18next'
import Path from '../components/Path'
import { en, type Catalog } from './en'
import { ml } from './ml'

export type Language = 'en' | 'ml'
export const LANGUAGES: { code: Language; name: string }[] = [
  { code: 'en', name: 'English' },
  { code: 'ml', name: 'മലയാളം' },
]

declare module 'i18next' {
  interface CustomTypeOptions {
    resources: { translation: Catalog }
  }
}

i18n.use(initReactI18next).init({
  lng: 'en',
  fallbackLng: false, // a missing key shows as the raw key, which the tests catch
  supportedLngs: ['en', 'ml'],
  resources: { en: { translation: en }, ml: { translation: ml } },
  // React escapes what it renders; i18next escaping would show &amp; etc.
  interpolation: { escapeValue: false },
  returnNull: false,
  initAsync: false,
})

export default i18n

// toLanguage reads a language tag from Go ("ml", "ml-IN", "en_GB") as one of ours.
export function toLanguage(tag: string | null | undefined): Language {
  return tag?.toLowerCase().startsWith('ml') ? 'ml' : 'en'
}

// locale is the BCP 47 locale dates and numbers are written in: India's
// conventions in both languages (lakh grouping, day before month).
export function locale(): string {
  return i18n.language === 'ml' ? 'ml-IN' : 'en-IN'
}

export function useT() {
  return useTranslation().t
}

type Key = Parameters<typeof i18n.t>[0]

// Text renders a catalog string that holds markup: <path> for a path (not
// translated, and broken only at separators), <detail> for the technical
// detail a message ends with (the error's own words, in English), <name>
// for a name that stays as it is (a version), <strong> for emphasis.
export function Text({ k, values }: { k: Key; values?: Record<string, unknown> }): ReactNode {
  return (
    <Trans
      i18nKey={k as never}
      values={values}
      components={{
        path: <Path />,
        detail: <span className="detail" translate="no" />,
        strong: <strong />,
        name: <span translate="no" />,
      }}
    />
  )
}
