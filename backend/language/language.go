// Package language says which language the user's system is set to, so the
// window opens in it until the user picks one: the locale variables on Linux
// and macOS, the user's display language on Windows. Only the two languages
// the window has are told apart; everything else is English.
package language

import "strings"

// The languages the window has, as BCP 47 codes.
const (
	English   = "en"
	Malayalam = "ml"
)

// System is the user's system language: Malayalam or English.
func System() string { return system() }

// Supported reports whether code is one of the window's languages.
func Supported(code string) bool { return code == English || code == Malayalam }

// fromTag reads a locale name ("ml_IN.UTF-8", "ml-IN", "ml") as one of ours.
func fromTag(tag string) string {
	tag = strings.ToLower(strings.TrimSpace(tag))
	if tag == "ml" || strings.HasPrefix(tag, "ml_") || strings.HasPrefix(tag, "ml-") || strings.HasPrefix(tag, "ml.") || strings.HasPrefix(tag, "ml@") {
		return Malayalam
	}
	return English
}

// fromEnv is the language of the POSIX locale variables, in the order the C
// library reads them for messages: LC_ALL, then LC_MESSAGES, then LANG.
// LANGUAGE (a GNU list of preferences) comes first when set, as gettext
// programs do, unless the locale is C or POSIX.
func fromEnv(getenv func(string) string) string {
	locale := ""
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			locale = v
			break
		}
	}
	if locale != "C" && locale != "POSIX" && !strings.HasPrefix(locale, "C.") {
		if list := getenv("LANGUAGE"); list != "" {
			first, _, _ := strings.Cut(list, ":")
			return fromTag(first)
		}
	}
	return fromTag(locale)
}
