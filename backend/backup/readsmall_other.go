//go:build !linux

package backup

// readSmall reads m whole into buf (growing it when needed) when it is a
// regular file of at most smallFileMax bytes; otherwise it marks it to be
// streamed.
func readSmall(m mediaFile, buf []byte) fetched { return readSmallPortable(m, buf) }
