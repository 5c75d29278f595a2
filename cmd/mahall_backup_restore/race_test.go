//go:build race

package main

// raceEnabled builds the binary under test with -race too, so the process
// tests also look for data races in the CLI and the backend it runs.
const raceEnabled = true
