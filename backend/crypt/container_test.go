package crypt

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"mahall/backend/progress"
)

// readAll reads the whole decrypted inner ZIP through its ReaderAt.
func readAll(t *testing.T, o *Opened) []byte {
	t.Helper()
	b, err := io.ReadAll(io.NewSectionReader(o, 0, o.Size()))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkInner asserts that o is the fixture's inner backup, byte for byte,
// and that archive/zip reads an entry of it in place.
func checkInner(t *testing.T, o *Opened) {
	t.Helper()
	if got := readAll(t, o); !bytes.Equal(got, fx.inner) {
		t.Fatalf("decrypted inner ZIP: %d bytes, differs from the %d written", len(got), len(fx.inner))
	}
	zr, err := zip.NewReader(o, o.Size())
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
	}
	if len(names) != 4 || names[1] != personal[4] {
		t.Fatalf("inner entries %q", names)
	}
	rc, err := zr.Open("db.sqlite3")
	if err != nil {
		t.Fatal(err)
	}
	db, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Contains(db, []byte(personal[0])) {
		t.Fatalf("db.sqlite3 read back wrong (%d bytes): %v", len(db), err)
	}
}

func TestRoundTripWithThePassword(t *testing.T) {
	fixture(t)
	k, err := Unlock(fx.path, password)
	if err != nil {
		t.Fatal(err)
	}
	o, err := OpenVerified(context.Background(), fx.path, k, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	checkInner(t, o)
	d := o.Description()
	if d.Format != Format || d.Version != FormatVersion || d.PublicKey != fx.lock.Public || d.KeyID != fx.key.ID() || d.Created.IsZero() {
		t.Fatalf("description %+v", d)
	}
}

func TestRoundTripWithTheRecoveryKey(t *testing.T) {
	fixture(t)
	k, err := UnlockRecovery(fx.path, string(RecoveryFile(fx.key)))
	if err != nil {
		t.Fatal(err)
	}
	var last int64
	o, err := OpenVerified(context.Background(), fx.path, k, func(u progress.Update) { last = u.BytesDone })
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	if last != o.Size() {
		t.Fatalf("verification reported %d of %d bytes", last, o.Size())
	}
	checkInner(t, o)
}

func TestWrongPasswordOpensNothing(t *testing.T) {
	fixture(t)
	_, err := Unlock(fx.path, "Ponnani masjid 1958!")
	if !errors.Is(err, ErrWrongPassword) || err.Error() != "That password does not open this backup." {
		t.Fatalf("Unlock = %v, want exactly ErrWrongPassword", err)
	}
}

func TestAnotherRecoveryKeyOpensNothing(t *testing.T) {
	fixture(t)
	other, recovery := NewKey()
	k, err := ParseRecovery(recovery)
	if err != nil || k.Public() != other.Public() {
		t.Fatal(err)
	}
	if _, err := UnlockRecovery(fx.path, string(RecoveryFile(other))); !errors.Is(err, ErrWrongRecoveryKey) {
		t.Fatalf("UnlockRecovery with another key = %v, want ErrWrongRecoveryKey", err)
	}
	if _, err := UnlockRecovery(fx.path, "AGE-SECRET-KEY-1QQQ"); !errors.Is(err, ErrWrongRecoveryKey) {
		t.Fatalf("UnlockRecovery with a broken key = %v, want ErrWrongRecoveryKey", err)
	}
	o, err := Open(fx.path, k)
	if !errors.Is(err, ErrWrongRecoveryKey) {
		if o != nil {
			o.Close()
		}
		t.Fatalf("Open with another key = %v, want ErrWrongRecoveryKey", err)
	}
	if !strings.HasPrefix(err.Error(), "That recovery key does not open this backup.") {
		t.Fatalf("message %q", err)
	}
}

func TestIsEncrypted(t *testing.T) {
	fixture(t)
	dir := t.TempDir()
	plain := filepath.Join(dir, "plain.zip")
	text := filepath.Join(dir, "notes.txt")
	os.WriteFile(plain, fx.inner, 0o600)
	os.WriteFile(text, []byte("not a zip"), 0o600)
	for path, want := range map[string]bool{fx.path: true, plain: false, text: false} {
		got, err := IsEncrypted(path)
		if err != nil || got != want {
			t.Fatalf("IsEncrypted(%s) = %v, %v; want %v", filepath.Base(path), got, err, want)
		}
	}
	if _, err := IsEncrypted(filepath.Join(dir, "missing.zip")); err == nil {
		t.Fatal("IsEncrypted of a missing file: no error")
	}
	if _, err := Unlock(plain, password); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Unlock of a plain backup = %v", err)
	}
}

