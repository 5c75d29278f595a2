// Package version holds the program version, stamped at build time with
//
//	-ldflags "-X mahall/backend/version.Version=$(git describe --tags --always --dirty)"
//
// Both executables and every backup manifest report it. A plain `go build`
// stamps nothing; then the version is the VCS revision Go records in the
// binary's build info, in the form git describe gives a commit without a
// tag, so that even such a binary says which commit it is.
package version

import (
	"runtime/debug"
	"strings"
	"time"
)

// Version is replaced at link time by the Makefile; otherwise init fills it
// in from the build info.
var Version = "dev"

// CommitTime is when the commit of an unstamped build was made ("2026-11-27
// 10:04 UTC"), from the build info; "" for a stamped build, whose Version
// says enough.
var CommitTime string

func init() {
	if Version != "dev" {
		return
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		Version, CommitTime = fromBuildInfo(info)
	}
}

// fromBuildInfo is the revision ("1b3de2370b0e", "-dirty" with uncommitted
// changes) and commit time that Go records when it builds inside a checkout,
// else "dev" and "".
func fromBuildInfo(info *debug.BuildInfo) (string, string) {
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
		return "dev", ""
	}
	v := rev[:min(len(rev), 12)]
	if dirty {
		v += "-dirty"
	}
	if t, err := time.Parse(time.RFC3339, at); err == nil {
		return v, t.UTC().Format("2006-01-02 15:04 UTC")
	}
	return v, ""
}

// Release is the release the build comes from, the tag part of Version
// ("v0.2.0" of "v0.2.0-3-g1a2b3c4-dirty"), for the window's header; "" when
// the build has no tag (Version is then a bare commit, or "dev").
func Release() string { return release(Version) }

// Commit is the commit part of Version ("1a2b3c4" of
// "v0.2.0-3-g1a2b3c4-dirty", or of a bare "1a2b3c4"), with "-dirty" when the
// build had uncommitted changes; "" for a build made exactly at a tag, and
// for "dev".
func Commit() string { return commit(Version) }

// describe splits what `git describe --tags --always --dirty` prints:
// TAG, TAG-dirty, TAG-N-gHASH[-dirty], or HASH[-dirty] without a tag.
func describe(v string) (tag, hash string, dirty bool) {
	v, dirty = strings.CutSuffix(v, "-dirty")
	if v == "" || v == "dev" {
		return "", "", dirty
	}
	parts := strings.Split(v, "-")
	if n := len(parts); n >= 3 && strings.HasPrefix(parts[n-1], "g") && isHex(parts[n-1][1:]) && isDigits(parts[n-2]) {
		return strings.Join(parts[:n-2], "-"), parts[n-1][1:], dirty
	}
	if len(parts) == 1 && len(v) >= 7 && isHex(v) {
		return "", v, dirty
	}
	return v, "", dirty
}

func release(v string) string {
	tag, _, _ := describe(v)
	return tag
}

func commit(v string) string {
	_, hash, dirty := describe(v)
	if dirty {
		if hash == "" {
			return "dirty"
		}
		return hash + "-dirty"
	}
	return hash
}

func isHex(s string) bool {
	for _, r := range s {
		if !('0' <= r && r <= '9' || 'a' <= r && r <= 'f') {
			return false
		}
	}
	return s != ""
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
