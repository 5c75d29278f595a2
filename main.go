// Command mahall is the Mahall Software desktop app: the register's data
// folder with a first-run wizard and in-app backup and restore.
package main

import (
	"context"
	"embed"
	"log"
	"os"
	"strings"

	"github.com/wailsapp/wails/v2"
	"github.com/wailsapp/wails/v2/pkg/options"
	"github.com/wailsapp/wails/v2/pkg/options/assetserver"
	"github.com/wailsapp/wails/v2/pkg/options/linux"

	"mahall/backend/desktop"
	"mahall/backend/folder"
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
	layout, err := folder.Resolve(dataDirArg(os.Args[1:]))
	if err != nil {
		log.Fatal(err)
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
	})
	if err != nil {
		log.Fatal(err)
	}
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
