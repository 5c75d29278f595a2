//go:build !windows

package secret

// Outside Windows there is no per-user sealing service every desktop has; the
// protection is the file's 0600 mode in a 0700 folder, as ssh and the AWS CLI
// keep their keys.
func protect(data []byte) ([]byte, error) { return data, nil }

func unprotect(sealed []byte) ([]byte, error) { return sealed, nil }
