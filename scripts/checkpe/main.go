// Command checkpe checks the Windows executables that are built here but cannot be run here
// (Debian 12's wine stops Go 1.24+ binaries at start-up): each must be a PE file of the
// expected architecture and subsystem, carry an icon resource, and contain the version string
// the build stamped into it.
//
//	checkpe [-version V] KIND:PATH...
//
// KIND is gui or console (64-bit x86-64 Go programs), or gui32 (the 32-bit NSIS installer).
package main

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
)

const (
	subsystemGUI     = 2
	subsystemConsole = 3
	rtGroupIcon      = 14
)

type want struct {
	machine   uint16
	pe32plus  bool
	subsystem uint16
	stamped   bool // built by us with -X version; the installer is not
}

var kinds = map[string]want{
	"gui":     {pe.IMAGE_FILE_MACHINE_AMD64, true, subsystemGUI, true},
	"console": {pe.IMAGE_FILE_MACHINE_AMD64, true, subsystemConsole, true},
	"gui32":   {pe.IMAGE_FILE_MACHINE_I386, false, subsystemGUI, false},
}

func main() {
	version := flag.String("version", "", "version string every gui/console executable must contain")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: checkpe [-version V] gui|console|gui32:PATH...")
		os.Exit(2)
	}
	failed := 0
	for _, arg := range flag.Args() {
		kind, path, ok := strings.Cut(arg, ":")
		w, known := kinds[kind]
		if !ok || !known {
			fmt.Fprintf(os.Stderr, "checkpe: %q: want gui:PATH, console:PATH or gui32:PATH\n", arg)
			os.Exit(2)
		}
		desc, err := check(path, w, *version)
		if err != nil {
			fmt.Printf("FAIL %s: %v\n", path, err)
			failed++
			continue
		}
		fmt.Printf("ok   %s: %s\n", path, desc)
	}
	if failed > 0 {
		os.Exit(1)
	}
}

func check(path string, w want, version string) (string, error) {
	f, err := pe.Open(path)
	if err != nil {
		return "", fmt.Errorf("not a PE file: %w", err)
	}
	defer f.Close()

	if f.Machine != w.machine {
		return "", fmt.Errorf("machine 0x%04x, want 0x%04x", f.Machine, w.machine)
	}
	var subsystem uint16
	var format string
	var resDir pe.DataDirectory
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		subsystem, format = oh.Subsystem, "PE32+"
		if len(oh.DataDirectory) > pe.IMAGE_DIRECTORY_ENTRY_RESOURCE {
			resDir = oh.DataDirectory[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE]
		}
	case *pe.OptionalHeader32:
		subsystem, format = oh.Subsystem, "PE32"
		if len(oh.DataDirectory) > pe.IMAGE_DIRECTORY_ENTRY_RESOURCE {
			resDir = oh.DataDirectory[pe.IMAGE_DIRECTORY_ENTRY_RESOURCE]
		}
	default:
		return "", errors.New("no optional header")
	}
	if (format == "PE32+") != w.pe32plus {
		return "", fmt.Errorf("format %s, want PE32+=%v", format, w.pe32plus)
	}
	if subsystem != w.subsystem {
		return "", fmt.Errorf("subsystem %s, want %s", subsystemName(subsystem), subsystemName(w.subsystem))
	}
	if err := checkIcon(f, resDir); err != nil {
		return "", err
	}
	desc := fmt.Sprintf("%s %s, subsystem %s, icon resource", format, machineName(f.Machine), subsystemName(subsystem))
	if w.stamped && version != "" {
		data, err := os.ReadFile(path)
		if err != nil {
			return "", err
		}
		if !bytes.Contains(data, []byte(version)) {
			return "", fmt.Errorf("version %q not stamped into the executable", version)
		}
		desc += fmt.Sprintf(", version %s", version)
	}
	return desc, nil
}

// checkIcon looks for RT_GROUP_ICON among the top-level entries of the resource directory:
// Explorer, the taskbar and the Start menu shortcut take the program's icon from there.
func checkIcon(f *pe.File, dir pe.DataDirectory) error {
	if dir.VirtualAddress == 0 || dir.Size == 0 {
		return errors.New("no resources (no icon)")
	}
	for _, s := range f.Sections {
		if dir.VirtualAddress < s.VirtualAddress || dir.VirtualAddress >= s.VirtualAddress+s.VirtualSize {
			continue
		}
		data, err := s.Data()
		if err != nil {
			return fmt.Errorf("read section %s: %w", s.Name, err)
		}
		off := dir.VirtualAddress - s.VirtualAddress
		if int(off)+16 > len(data) {
			return errors.New("resource directory out of bounds")
		}
		named := binary.LittleEndian.Uint16(data[off+12:])
		ids := binary.LittleEndian.Uint16(data[off+14:])
		entries := data[off+16:]
		for i := 0; i < int(named)+int(ids); i++ {
			if (i+1)*8 > len(entries) {
				return errors.New("resource directory entries out of bounds")
			}
			id := binary.LittleEndian.Uint32(entries[i*8:])
			if id&0x80000000 == 0 && id == rtGroupIcon {
				return nil
			}
		}
		return errors.New("resources hold no icon (RT_GROUP_ICON)")
	}
	return errors.New("resource directory is in no section")
}

func subsystemName(s uint16) string {
	switch s {
	case subsystemGUI:
		return "GUI (2)"
	case subsystemConsole:
		return "console (3)"
	}
	return fmt.Sprintf("%d", s)
}

func machineName(m uint16) string {
	switch m {
	case pe.IMAGE_FILE_MACHINE_AMD64:
		return "x86-64"
	case pe.IMAGE_FILE_MACHINE_I386:
		return "i386"
	}
	return fmt.Sprintf("0x%04x", m)
}
