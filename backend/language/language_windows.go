//go:build windows

package language

import "golang.org/x/sys/windows"

// system is the user's display language (Settings > Time & language), the
// first of their preferred UI languages; the locale variables are not used on
// Windows.
func system() string {
	langs, err := windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME)
	if err != nil || len(langs) == 0 {
		return English
	}
	return fromTag(langs[0])
}