// The container is an ordinary ZIP whose only readable entries say what it
// is; nothing of the register may be in its bytes.
func TestContainerHoldsNoPersonalDataInClear(t *testing.T) {
	fixture(t)
	b, err := os.ReadFile(fx.path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range personal {
		if !bytes.Contains(fx.inner, []byte(s)) {
			t.Fatalf("the test's inner backup does not hold %q in clear: the search below proves nothing", s)
		}
		if bytes.Contains(bytes.ToLower(b), bytes.ToLower([]byte(s))) {
			t.Fatalf("the encrypted backup holds %q in clear", s)
		}
	}
	zr, err := zip.OpenReader(fx.path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	for _, f := range zr.File {
		names = append(names, f.Name)
		if f.Method != zip.Store {
			t.Fatalf("%s is not stored", f.Name)
		}
	}
	if strings.Join(names, " ") != "README.txt mahall-encrypted.json backup-key.age backup.zip.age" {
		t.Fatalf("container entries %q", names)
	}
	readme, err := readSmall(&zr.Reader, EntryReadme, maxDescription)
	if err != nil || !bytes.Contains(readme, []byte("age -d -i recovery-key.txt -o backup.zip backup.zip.age")) || !bytes.Contains(readme, []byte("password")) {
		t.Fatalf("README.txt does not say how to open the file:\n%s", readme)
	}
}

// A flipped byte in the encrypted payload, anywhere: in age's header, its
// nonce, the first, a middle or the last chunk. OpenVerified refuses all of
// them before returning anything to read.
func TestFlippedPayloadByteIsRefusedBeforeUse(t *testing.T) {
	fixture(t)
	off, size := entrySpan(t, fx.path, EntryPayload)
	dir := t.TempDir()
	var positions []int64
	for i := int64(0); i < 400; i++ { // the whole age header and nonce, byte by byte
		positions = append(positions, i)
	}
	for i := int64(400); i < size; i += 4099 { // every chunk, several times
		positions = append(positions, i)
	}
	// Either side of every chunk boundary: the chunks start after age's
	// header (up to the "---" MAC line) and its 16-byte nonce.
	b, err := os.ReadFile(fx.path)
	if err != nil {
		t.Fatal(err)
	}
	mac := bytes.Index(b[off:off+size], []byte("\n--- "))
	end := bytes.IndexByte(b[off+int64(mac)+1:off+size], '\n')
	if mac < 0 || end < 0 {
		t.Fatal("no age header in the payload")
	}
	const encChunk = 64<<10 + 16 // a chunk and its tag
	for c := int64(mac+1+end+1) + 16; c < size; c += encChunk {
		positions = append(positions, c-1, c)
	}
	positions = append(positions, size-1)
	for _, p := range positions {
		path := flipped(t, dir, off+p)
		o, err := OpenVerified(context.Background(), path, fx.key, nil)
		if err == nil {
			o.Close()
			t.Fatalf("a flipped byte at %d of %d in the payload was accepted", p, size)
		}
		if !errors.Is(err, ErrDamaged) {
			t.Fatalf("flipped byte at %d: %v, want ErrDamaged", p, err)
		}
	}
}

// Opened without Verify (a preview), a damaged chunk is still never
// returned: reading it fails, while the chunks around it read fine.
func TestDamagedChunkIsNeverReturned(t *testing.T) {
	fixture(t)
	off, size := entrySpan(t, fx.path, EntryPayload)
	const chunk = 64 << 10
	if size < 3*chunk {
		t.Fatalf("payload of %d bytes: too small to damage a middle chunk", size)
	}
	o, err := Open(flipped(t, t.TempDir(), off+size/2), fx.key)
	if err != nil {
		t.Fatal(err) // the header and the last chunk are intact
	}
	defer o.Close()
	first := make([]byte, chunk)
	if n, err := o.ReadAt(first, 0); err != nil || !bytes.Equal(first[:n], fx.inner[:n]) {
		t.Fatalf("first chunk: %d bytes, %v", n, err)
	}
	all := make([]byte, o.Size())
	n, err := o.ReadAt(all, 0)
	if !errors.Is(err, ErrDamaged) {
		t.Fatalf("reading across the damaged chunk: %d bytes, %v; want ErrDamaged", n, err)
	}
	if n > int(size/2) {
		t.Fatalf("ReadAt returned %d bytes, past the damaged chunk at %d", n, size/2)
	}
	if err := o.Verify(context.Background(), nil); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Verify = %v, want ErrDamaged", err)
	}
}

// Every byte of the wrapped key and of the description is covered by the
// container's CRC, so a flip is refused before scrypt or age see it.
func TestFlippedKeyOrDescriptionByteIsRefused(t *testing.T) {
	fixture(t)
	dir := t.TempDir()
	for _, name := range []string{EntryKey, EntryDescription} {
		off, size := entrySpan(t, fx.path, name)
		for p := range size {
			path := flipped(t, dir, off+p)
			if _, err := ReadHeader(path); !errors.Is(err, ErrDamaged) {
				t.Fatalf("%s: flipped byte at %d: ReadHeader = %v, want ErrDamaged", name, p, err)
			}
		}
	}
}

func TestTruncatedContainerIsRefused(t *testing.T) {
	fixture(t)
	k, err := ParseRecovery(fx.recovery)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(fx.path)
	off, size := entrySpan(t, fx.path, EntryPayload)
	path := filepath.Join(t.TempDir(), "cut.zip")
	// Cut inside the last chunk, then put the ZIP's tail back so the
	// container itself still reads: only age can tell.
	cut := append(append([]byte(nil), b[:off+size-100]...), b[off+size:]...)
	os.WriteFile(path, cut, 0o600)
	if o, err := OpenVerified(context.Background(), path, k, nil); err == nil {
		o.Close()
		t.Fatal("a truncated payload was accepted")
	}
	os.WriteFile(path, b[:len(b)/2], 0o600)
	if _, err := Open(path, k); !errors.Is(err, ErrDamaged) {
		t.Fatalf("Open of half a container = %v, want ErrDamaged", err)
	}
}

func TestVerifyStopsWhenCancelled(t *testing.T) {
	fixture(t)
	k, _ := ParseRecovery(fx.recovery)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := OpenVerified(ctx, fx.path, k, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("OpenVerified with a cancelled context = %v", err)
	}
}

// failingWriter accepts n bytes, then fails: a full disk.
type failingWriter struct{ n int }

var errDiskFull = errors.New("no space left on device")

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.n {
		n := w.n
		w.n = 0
		return n, errDiskFull
	}
	w.n -= len(p)
	return len(p), nil
}

