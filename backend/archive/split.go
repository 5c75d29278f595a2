package archive

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// eocdSig starts the end of central directory record; it is the last
// record of a ZIP, at most 65,535 bytes of comment from the end.
var eocdSig = []byte("PK\x05\x06")

// splitPart reports which disk of a split (multi-part, "spanned") ZIP the
// file is, or 0 when it is a whole archive. Go's archive/zip ignores the
// disk numbers, so the last part of a split archive opens, and then every
// entry's local header seems damaged because its offsets are into other
// parts: say what it really is instead.
func splitPart(f io.ReaderAt, size int64) int {
	n := min(size, 22+65535)
	tail := make([]byte, n)
	if _, err := f.ReadAt(tail, size-n); err != nil {
		return 0
	}
	i := bytes.LastIndex(tail, eocdSig)
	if i < 0 || len(tail)-i < 22 {
		return 0
	}
	disk := binary.LittleEndian.Uint16(tail[i+4:])
	cdDisk := binary.LittleEndian.Uint16(tail[i+6:])
	if disk == 0xffff || cdDisk == 0xffff { // ZIP64: the real numbers are elsewhere; trust the rest
		return 0
	}
	return int(max(disk, cdDisk))
}

func splitErr(path string, part int) error {
	what := "the first part"
	if part > 0 {
		what = fmt.Sprintf("the last part (part %d)", part+1)
	}
	return entryErr(path, ErrUnsupported, "this file is "+what+" of a split ZIP archive (one backup cut into several files), "+
		"and this program reads only whole ZIP files. "+
		"Put all the parts (.z01, .z02, ..., .zip) in one folder and join them into one file, for example with "+
		"\"zip -s 0 backup.zip --out whole.zip\", then use the joined file")
}
