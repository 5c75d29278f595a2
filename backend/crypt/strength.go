package crypt

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// MinPasswordLength is the fewest characters a new password may have. Every
// backup carries its key wrapped with the password, so a copy of one file is
// all an attacker needs to try passwords offline; scrypt makes each try cost
// about a second, which a short password does not survive.
const MinPasswordLength = 8

// Strength is a plain-words judgement of a new password, for the hint shown
// while it is typed.
type Strength struct {
	OK    bool   `json:"ok"`    // long enough to be accepted
	Level string `json:"level"` // "empty", "short", "fair" or "good": what the app's catalogs translate
	Hint  string `json:"hint"`  // what to tell the person, in plain English words
}

// JudgePassword says whether password may be set as a new password and what
// to tell the person typing it. It counts characters (after NFC), not bytes,
// so a Malayalam password is judged by what was typed; a few words beat
// one clever word, so words count too.
func JudgePassword(password string) Strength {
	p := normalize(password)
	n := utf8.RuneCountInString(p)
	words := len(strings.Fields(p))
	switch {
	case strings.TrimSpace(p) == "":
		return Strength{Level: "empty", Hint: "Type a password."}
	case n < MinPasswordLength:
		return Strength{Level: "short", Hint: "Too short: use at least 8 characters. A few words you will remember make a good password."}
	case n < 12 && words < 3:
		return Strength{OK: true, Level: "fair", Hint: "Fair. A longer password, or three or four words, is much harder to guess."}
	default:
		return Strength{OK: true, Level: "good", Hint: "Good."}
	}
}

// CheckNewPassword refuses a password that JudgePassword does not accept.
func CheckNewPassword(password string) error {
	if s := JudgePassword(password); !s.OK {
		return errors.New(s.Hint)
	}
	return nil
}
