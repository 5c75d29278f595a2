//go:build !windows

package auto

func isPlatformFull(error) bool { return false }
