//go:build windows

package secret

import (
	"unsafe"

	"golang.org/x/sys/windows"
)

// description is stored inside the DPAPI blob in clear; it names the owner,
// never the secret.
var description, _ = windows.UTF16PtrFromString("Mahall Software cloud copy")

// protect seals data with DPAPI for the current Windows user: only that user,
// on this computer, can unseal it. CRYPTPROTECT_UI_FORBIDDEN because a
// background backup must never pop up a dialog.
func protect(data []byte) ([]byte, error) {
	var out windows.DataBlob
	if err := windows.CryptProtectData(blob(data), description, nil, 0, nil, windows.CRYPTPROTECT_UI_FORBIDDEN, &out); err != nil {
		return nil, err
	}
	return takeBlob(&out), nil
}

func unprotect(sealed []byte) ([]byte, error) {
	var out windows.DataBlob
	if err := windows.CryptUnprotectData(blob(sealed), nil, nil, 0, nil, windows.CRYPTPROTECT_UI_FORBIDDEN, &out); err != nil {
		return nil, err
	}
	return takeBlob(&out), nil
}

func blob(b []byte) *windows.DataBlob {
	if len(b) == 0 {
		return &windows.DataBlob{}
	}
	return &windows.DataBlob{Size: uint32(len(b)), Data: &b[0]}
}

// takeBlob copies a blob DPAPI allocated into Go memory and frees it.
func takeBlob(b *windows.DataBlob) []byte {
	if b.Data == nil {
		return nil
	}
	defer windows.LocalFree(windows.Handle(unsafe.Pointer(b.Data)))
	return append([]byte(nil), unsafe.Slice(b.Data, b.Size)...)
}
