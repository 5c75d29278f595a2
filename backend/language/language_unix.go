//go:build !windows

package language

import "os"

func system() string { return fromEnv(os.Getenv) }
