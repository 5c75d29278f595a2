package instance

import (
	"bufio"
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/godbus/dbus/v5"
	"github.com/wailsapp/wails/v2/pkg/options"
)

// sessionBus starts a private D-Bus session daemon for the test and points
// DBUS_SESSION_BUS_ADDRESS at it.
func sessionBus(t *testing.T) {
	t.Helper()
	bin, err := exec.LookPath("dbus-daemon")
	if err != nil {
		t.Skip("dbus-daemon is not installed (scripts/deps.sh installs dbus-x11, which brings it)")
	}
	cmd := exec.Command(bin, "--session", "--nofork", "--print-address=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dbus-daemon: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read dbus-daemon's address: %v", err)
	}
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", strings.TrimSpace(addr))
}

type receiver chan string

func (r receiver) SendMessage(message string) *dbus.Error { r <- message; return nil }

// firstInstance plays the running app's side as Wails v2.10.2 sets it up:
// the handler exported, then the name taken.
func firstInstance(t *testing.T, id string) receiver {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	name, path := busName(id)
	got := make(receiver, 1)
	if err := conn.Export(got, path, name); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(name, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("take %s: reply %v, %v", name, reply, err)
	}
	return got
}

func TestHandOverToTheRunningApp(t *testing.T) {
	sessionBus(t)
	got := firstInstance(t, "mahall-0123456789abcdef")

	ok, err := HandOver("mahall-0123456789abcdef", []string{"--data-dir", "/srv/mahali"}, "/home/volunteer")
	if err != nil || !ok {
		t.Fatalf("HandOver = %v, %v; want true (an app is running)", ok, err)
	}
	var data options.SecondInstanceData
	if err := json.Unmarshal([]byte(<-got), &data); err != nil {
		t.Fatal(err)
	}
	if strings.Join(data.Args, " ") != "--data-dir /srv/mahali" || data.WorkingDirectory != "/home/volunteer" {
		t.Errorf("the running app was told %+v", data)
	}
}

func TestHandOverWithNoAppRunning(t *testing.T) {
	sessionBus(t)
	got := firstInstance(t, "mahall-other-data-folder")

	ok, err := HandOver("mahall-0123456789abcdef", nil, "/")
	if err != nil || ok {
		t.Fatalf("HandOver = %v, %v; want false (no app runs on this data folder)", ok, err)
	}
	select {
	case m := <-got:
		t.Errorf("the app on another data folder was told %q", m)
	default:
	}
}

func TestHandOverWithoutASessionBus(t *testing.T) {
	t.Setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/bus")
	if ok, err := HandOver("mahall-0123456789abcdef", nil, "/"); ok || err == nil {
		t.Fatalf("HandOver = %v, %v; want false and the error", ok, err)
	}
}
