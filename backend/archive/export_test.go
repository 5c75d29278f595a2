package archive

// SetSyncEachFile and SetWriteBuffers let benchmarks compare the choices
// made in this package; they return the previous value.
func SetSyncEachFile(v bool) bool { old := syncEachFile; syncEachFile = v; return old }
func SetWriteBuffers(n int) int   { old := writeBuffers; writeBuffers = n; return old }

func SetSkipSync(v bool) bool { old := skipSync; skipSync = v; return old }
func SetWriteChunk(n int) int { old := writeChunk; writeChunk = n; return old }
