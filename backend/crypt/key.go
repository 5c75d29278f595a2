// Package crypt holds the backup key and the encrypted-ZIP container.
//
// A backup key is an age X25519 key pair. Backups are encrypted to its public
// key, so an automatic backup needs no password. The secret key is never kept
// in the clear: it is wrapped with the user's password (age's scrypt
// recipient) in a Lock, which the settings hold and every encrypted backup
// carries, so a new computer needs only the backup file and the password. The
// secret key's own text form (AGE-SECRET-KEY-1...) is the recovery key, which
// opens every backup made with that key without the password, also with the
// standard age tool.
package crypt

import (
	"bytes"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"strings"

	"filippo.io/age"
	"golang.org/x/text/unicode/norm"
)

// The errors a caller branches on. Their messages are what the user reads.
var (
	ErrWrongPassword    = errors.New("That password does not open this backup.")
	ErrWrongRecoveryKey = errors.New("That recovery key does not open this backup.")
	ErrEmptyPassword    = errors.New("The password is empty. Please type a password.")
	ErrDamaged          = errors.New("This encrypted backup is damaged, so it cannot be opened. Nothing in it was used. Try another copy of the backup.")
	// ErrPasswordNeeded: the backup is encrypted and no password or recovery
	// key was given. Callers that can ask for one do so and try again.
	ErrPasswordNeeded = errors.New("This backup is protected with a password. Give its password, or its recovery key, to open it.")
)

// scryptLogN is the work factor the password wrapping is made with: 2^18 is
// age's own default, about a second and 256 MiB on an ordinary computer, paid
// once when a backup is opened with the password, never by automatic backups.
const scryptLogN = 18

// maxScryptLogN bounds what a backup file may ask for when it is opened, so a
// crafted file cannot make the program spend minutes and gigabytes (age's
// default bound is 2^22, 4 GiB). Two steps of headroom let a later version
// raise scryptLogN and still be opened by this one.
const maxScryptLogN = scryptLogN + 2

// Key is a backup key with its secret: what opens encrypted backups. It comes
// from NewKey, Unwrap or ParseRecovery; the zero Key is not usable.
type Key struct {
	id *age.X25519Identity
}

// NewKey makes a new backup key and returns it with its recovery key, the
// text to print or save.
func NewKey() (Key, string) {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		// GenerateX25519Identity fails only when crypto/rand does, and since
		// Go 1.24 crypto/rand never returns an error (it stops the program).
		panic("crypt: generating a key: " + err.Error())
	}
	k := Key{id: id}
	return k, k.Recovery()
}

// Public is the public key (age1...): what backups are encrypted to.
func (k Key) Public() string { return k.id.Recipient().String() }

// Recovery is the secret key in age's text form (AGE-SECRET-KEY-1...).
func (k Key) Recovery() string { return k.id.String() }

// ID is a short name for the key, for people to compare (see KeyID).
func (k Key) ID() string { return KeyID(k.Public()) }

// String and GoString name the key by its ID, so a Key that ends up in a log
// line or an error never shows the secret.
func (k Key) String() string {
	if k.id == nil {
		return "no backup key"
	}
	return "backup key " + k.ID()
}

// GoString is String, for %#v.
func (k Key) GoString() string { return k.String() }

// KeyID is a short, stable name for a public key ("K7Q2-M4XD"), so the app can
// say which key a backup was made with without showing 62 characters.
func KeyID(public string) string {
	sum := sha256.Sum256([]byte(public))
	s := base32.StdEncoding.EncodeToString(sum[:5]) // 40 bits: 8 characters, no padding
	return s[:4] + "-" + s[4:]
}

// RecoveryFile is the recovery key as a file that the age tool reads with
// `age -d -i FILE`: comment lines (which age skips) saying what it is, then
// the key itself.
func RecoveryFile(k Key) []byte {
	var b strings.Builder
	b.WriteString("# Mahall Software backup recovery key (key ID " + k.ID() + ").\n")
	b.WriteString("# It opens every backup made with this key, without the password.\n")
	b.WriteString("# Keep it safe and private: anyone who has it can read those backups.\n")
	b.WriteString("# public key: " + k.Public() + "\n")
	b.WriteString(k.Recovery() + "\n")
	return []byte(b.String())
}