// A write error of the encrypting goroutine reaches the caller (at a later
// Write or at Close), and the Writer neither hangs nor writes on after it.
func TestWriterReportsAFailedWrite(t *testing.T) {
	fixture(t)
	w, err := NewWriter(&failingWriter{n: 3 << 20}, fx.lock, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	chunk := make([]byte, 100<<10)
	var werr error
	for i := 0; i < 100 && werr == nil; i++ { // 10 MB, far past the 3 MB that fit
		_, werr = w.Write(chunk)
	}
	cerr := w.Close()
	if !errors.Is(werr, errDiskFull) && !errors.Is(cerr, errDiskFull) {
		t.Fatalf("Write = %v, Close = %v; want the disk's error", werr, cerr)
	}
	if cerr == nil {
		t.Fatal("Close after a failed write returned nil: an incomplete container would look complete")
	}
}

func TestWriterAbortAndDoubleClose(t *testing.T) {
	fixture(t)
	var buf bytes.Buffer
	w, err := NewWriter(&buf, fx.lock, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	w.Write(make([]byte, 5<<20))
	w.Abort()
	w.Abort()
	if err := w.Close(); err == nil {
		t.Fatal("Close after Abort returned nil")
	}
	if _, err := w.Write([]byte("x")); err == nil {
		t.Fatal("Write after Abort returned nil")
	}
	if _, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len())); err == nil {
		t.Fatal("an aborted container reads as a complete ZIP")
	}
}
