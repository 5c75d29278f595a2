// Package version holds the program version, stamped at build time with
//
//	-ldflags "-X mahall/backend/version.Version=$(git describe --tags --always --dirty)"
//
// Both executables and every backup manifest report it.
package version

import "strings"

// Version is replaced at link time by the Makefile.
var Version = "dev"

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
