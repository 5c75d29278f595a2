// Package version holds the program version, stamped at build time with
//
//	-ldflags "-X mahall/backend/version.Version=$(git describe --tags --always --dirty)"
//
// Both executables and every backup manifest report it. A plain `go build`
// stamps nothing; then the version is taken from the VCS revision and time
// that Go records in the binary's build info, so that even such a binary
// says which commit it is.
package version

import (
	"runtime/debug"
	"time"
)

// Version is replaced at link time by the Makefile; otherwise init fills it
// in from the build info.
var Version = "dev"

func init() {
	if Version != "dev" {
		return
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		Version = fromBuildInfo(info)
	}
}

// fromBuildInfo is "dev-<revision>[-dirty] (<commit time UTC>)" from the
// vcs.* settings Go records when it builds inside a checkout, else "dev".
func fromBuildInfo(info *debug.BuildInfo) string {
	var rev, at string
	dirty := false
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "dev-" + rev[:min(len(rev), 12)]
	if dirty {
		v += "-dirty"
	}
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		v += " (" + t.UTC().Format("2006-01-02 15:04 UTC") + ")"
	}
	return v
}
