//go:build unix

package durable

import "golang.org/x/sys/unix"

// Writable reports whether this process may make files in dir, without
// making one: access(2) answers for a read-only mount too (EROFS).
func Writable(dir string) bool { return unix.Access(dir, unix.W_OK) == nil }
