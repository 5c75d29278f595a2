package main

import (
	"fmt"

	"mahall/backend/language"
	"mahall/backend/settings"
)

// language is the window's language: the one the user picked (kept in the
// settings file), else the system's. chosen says whether the user picked it.
func (a *App) language() (lang string, chosen bool) {
	s, err := settings.Load(a.layout.Settings())
	if err != nil {
		a.log.Warn("read settings for the language", "err", err)
	}
	if language.Supported(s.Language) {
		return s.Language, true
	}
	return language.System(), false
}

// SetLanguage remembers the language the user picked in the window ("en" or
// "ml") in the settings file, keeping the file's other settings.
func (a *App) SetLanguage(lang string) error {
	if !language.Supported(lang) {
		return fmt.Errorf("the language %q is not one of the window's (en, ml)", lang)
	}
	path := a.layout.Settings()
	s, err := settings.Load(path)
	if err != nil {
		// A damaged file would be replaced by the defaults and the user's
		// other settings lost: leave it for the settings screen to explain.
		return fmt.Errorf("the language was not saved: %w", err)
	}
	s.Language = lang
	if err := settings.Save(path, s); err != nil {
		return fmt.Errorf("the language was not saved: %w", err)
	}
	return nil
}
