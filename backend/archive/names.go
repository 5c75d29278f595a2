package archive

import (
	"archive/zip"
	"fmt"
	"path"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// CheckName validates one entry name and returns it normalised ("\" turned
// into "/"). It refuses, with an *EntryError wrapping ErrUnsafe, anything
// that could land outside the folder it is extracted into, and also every
// name that Windows cannot hold (see CheckStoredName and windowsProblem).
//
// A name ending in "/" is a directory entry; CheckName accepts it and
// returns it with the trailing "/" kept.
func CheckName(name string) (string, error) {
	clean, problem, err := CheckStoredName(name)
	if err != nil {
		return "", err
	}
	if problem != "" {
		return "", entryErr(name, ErrUnsafe, problem)
	}
	return clean, nil
}

// CheckStoredName is the check for what an archive may hold, in the Writer
// and in Open alike, so the Writer never writes an archive that Open would
// refuse. It refuses (ErrUnsafe) what is unsafe anywhere: NUL and control
// characters, absolute paths, drive letters, "..", "." and empty elements,
// names longer than a file system holds, and names that are not UTF-8.
//
// Names that are safe but that Windows cannot hold (':' and the other
// characters Windows forbids, an element ending in a dot or a space, a
// reserved device name such as CON) are accepted, and windowsProblem says
// what is wrong with them: such a photo is real data that a Linux restore
// keeps exactly, and that a Windows restore renames (PortableName) instead
// of losing it.
func CheckStoredName(name string) (clean, windowsProblem string, err error) {
	bad := func(reason string) (string, string, error) {
		return "", "", entryErr(name, ErrUnsafe, reason)
	}
	if name == "" {
		return bad("empty name")
	}
	if !utf8.ValidString(name) {
		return bad("name is not valid UTF-8")
	}
	if strings.IndexByte(name, 0) >= 0 {
		return bad("name contains a NUL byte")
	}
	n := strings.ReplaceAll(name, `\`, "/")
	if strings.HasPrefix(n, "/") {
		return bad("absolute path")
	}
	if len(n) >= 2 && n[1] == ':' && isASCIILetter(n[0]) {
		return bad("path starts with a drive letter")
	}
	dir := strings.HasSuffix(n, "/")
	body := strings.TrimSuffix(n, "/")
	if body == "" {
		return bad("empty name")
	}
	for _, elem := range strings.Split(body, "/") {
		if reason := checkElem(elem); reason != "" {
			return bad(reason)
		}
		if windowsProblem == "" {
			windowsProblem = windowsElemProblem(elem)
		}
	}
	// Belt and braces: the element checks above already imply this, but
	// IsLocal is the standard library's definition of "stays inside". On
	// Windows it also refuses the names Windows cannot hold (CON.jpg, a:b),
	// which are the windowsProblem ones that a Windows restore renames
	// (UsePortableNames) rather than refuses: for those the element checks
	// are the test, or no backup with such a photo could restore there.
	if (windowsProblem == "" && !filepath.IsLocal(filepath.FromSlash(body))) || path.Clean(body) != body {
		return bad("path is not local")
	}
	if dir {
		return body + "/", windowsProblem, nil
	}
	return body, windowsProblem, nil
}

// maxElemBytes is the longest file or folder name Linux file systems
// (ext4, tmpfs, btrfs) hold, in bytes; NTFS allows 255 UTF-16 units, never
// fewer bytes. Checked up front, a name that long is refused before a
// restore starts rather than half way through extracting.
const maxElemBytes = 255

func checkElem(elem string) string {
	switch elem {
	case "":
		return "empty path element (\"//\")"
	case ".":
		return "\".\" path element"
	case "..":
		return "\"..\" path element climbs out of the folder"
	}
	if len(elem) > maxElemBytes {
		return fmt.Sprintf("a name in it is %d bytes long, and file systems hold at most %d bytes per name", len(elem), maxElemBytes)
	}
	for _, r := range elem {
		if r < 0x20 || r == 0x7f {
			return "name contains a control character"
		}
	}
	return ""
}

// windowsForbidden are the characters Windows does not allow in a name
// (besides control characters, refused everywhere); ':' would also name an
// NTFS alternate data stream.
const windowsForbidden = `:<>"|?*`

// windowsElemProblem says why Windows cannot hold elem as a name, or "".
func windowsElemProblem(elem string) string {
	if i := strings.IndexAny(elem, windowsForbidden); i >= 0 {
		return "name contains " + elem[i:i+1] + ", which Windows does not allow in file names"
	}
	if last := elem[len(elem)-1]; last == '.' || last == ' ' {
		return "name element " + `"` + elem + `"` + " ends in a dot or space, which Windows drops"
	}
	if isReserved(elem) {
		return "name element " + `"` + elem + `"` + " is a reserved device name on Windows"
	}
	return ""
}

// PortableName is name (accepted by CheckStoredName) with every element
// Windows cannot hold changed into one it can: forbidden characters become
// "_", a trailing dot or space becomes "_", and a device name gets a "_"
// in front ("CON.jpg" -> "_CON.jpg", "a:b" -> "a_b"). Names Windows holds
// are returned unchanged. Two different names can give one result; Open
// keeps them apart (uniqueTargets).
func PortableName(name string) string {
	elems := strings.Split(name, "/")
	for i, e := range elems {
		if e == "" || windowsElemProblem(e) == "" {
			continue
		}
		e = strings.Map(func(r rune) rune {
			if strings.ContainsRune(windowsForbidden, r) {
				return '_'
			}
			return r
		}, e)
		if last := e[len(e)-1]; last == '.' || last == ' ' {
			e = e[:len(e)-1] + "_"
		}
		if isReserved(e) {
			e = "_" + e
		}
		elems[i] = e
	}
	return strings.Join(elems, "/")
}

// isReserved reports whether elem names a Windows device: the part before
// the first dot, without trailing spaces, compared without case ("nul.txt"
// and "Com1 .jpg" are devices too).
func isReserved(elem string) bool {
	base, _, _ := strings.Cut(elem, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(base) >= 4 && (strings.HasPrefix(base, "COM") || strings.HasPrefix(base, "LPT")) {
		switch base[3:] {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}

func isASCIILetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// foldKey is the form two names are compared in for "differ only in case":
// Windows and macOS file systems treat such names as one file.
func foldKey(name string) string { return strings.ToLower(name) }

// storeExts are formats that are already compressed: deflating them costs
// time and saves nothing (measured: JPEG, PNG, WebP at 99–100 %).
var storeExts = map[string]bool{
	".jpg": true, ".jpeg": true, ".png": true, ".gif": true, ".webp": true,
	".avif": true, ".heic": true, ".heif": true, ".jxl": true,
	".zip": true, ".gz": true, ".tgz": true, ".bz2": true, ".xz": true,
	".zst": true, ".7z": true, ".rar": true, ".br": true,
	".mp4": true, ".m4v": true, ".mov": true, ".mkv": true, ".webm": true,
	".mp3": true, ".m4a": true, ".aac": true, ".ogg": true, ".opus": true,
	".pdf": true, ".docx": true, ".xlsx": true, ".pptx": true, ".odt": true,
}

// MethodFor chooses how an entry is stored: zip.Store for formats that are
// already compressed, zip.Deflate for everything else (the database, the
// manifest, text, and .ico, whose BMP images shrink to a fraction).
func MethodFor(name string) uint16 {
	if storeExts[strings.ToLower(path.Ext(name))] {
		return zip.Store
	}
	return zip.Deflate
}
