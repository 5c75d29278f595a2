// Command wineoverlay writes a go build -overlay that lets Go's Windows file removal work
// under wine 8, for test builds only.
//
// Go 1.26 deletes files on Windows with FILE_DISPOSITION_POSIX_SEMANTICS first, and falls back
// to the old way only on three status codes. Wine 8 answers STATUS_NOT_IMPLEMENTED, so every
// os.Remove and os.RemoveAll fails there with "Invalid function" (real Windows 10 and later
// support the call). The overlay is a copy of GOROOT's internal/syscall/windows/at_windows.go
// with that code added to the fallback cases. It changes no behaviour on real Windows and is
// never used for the programs we ship (the Makefile's build targets do not pass it).
//
// It refuses, loudly, to write anything if the file no longer has the shape it was written
// for: a patch applied to a different file would test something nobody looked at.
//
//	go run ./scripts/wineoverlay -out DIR   # writes DIR/at_windows.go and DIR/overlay.json
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
)

// The fallback cases of Deleteat as Go 1.26 writes them, matched byte for byte.
const fallbackCases = `	case STATUS_INVALID_INFO_CLASS, // the operating system doesn't support FileDispositionInformationEx
		STATUS_INVALID_PARAMETER, // the operating system doesn't support one of the flags
		STATUS_NOT_SUPPORTED:     // the file system doesn't support FILE_DISPOSITION_INFORMATION_EX or one of the flags
		return deleteatFallback(h)`

const patchedCases = `	case STATUS_INVALID_INFO_CLASS, // the operating system doesn't support FileDispositionInformationEx
		STATUS_INVALID_PARAMETER, // the operating system doesn't support one of the flags
		STATUS_NOT_SUPPORTED,     // the file system doesn't support FILE_DISPOSITION_INFORMATION_EX or one of the flags
		NTStatus(0xC0000002):     // STATUS_NOT_IMPLEMENTED: wine 8 (added by scripts/wineoverlay, tests only)
		return deleteatFallback(h)`

func main() {
	out := flag.String("out", "", "folder to write at_windows.go and overlay.json into")
	goroot := flag.String("goroot", runtime.GOROOT(), "GOROOT of the go that will use the overlay")
	flag.Parse()
	if *out == "" {
		fail("-out is required")
	}
	src := filepath.Join(*goroot, "src", "internal", "syscall", "windows", "at_windows.go")
	data, err := os.ReadFile(src)
	if err != nil {
		fail("read %s: %v", src, err)
	}
	text := string(data)
	if !strings.Contains(text, "func Deleteat(") {
		fail("%s has no func Deleteat: Go's file removal moved; look at it again and update scripts/wineoverlay", src)
	}
	if n := strings.Count(text, fallbackCases); n != 1 {
		fail("%s: deleteat's fallback cases found %d times, want exactly 1: the file's shape changed; look at it again and update scripts/wineoverlay", src, n)
	}
	if strings.Contains(text, "0xC0000002") || strings.Contains(text, "STATUS_NOT_IMPLEMENTED") {
		fail("%s already mentions STATUS_NOT_IMPLEMENTED: Go may handle wine now; check whether the overlay is still needed", src)
	}
	patched := strings.Replace(text, fallbackCases, patchedCases, 1)

	if err := os.MkdirAll(*out, 0o755); err != nil {
		fail("%v", err)
	}
	dst, err := filepath.Abs(filepath.Join(*out, "at_windows.go"))
	if err != nil {
		fail("%v", err)
	}
	if err := os.WriteFile(dst, []byte(patched), 0o644); err != nil {
		fail("%v", err)
	}
	overlay, _ := json.MarshalIndent(map[string]map[string]string{"Replace": {src: dst}}, "", "\t")
	if err := os.WriteFile(filepath.Join(*out, "overlay.json"), append(overlay, '\n'), 0o644); err != nil {
		fail("%v", err)
	}
	fmt.Println(filepath.Join(*out, "overlay.json"))
}

func fail(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "wineoverlay: "+format+"\n", args...)
	os.Exit(1)
}
