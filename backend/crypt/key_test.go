package crypt

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestUnwrapWithThePasswordGivesTheKey(t *testing.T) {
	fixture(t)
	k, err := Unwrap(fx.lock, password)
	if err != nil {
		t.Fatal(err)
	}
	if k.Recovery() != fx.recovery || k.Public() != fx.key.Public() {
		t.Fatalf("unwrapped key %s, want %s", k.ID(), fx.key.ID())
	}
	if !strings.HasPrefix(fx.recovery, "AGE-SECRET-KEY-1") || !strings.HasPrefix(fx.lock.Public, "age1") {
		t.Fatalf("recovery key %.20s..., public key %.10s...: not age's text forms", fx.recovery, fx.lock.Public)
	}
	if strings.Contains(string(fx.lock.Wrapped), fx.recovery) || strings.Contains(string(fx.lock.Wrapped), fx.recovery[20:40]) {
		t.Fatal("the wrapped key holds the secret key in clear")
	}
}

func TestUnwrapWithAWrongPassword(t *testing.T) {
	fixture(t)
	for _, pw := range []string{"ponnani masjid 1957!", ""} {
		_, err := Unwrap(fx.lock, pw)
		if !errors.Is(err, ErrWrongPassword) {
			t.Fatalf("Unwrap(%q) = %v, want ErrWrongPassword", pw, err)
		}
		if err.Error() != "That password does not open this backup." {
			t.Fatalf("message %q", err)
		}
	}
}

func TestWrapRefusesAnEmptyPassword(t *testing.T) {
	k, _ := NewKey()
	if _, err := Wrap(k, ""); !errors.Is(err, ErrEmptyPassword) {
		t.Fatalf("Wrap(\"\") = %v, want ErrEmptyPassword", err)
	}
}

// A Malayalam password typed on another keyboard may arrive decomposed: the
// vowel sign O (U+0D4A) as U+0D46 U+0D3E. It must still open the key.
func TestUnwrapNormalizesThePassword(t *testing.T) {
	k, _ := NewKey()
	composed := "\u0D2A\u0D4A\u0D28\u0D4D\u0D28\u0D3E\u0D28\u0D3F 2026"
	decomposed := "\u0D2A\u0D46\u0D3E\u0D28\u0D4D\u0D28\u0D3E\u0D28\u0D3F 2026"
	if composed == decomposed {
		t.Fatal("the two spellings are the same bytes; the test proves nothing")
	}
	l, err := Wrap(k, composed)
	if err != nil {
		t.Fatal(err)
	}
	got, err := Unwrap(l, decomposed)
	if err != nil {
		t.Fatal(err)
	}
	if got.Public() != k.Public() {
		t.Fatal("unwrapped another key")
	}
}

func TestRewrapChangesOnlyThePassword(t *testing.T) {
	fixture(t)
	const newPassword = "Kuttippuram bridge 2026"
	if _, err := Rewrap(fx.lock, "not it", newPassword); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("Rewrap with a wrong old password = %v, want ErrWrongPassword", err)
	}
	l, err := Rewrap(fx.lock, password, newPassword)
	if err != nil {
		t.Fatal(err)
	}
	if l.Public != fx.lock.Public {
		t.Fatal("Rewrap changed the public key: backups made before would not open with the recovery key")
	}
	if _, err := Unwrap(l, password); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("the old password still opens the new wrapping: %v", err)
	}
	k, err := Unwrap(l, newPassword)
	if err != nil {
		t.Fatal(err)
	}
	if k.Recovery() != fx.recovery {
		t.Fatal("the new wrapping holds another key")
	}
}

// A wrapping that opens with the password but holds another key than the
// lock's public key must not be taken for it: backups are encrypted to the
// public key.
func TestUnwrapRefusesAWrappingOfAnotherKey(t *testing.T) {
	fixture(t)
	other, _ := NewKey()
	_, err := Unwrap(Lock{Public: other.Public(), Wrapped: fx.lock.Wrapped}, password)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("Unwrap = %v, want ErrDamaged", err)
	}
}

func TestParseRecoveryAsPeopleGiveIt(t *testing.T) {
	fixture(t)
	lowerSpaced := strings.ToLower(fx.recovery[:30]) + " \n " + strings.ToLower(fx.recovery[30:50]) + "\t" + strings.ToLower(fx.recovery[50:])
	for name, text := range map[string]string{
		"the file":            string(RecoveryFile(fx.key)),
		"the key alone":       fx.recovery,
		"with a newline":      fx.recovery + "\r\n",
		"typed from the page": lowerSpaced,
	} {
		k, err := ParseRecovery(text)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if k.Public() != fx.key.Public() {
			t.Fatalf("%s: another key", name)
		}
	}
}

func TestParseRecoveryRefusesWhatIsNotAKey(t *testing.T) {
	fixture(t)
	typo := []byte(fx.recovery)
	if typo[40] == 'Q' {
		typo[40] = 'P'
	} else {
		typo[40] = 'Q'
	}
	for name, text := range map[string]string{
		"empty":       "",
		"a password":  password,
		"cut short":   fx.recovery[:60],
		"one typo":    string(typo),
		"public key":  fx.lock.Public,
		"only a note": "# public key: " + fx.lock.Public,
	} {
		_, err := ParseRecovery(text)
		if !errors.Is(err, ErrWrongRecoveryKey) {
			t.Fatalf("%s: ParseRecovery = %v, want ErrWrongRecoveryKey", name, err)
		}
		if strings.Contains(err.Error(), fx.recovery[20:]) {
			t.Fatalf("%s: the message repeats the key: %v", name, err)
		}
	}
}

func TestKeyIDIsShortAndStable(t *testing.T) {
	fixture(t)
	id := fx.key.ID()
	if len(id) != 9 || id[4] != '-' || id != fx.lock.ID() || id != KeyID(fx.lock.Public) {
		t.Fatalf("key ID %q (lock %q)", id, fx.lock.ID())
	}
	other, _ := NewKey()
	if other.ID() == id {
		t.Fatal("two new keys have one ID")
	}
}

func TestKeyNeverPrintsItsSecret(t *testing.T) {
	fixture(t)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, fx.key)
		if strings.Contains(strings.ToUpper(out), "AGE-SECRET-KEY") || !strings.Contains(out, fx.key.ID()) {
			t.Fatalf("%s of a key prints %q", format, out)
		}
	}
	if out := fmt.Sprintf("%+v", struct{ K Key }{fx.key}); strings.Contains(out, fx.recovery[16:30]) || !strings.Contains(out, fx.key.ID()) {
		t.Fatalf("a struct holding a key prints %q", out)
	}
}
