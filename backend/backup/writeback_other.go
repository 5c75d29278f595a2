//go:build !linux

package backup

import "os"

// Elsewhere there is no portable way to start writeback early; the final
// fsync does all of it.
func startWriteback(*os.File, int64, int64) {}
func waitWriteback(*os.File, int64, int64)  {}

// preallocate is Linux's fallocate; elsewhere the archive grows as written.
func preallocate(*os.File, int64) bool { return false }