// ParseRecovery reads a recovery key as a person may give it: the file
// RecoveryFile wrote, or the key alone, typed from the printed page with
// spaces, line breaks or in lower case. Text that is not a whole recovery key
// gives ErrWrongRecoveryKey; whether it is the key of a given backup is
// checked when that backup is opened.
func ParseRecovery(text string) (Key, error) {
	var key strings.Builder
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key.WriteString(strings.Join(strings.Fields(line), ""))
	}
	s := strings.ToUpper(key.String())
	if !strings.HasPrefix(s, "AGE-SECRET-KEY-1") {
		return Key{}, fmt.Errorf("%w (the text does not start with AGE-SECRET-KEY-1)", ErrWrongRecoveryKey)
	}
	id, err := age.ParseX25519Identity(s)
	if err != nil {
		// age's message never repeats the key, so it is safe to show.
		return Key{}, fmt.Errorf("%w (it is not a whole recovery key; check it for typing mistakes: %v)", ErrWrongRecoveryKey, err)
	}
	return Key{id: id}, nil
}

// Lock is the backup key as the settings keep it and every encrypted backup
// carries it: the public key, which encrypts without a password, and the
// secret key wrapped with the password. The two travel together so a backup
// can never carry a wrapping of some other key than the one it is encrypted to.
type Lock struct {
	Public  string `json:"publicKey"`
	Wrapped []byte `json:"wrappedKey"` // an age file (scrypt) of RecoveryFile's text
}

// ID is the short name of the lock's key (see KeyID).
func (l Lock) ID() string { return KeyID(l.Public) }

// Wrap locks k's secret with password. The wrapped key is an ordinary age
// file, so `age -d` with the password also opens it.
func Wrap(k Key, password string) (Lock, error) {
	if k.id == nil {
		return Lock{}, errors.New("wrap the backup key: no key given")
	}
	password = normalize(password)
	if password == "" {
		return Lock{}, ErrEmptyPassword
	}
	r, err := age.NewScryptRecipient(password)
	if err != nil {
		return Lock{}, fmt.Errorf("wrap the backup key: %w", err)
	}
	r.SetWorkFactor(scryptLogN)
	var buf bytes.Buffer
	w, err := age.Encrypt(&buf, r)
	if err != nil {
		return Lock{}, fmt.Errorf("wrap the backup key: %w", err)
	}
	if _, err := w.Write(RecoveryFile(k)); err != nil {
		return Lock{}, fmt.Errorf("wrap the backup key: %w", err)
	}
	if err := w.Close(); err != nil {
		return Lock{}, fmt.Errorf("wrap the backup key: %w", err)
	}
	return Lock{Public: k.Public(), Wrapped: buf.Bytes()}, nil
}

// Unwrap opens l with password. A wrong password gives ErrWrongPassword; a
// wrapping that opens but holds another key than l's public key, or that is
// damaged, gives ErrDamaged.
func Unwrap(l Lock, password string) (Key, error) {
	password = normalize(password)
	if password == "" {
		return Key{}, ErrWrongPassword
	}
	id, err := age.NewScryptIdentity(password)
	if err != nil {
		return Key{}, fmt.Errorf("unwrap the backup key: %w", err)
	}
	id.SetMaxWorkFactor(maxScryptLogN)
	r, err := age.Decrypt(bytes.NewReader(l.Wrapped), id)
	var noMatch *age.NoIdentityMatchError
	if errors.As(err, &noMatch) {
		return Key{}, ErrWrongPassword
	}
	if err != nil {
		return Key{}, fmt.Errorf("%w (the wrapped backup key: %v)", ErrDamaged, err)
	}
	// Its whole text is read, so age has authenticated every byte of it.
	text, err := io.ReadAll(io.LimitReader(r, 64<<10))
	if err != nil {
		return Key{}, fmt.Errorf("%w (the wrapped backup key: %v)", ErrDamaged, err)
	}
	k, err := ParseRecovery(string(text))
	if err != nil {
		return Key{}, fmt.Errorf("%w (the wrapped backup key holds no key)", ErrDamaged)
	}
	if k.Public() != l.Public {
		return Key{}, fmt.Errorf("%w (the wrapped backup key %s is not the key %s the backup was encrypted to)", ErrDamaged, k.ID(), l.ID())
	}
	return k, nil
}

// Rewrap changes the password of l: the key stays the same, so backups made
// before still open with the old password (their own wrapping) or the
// recovery key, and backups made after carry the new wrapping.
func Rewrap(l Lock, oldPassword, newPassword string) (Lock, error) {
	if normalize(newPassword) == "" {
		return Lock{}, ErrEmptyPassword
	}
	k, err := Unwrap(l, oldPassword)
	if err != nil {
		return Lock{}, err
	}
	return Wrap(k, newPassword)
}

// normalize puts a password into Unicode NFC, so a Malayalam (or any
// accented) password typed on another computer, whose keyboard composes the
// same letters from other code points, still opens the backup. ASCII
// passwords are unchanged, so the age tool's own prompt opens the wrapped
// key with them too.
func normalize(password string) string { return norm.NFC.String(password) }
