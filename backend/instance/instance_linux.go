package instance

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2/pkg/options"
)

// busName and busPath are the D-Bus name and object that Wails' first
// instance owns and exports for the id (v2.10.2's SetupSingleInstance).
func busName(id string) (name string, path dbus.ObjectPath) {
	wid := "wails_app_" + strings.ReplaceAll(strings.ReplaceAll(id, "-", "_"), ".", "_")
	return "org." + wid + ".SingleInstance", dbus.ObjectPath("/org/" + wid + "/SingleInstance")
}

func handOver(id string, args []string, dir string) (bool, error) {
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		return false, fmt.Errorf("single instance: connect to the session bus: %w", err)
	}
	defer conn.Close()
	name, path := busName(id)
	var running bool
	if err := conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, name).Store(&running); err != nil {
		return false, fmt.Errorf("single instance: ask the session bus about %s: %w", name, err)
	}
	if !running {
		return false, nil
	}
	msg, err := json.Marshal(options.SecondInstanceData{Args: args, WorkingDirectory: dir})
	if err != nil {
		return false, fmt.Errorf("single instance: %w", err)
	}
	if err := conn.Object(name, path).Call(name+".SendMessage", 0, string(msg)).Store(); err != nil {
		return false, fmt.Errorf("single instance: tell the running app (%s): %w", name, err)
	}
	return true, nil
}
