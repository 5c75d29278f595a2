package crypt

import "testing"

func TestJudgePassword(t *testing.T) {
	for _, c := range []struct {
		password string
		ok       bool
		hint     string
	}{
		{"", false, "Type a password."},
		{"   ", false, "Type a password."},
		{"seven77", false, "Too short: use at least 8 characters. A few words you will remember make a good password."},
		{"eight888", true, "Fair. A longer password, or three or four words, is much harder to guess."},
		// Counted in characters, not bytes: 8 Malayalam letters are 24 bytes.
		{"മലയാളംമല", true, "Fair. A longer password, or three or four words, is much harder to guess."},
		{"മലയാളം", false, "Too short: use at least 8 characters. A few words you will remember make a good password."},
		{"river tea gold", true, "Good."},
		{"twelve chars", true, "Good."},
	} {
		got := JudgePassword(c.password)
		if got.OK != c.ok || got.Hint != c.hint {
			t.Errorf("JudgePassword(%q) = %+v, want ok %v, %q", c.password, got, c.ok, c.hint)
		}
		if err := CheckNewPassword(c.password); (err == nil) != c.ok {
			t.Errorf("CheckNewPassword(%q) = %v", c.password, err)
		}
	}
}
