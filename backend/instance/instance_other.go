//go:build !linux

package instance

// Elsewhere Wails' second process ends with exit code 0 by itself.
func handOver(string, []string, string) (bool, error) { return false, nil }
