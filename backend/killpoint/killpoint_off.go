//go:build !killpoints

// Package killpoint marks the durable steps of a backup, restore or swap
// after which the data must be recoverable. In a shipped program (this
// file) marking a step does nothing; the crash tests build their programs
// with -tags killpoints (killpoint_on.go), where a step can be made to kill
// the process.
package killpoint

// Enabled is false in a shipped program: callers that would compute a
// step's name in a hot path test it first, so nothing is computed.
const Enabled = false

// At does nothing in a shipped program.
func At(string) {}
