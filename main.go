// Command mahall is the Mahall Software desktop app: the register's data
// folder with a first-run wizard and in-app backup and restore.
package main

import (
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"
	wailsruntime "github.com/wailsapp/wails/v2/pkg/runtime"

	"mahall/backend/desktop"
	"mahall/backend/folder"
	"mahall/backend/instance"
	"mahall/backend/memlimit"
	"mahall/backend/uierr"
)

// frontend/dist holds a committed placeholder so this compiles (and go vet
// and go test run) before the frontend has been built.
//
//go:embed all:frontend/dist
var assets embed.FS

// The window's icon on Linux; Windows takes it from the executable, which
// wails build makes from build/windows/icon.ico.
//
//go:embed build/appicon.png
var icon []byte

func main() {
	memlimit.Set()
	layout, err := folder.Resolve(dataDirArg(os.Args[1:]))
	if err != nil {
		log.Fatal(err)
	}
	id := instanceID(layout.Root)
	// A second start on the same data folder brings the open window forward
	// and ends, with exit code 0 (Wails' lock below does the same but ends
	// with 1 on Linux). Where this cannot tell, the lock below still decides.
	wd, _ := os.Getwd()
	if forwarded, err := instance.HandOver(id, os.Args[1:], wd); forwarded {
		os.Exit(0)
	} else if err != nil {
		log.Printf("%v (the window opens; the data folder's lock keeps two windows apart)", err)
	}
	app := NewApp(layout, func(ctx context.Context) desktop.Runtime { return desktop.NewWails(ctx) })
	err = wails.Run(&options.App{
		Title:            "Mahall Software",
		Width:            1100,
		Height:           760,
		MinWidth:         760,
		MinHeight:        560,
		AssetServer:      &assetserver.Options{Assets: assets},
		BackgroundColour: &options.RGBA{R: 245, G: 246, B: 248, A: 255},
		OnStartup:        app.startup,
		OnShutdown:       app.shutdown,
		// A backup on close keeps the window open until it ends; closing
		// again cancels it.
		OnBeforeClose: app.beforeClose,
		Bind:          []any{app},
		// A bound method's error reaches the UI as {code, message}
		// (frontend/src/api/errors.ts), and the codes become a TypeScript enum.
		ErrorFormatter: func(err error) any { return uierr.From(err) },
		EnumBind:       []any{uierr.EnumBind},
		Linux:          &linux.Options{Icon: icon, ProgramName: "mahall"},
		// A second start on the same data folder brings this window forward
		// and exits, instead of opening a second window that goes stale when
		// this one restores. (On Linux the lock is a D-Bus name on the
		// session bus; without a session bus each start opens its own window,
		// and the data folder's lock still keeps their operations apart.)
		SingleInstanceLock: &options.SingleInstanceLock{
			UniqueId: id,
			OnSecondInstanceLaunch: func(options.SecondInstanceData) {
				if app.ctx == nil {
					return // not started yet: the window comes up by itself
				}
				wailsruntime.WindowUnminimise(app.ctx)
				wailsruntime.WindowShow(app.ctx)
			},
		},
		// A backup file dropped on the window opens its preview
		// (frontend/src/api: onFileDrop); the webview's own drop, which would
		// navigate to the file, is off.
		DragAndDrop: &options.DragAndDrop{EnableFileDrop: true, DisableWebViewDrop: true},
	})
	if err != nil {
		log.Fatal(err)
	}
}

// instanceID names the single-instance lock after the data folder, so two
// windows on different data folders may run side by side. The same folder
// spelled differently (relative, trailing separator, case on Windows) is the
// same instance.
func instanceID(root string) string {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	root = filepath.Clean(root)
	if runtime.GOOS == "windows" {
		root = strings.ToLower(root)
	}
	sum := sha256.Sum256([]byte(root))
	return "mahall-" + hex.EncodeToString(sum[:8])
}

// dataDirArg finds "--data-dir DIR" or "--data-dir=DIR" (one dash works
// too) among the arguments and ignores the rest, which belong to the
// toolkit or the Wails dev server.
func dataDirArg(args []string) string {
	for i, arg := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(arg, "-"), "=")
		if !strings.HasPrefix(arg, "-") || name != "data-dir" {
			continue
		}
		if hasValue {
			return value
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}
