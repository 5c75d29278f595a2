//go:build !windows

package uierr

// platformCauses: Unix errors match the syscall values in byCause.
var platformCauses []cause
