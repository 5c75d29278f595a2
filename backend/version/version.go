// Package version holds the program version, stamped at build time with
//
//	-ldflags "-X mahall/backend/version.Version=$(git describe --tags --always --dirty)"
//
// Both executables and every backup manifest report it.
package version

// Version is replaced at link time by the Makefile.
var Version = "dev"
