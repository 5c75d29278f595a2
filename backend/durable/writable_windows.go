package durable

import "os"

// Writable reports whether a new file can be made in dir. Windows has no
// access(2) that answers for shares and ACLs alike, so it tries.
func Writable(dir string) bool {
	t, err := os.CreateTemp(dir, ".mahall-probe-*")
	if err != nil {
		return false
	}
	t.Close()
	os.Remove(t.Name())
	return true
}
