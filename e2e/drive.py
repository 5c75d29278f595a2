"""Drives the real app window through its accessibility tree (AT-SPI), the way Testing Library
finds things in the component tests: buttons by role and name, outcomes from the `status` and
`alert` regions, headings by name. Names come from the frontend's catalogs in the language under
test (catalog.py), so the same walk runs in English and in Malayalam. GTK's file dialogs are
given their path by typing it (Ctrl+L), as a keyboard user would. The walk ends with issue 12's
automatic backups: a backup folder set in the settings card, Back Up Now, the "Last backup"
status, the new backup's row in the history and the file checked with the CLI.

Run by e2e/window.sh inside dbus-run-session, with Debian's /usr/bin/python3 (it has pyatspi).
Every wait has a deadline (E2E_TIMEOUT); none is a timing assertion.

Usage: drive.py LANG   (environment: E2E_OUT, E2E_WORK, E2E_DATA, E2E_CLI, E2E_MEMBERS, ...)"""
import json
import os
import re
import subprocess
import sys
import time

import pyatspi

import catalog

LANG = sys.argv[1]
L = catalog.load(LANG)
OUT = os.environ["E2E_OUT"]
WORK = os.environ["E2E_WORK"]
DATA = os.environ["E2E_DATA"]
CLI = os.environ["E2E_CLI"]
SAMPLE_ZIP = os.environ["E2E_SAMPLE_ZIP"]
MEMBERS, HOUSES = os.environ["E2E_MEMBERS"], os.environ["E2E_HOUSES"]
TIMEOUT = float(os.environ.get("E2E_TIMEOUT", "120"))
APP_PID = os.environ["E2E_APP_PID"]
step_no = 0


def log(msg):
    print(f"e2e[{LANG}]: {msg}", flush=True)


def fail(msg):
    shot("failure")
    with open(os.path.join(OUT, f"{LANG}-tree-at-failure.txt"), "w", encoding="utf-8") as f:
        f.write(dump(document()) if find_app() else "(no app)")
    sys.exit(f"e2e[{LANG}]: FAIL: {msg}")


def shot(name):
    global step_no
    step_no += 1
    path = os.path.join(OUT, f"{LANG}-{step_no:02d}-{name}.png")
    subprocess.run(["import", "-window", "root", path], stderr=subprocess.DEVNULL, check=False)
    log(f"screenshot {os.path.basename(path)}")


def until(what, probe):
    """Returns probe()'s first truthy value, or fails after the deadline."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        try:
            v = probe()
        except Exception:  # the tree changes under us while the page re-renders
            v = None
        if v:
            return v
        time.sleep(0.5)
    fail(f"never saw {what}")


# --- the tree ---------------------------------------------------------------------------------


def find_app():
    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        if a is not None and a.name == "mahall":
            return a
    return None


def walk(node):
    if node is None:
        return
    yield node
    for i in range(node.childCount):
        yield from walk(node.getChildAtIndex(i))


def document():
    for n in walk(find_app()):
        if n.getRoleName() == "document web":
            return n
    return None


def showing(n):
    s = n.getState()
    return s.contains(pyatspi.STATE_SHOWING) or s.contains(pyatspi.STATE_VISIBLE)


def nodes(role, name=None, root=None):
    found = []
    for n in walk(root or document()):
        if n.getRoleName() == role and (name is None or n.name == name) and showing(n):
            found.append(n)
    return found


def text(node):
    """What node reads as: its text with embedded children's text put in their places."""
    try:
        t = node.queryText().getText(0, -1)
    except NotImplementedError:
        t = None
    kids = [node.getChildAtIndex(i) for i in range(node.childCount)]
    if t is None:
        return " ".join(text(k) for k in kids) if kids else (node.name or "")
    parts, k = [], iter(kids)
    for ch in t:
        parts.append(text(next(k, None)) if ch == "\ufffc" else ch)
    return "".join(p or "" for p in parts)


def page_text():
    return re.sub(r"\s+", " ", text(document()))


def dump(node, depth=0):
    lines = [f"{'  ' * depth}{node.getRoleName()} {node.name!r}"]
    for i in range(node.childCount):
        lines.append(dump(node.getChildAtIndex(i), depth + 1))
    return "\n".join(lines)


def template(key):
    """A regular expression for catalog string key with its {{placeholders}} as wildcards."""
    parts = re.split(r"\{\{\w+\}\}", catalog.plain(L[key]))
    return ".*?".join(re.escape(p.strip()) for p in parts if p.strip())


# --- actions ----------------------------------------------------------------------------------


def enabled(n):
    return n.getState().contains(pyatspi.STATE_ENABLED) and n.getState().contains(pyatspi.STATE_SENSITIVE)


def press(name, role="push button"):
    """Presses the enabled control named name (its accessible name, shortcut hints excluded)."""
    n = until(f"an enabled {role} '{name}'", lambda: next((b for b in nodes(role, name) if enabled(b)), None))
    n.queryAction().doAction(0)
    time.sleep(0.3)
    log(f"pressed {role} '{name}'")


def heading(name):
    until(f"the heading '{name}'", lambda: nodes("heading", name))


def outcome(pattern, what):
    """Waits for a status or alert region whose text matches pattern; fails at once on an
    alert that does not (an error the walk did not expect)."""
    rx = re.compile(pattern)

    def probe():
        for role in ("status bar", "notification", "alert"):
            for n in nodes(role):
                t = re.sub(r"\s+", " ", text(n))
                if rx.search(t):
                    return t
        return None

    t = until(what, probe)
    with open(os.path.join(OUT, f"{LANG}-text-{step_no + 1:02d}-{what.replace(' ', '_')}.txt"), "w", encoding="utf-8") as f:
        f.write(page_text() + "\n")
    log(f"{what}: {t[:160]}")
    return t


def see(pattern, what):
    rx = re.compile(pattern)
    t = until(what, lambda: (lambda s: s if rx.search(s) else None)(page_text()))
    return t


def xdo(*args):
    subprocess.run(["xdotool", *args], check=False, stderr=subprocess.DEVNULL)


def app_window():
    out = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Mahall Software$"], capture_output=True, text=True)
    ids = out.stdout.split()
    return ids[0] if ids else None


def dialog_open(title):
    """Whether the app shows a dialog titled title, as the accessibility tree names it (X's
    WM_NAME is no help here: without an ml_IN locale in the C library GTK writes a Malayalam
    title there as question marks)."""
    app = find_app()
    for i in range(app.childCount):
        w = app.getChildAtIndex(i)
        if w is not None and w.name == title and w.getRoleName() in ("file chooser", "dialog") and showing(w):
            return True
    return False


def location_text(title):
    """What the location entry of the dialog titled title reads; None while there is none."""
    app = find_app()
    for i in range(app.childCount):
        w = app.getChildAtIndex(i)
        if w is None or w.name != title:
            continue
        for n in walk(w):
            if n.getRoleName() == "text" and showing(n):
                return n.queryText().getText(0, -1)
    return None


def location_typed(title, path, retype):
    """Whether the location entry of the dialog titled title reads path. A separator that
    completion put after it is deleted (BackSpace removes just the selected completion, or the
    separator itself); anything else is typed again (retype): on a loaded machine the entry
    can lose the first keys, typed before it had the focus. False makes the caller look again."""
    t = location_text(title)
    if t == path:
        return True
    if t is not None and t.rstrip(os.sep) == path:
        xdo("key", "--clearmodifiers", "BackSpace")
    else:
        retype()
    return False


def other_window():
    """The visible X window of the app that is not its main window: the open dialog."""
    main = app_window()
    ids = subprocess.run(["xdotool", "search", "--onlyvisible", "--pid", str(APP_PID)], capture_output=True, text=True).stdout.split()
    named = [i for i in ids if i != main and subprocess.run(["xdotool", "getwindowname", i], capture_output=True).stdout.strip()]
    return named[-1] if named else None


def dialog_path(title, path, folder=False):
    """Types path into the GTK file dialog titled title (Ctrl+L, the location entry), then Return.
    In a folder dialog GTK's completion adds a separator after a folder's name, which leaves
    the dialog nothing chosen (its Open button off): that separator is taken away again."""
    until(f"the dialog '{title}'", lambda: dialog_open(title))
    dlg = until(f"the X window of the dialog '{title}'", other_window)
    time.sleep(1)
    xdo("windowfocus", dlg)
    time.sleep(0.5)
    if folder:
        # The dialog opens on Recent, where a folder dialog has nothing to choose (its Open
        # button stays off whatever is typed): Alt+Home goes to a real folder first.
        xdo("key", "--clearmodifiers", "alt+Home")
        time.sleep(1)
    def retype():
        xdo("key", "--clearmodifiers", "ctrl+l")
        time.sleep(0.5)
        xdo("key", "--clearmodifiers", "ctrl+a")
        xdo("type", "--delay", "20", path)
        time.sleep(1)

    retype()
    until(f"the path typed whole (no separator after it) in '{title}'", lambda: location_typed(title, path, retype))
    shot("dialog")
    xdo("key", "Return")
    if folder:
        time.sleep(1.5)
        if dialog_open(title):  # it went into the folder: Return again chooses the one it is in
            xdo("key", "Return")
    until(f"the dialog '{title}' to close", lambda: not dialog_open(title))
    win = app_window()
    if win:
        xdo("windowfocus", win)


def counts_pattern():
    return rf"{re.escape(L['facts.members'])}\s*{MEMBERS}\s*{re.escape(L['facts.houses'])}\s*{HOUSES}"


# --- the walk ---------------------------------------------------------------------------------


def main():
    until("the app in the accessibility tree", find_app)
    win = until("the app window", app_window)
    xdo("windowmove", win, "0", "0")

    # Step 1, Welcome: the language follows the system's (LANG), so the heading is in it.
    heading(L["wizard.welcomeTitle"])
    shot("welcome")
    press(L["wizard.wantsRestore"], role="check box")
    shot("restore-ticked")
    press(L["wizard.next"])

    # Step 2, Restore from Backup, through the real GTK open dialog.
    heading(L["wizard.restoreTitle"])
    shot("restore-step")
    press(L["chooser.choose"])
    dialog_path(L["chooser.dialogTitle"], SAMPLE_ZIP)
    until("the backup's preview", lambda: nodes("landmark", L["preview.region"]) or nodes("section", L["preview.region"]) or nodes("panel", L["preview.region"]))
    see(re.escape(L["preview.title"]) + ".*" + counts_pattern(), "the preview's counts")
    shot("preview")
    press(L["wizard.restoreButton"])
    outcome(template("wizard.restored"), "restore done")
    shot("restored")

    diff = subprocess.run(["diff", "-r", os.path.join(os.environ["E2E_SAMPLE"], "media"), os.path.join(DATA, "media")], capture_output=True, text=True)
    if diff.returncode != 0:
        fail(f"restored media differ from the sample's: {diff.stdout[:400]}")
    log("restored media are the sample's, byte for byte")

    # Step 3, Installation, then the main window with the restored counts.
    press(L["wizard.next"])
    heading(L["wizard.installTitle"])
    shot("installation-step")
    press(L["wizard.installButton"])
    heading(L["overview.title"])
    see(counts_pattern(), "the main window's restored counts")
    see(template("overview.restoredFrom"), "where the data came from")
    shot("main-window")
    log(f"main window shows {MEMBERS} members and {HOUSES} houses")
    # The widest and the smallest window (main.go's MinWidth x MinHeight), for the screenshots.
    for w, h, name in (("1920", "1080", "main-window-1920x1080"), ("760", "560", "main-window-smallest")):
        xdo("windowsize", win, w, h)
        time.sleep(1.5)
        shot(name)
    xdo("windowsize", win, "1100", "760")
    time.sleep(1)

    # The release (the tag) in the header, the commit in the About line: the CLI's version.
    v = subprocess.run([CLI, "--version"], capture_output=True, text=True).stdout.split()[-1]
    m = re.match(r"^(.*?)(?:-(\d+)-g([0-9a-f]+))?(-dirty)?$", v)
    tag, commit = (m.group(1), m.group(3)) if m.group(3) else ((None, m.group(1)) if re.fullmatch(r"[0-9a-f]{7,}", m.group(1)) else (m.group(1), None))
    if tag:
        see(re.escape(catalog.plain(L["app.versionValue"]).replace("{{version}}", tag)), "the release in the header")
    if commit:
        see(re.escape(commit), "the commit in the About line")
    log(f"the window shows the version the CLI reports ({v})")

    # Issue 12's first-run ask: no backup folder is set, so the window asks for one off the
    # data's disk and says why.
    heading(L["destinationAsk.title"])
    see(re.escape(L["destinationAsk.why"][:40]), "why the window asks for a backup folder")
    until("the ask's buttons", lambda: nodes("push button", L["destinationAsk.choose"]) and nodes("push button", L["destinationAsk.notNow"]))
    into_view(nodes("heading", L["destinationAsk.title"])[0])
    shot("destination-ask")

    # Create Backup through the real GTK save dialog, then the CLI checks the file.
    press(L["backup.button"])
    zip_path = os.path.join(WORK, f"e2e backup {LANG}.zip")
    dialog_path(L["backup.dialogTitle"], zip_path)
    outcome(template("backup.saved"), "backup done")
    until("the Open Folder and Copy Path buttons", lambda: nodes("push button", L["backup.openFolder"]) and nodes("push button", L["backup.copyPath"]))
    shot("backup-done")
    r = subprocess.run([CLI, "verify", zip_path], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"verify of the app's backup failed: {r.stdout[-400:]} {r.stderr[-400:]}")
    got = json.loads(subprocess.run([CLI, "inspect", zip_path, "--json"], capture_output=True, text=True).stdout)
    if str(got["tables"]["society_member"]) != MEMBERS:
        fail(f"the app's backup holds {got['tables']['society_member']} members, want {MEMBERS}")
    log(f"the app's backup verifies and holds {MEMBERS} members")

    # The restore confirmation, over data with as many members: no loss to warn of; Keep My Data.
    press(L["chooser.choose"])
    dialog_path(L["chooser.dialogTitle"], zip_path)
    press(L["restore.button"])
    until("the restore confirmation", lambda: nodes("alert", L["restore.confirmTitle"]) or nodes("dialog", L["restore.confirmTitle"]))
    shot("restore-confirmation")
    press(L["restore.keep"])
    shot("kept")

    automatic_backup(win)
    log("PASS")


# The folder dialog's title is the Go side's (app_auto.go, ChooseDestinationFolder), in English
# in both languages: it is not in the frontend's catalogs.
FOLDER_DIALOG = "Choose a folder for backups (a USB drive or another disk)"


def squeezed(n):
    """n's name and text without any white space: a path shown in parts (Path.tsx) reads
    whole again."""
    return re.sub(r"\s+", "", (n.name or "") + "|" + text(n))


def into_view(n):
    """Scrolls the page so that n is on screen, for the screenshot."""
    try:
        n.queryComponent().scrollTo(pyatspi.SCROLL_TOP_EDGE)
    except Exception:  # an older AT-SPI without scrollTo: the screenshot shows less, no assertion
        pass
    time.sleep(1)


def filled(key, **values):
    """A regular expression for catalog string key with the given placeholders filled in
    (escaped) and the others as wildcards."""
    s = catalog.plain(L[key])
    out = []
    for part in re.split(r"(\{\{\w+\}\})", s):
        m = re.fullmatch(r"\{\{(\w+)\}\}", part)
        if m:
            out.append(re.escape(values[m.group(1)]) if m.group(1) in values else ".*?")
        elif part.strip():
            out.append(r"\s*".join(re.escape(w) for w in part.split()))
    return r"\s*".join(out)


def items(name):
    """The list items of the list named name. WebKit exposes a <ul> as a `list` only while it
    looks like one: styled `list-style: none` (the history's), it is a `panel` (its entries
    still `list item`s, named by their text). So the list is found by role `list` or `panel`
    and its accessible name, its entries by role `list item`."""
    return [k for lst in nodes("list", name) + nodes("panel", name) for k in nodes("list item", root=lst)]


def automatic_backup(win):
    """Issue 12: a backup folder chosen in the settings card through the real GTK folder dialog,
    the daily schedule kept, saved; Back Up Now; then the status line names the folder, the
    history lists the new backup in it, and the file there passes the CLI's verify."""
    dest = os.path.join(WORK, f"auto-backups-{LANG}")
    os.makedirs(dest)
    xdo("windowsize", win, "1920", "1080")
    time.sleep(1)

    heading(L["settings.title"])
    press(L["settings.add"])
    dialog_path(FOLDER_DIALOG, dest, folder=True)
    where = until(f"the folder {dest} in the settings' list", lambda: next(
        (n for n in items(L["settings.where"]) if dest + "|" in squeezed(n) or squeezed(n).startswith(dest)), None))
    log(f"the settings list the backup folder: {text(where).strip()[:160]}")

    def daily():
        return next((n for n in nodes("radio button") if n.name.strip() == L["settings.daily"].strip()), None)

    if not until("the daily schedule's radio button", daily).getState().contains(pyatspi.STATE_CHECKED):
        press(daily().name, role="radio button")
    until("the daily schedule chosen", lambda: daily().getState().contains(pyatspi.STATE_CHECKED))
    into_view(nodes("heading", L["settings.title"])[0])
    shot("settings")
    press(L["settings.save"])
    outcome(re.escape(L["settings.saved"]), "settings saved")
    shot("settings-saved")

    # Back Up Now: the status line then says the last backup is in that folder (named by its
    # last part, as a drive would be: backend/auto's DriveName).
    press(L["autoBackup.backUpNow"])
    last = re.compile(filled("autoBackup.last", where=os.path.basename(dest)))
    # The status line's words sit in sections that AT-SPI gives no text for here: the walk
    # checks its level (its accessible name), the screenshot shows its words.
    lastline = re.compile(template("autoBackup.last"))
    st = until("the status line 'Backups are up to date' saying when the last backup was", lambda: [
        n for n in nodes("status bar", L["autoBackup.green"]) if lastline.search(re.sub(r"\s+", " ", text(n)))])
    log(f"the status line: {st[0].name}; its text: {text(st[0])!r}; matches: {bool(last.search(page_text()))}")
    # The schedule's first run comes a minute after the start: into the data folder if it came
    # before the folder was saved, into dest if after, and then Back Up Now finds nothing
    # changed there. Either way dest holds one backup, which the history must list.
    ok, same = re.compile(filled("autoBackup.ok")), re.compile(filled("autoBackup.unchanged"))
    until("the backup's outcome in the chosen folder", lambda: any(
        (ok.search(squeezed(n)) and dest + os.sep in squeezed(n)) or (same.search(squeezed(n)) and dest in squeezed(n)) for n in nodes("list item")))
    into_view(nodes("heading", L["autoBackup.title"])[0])
    shot("last-backup-status")

    files = [f for f in os.listdir(dest) if f.endswith(".zip")]
    if len(files) != 1:
        fail(f"want one backup in {dest} after Back Up Now, found {sorted(os.listdir(dest))}")
    zip_path = os.path.join(dest, files[0])
    row = until(f"the history row of {zip_path}", lambda: next(
        (n for n in items(L["history.list"]) if zip_path in squeezed(n)), None))
    with open(os.path.join(OUT, f"{LANG}-tree-history.txt"), "w", encoding="utf-8") as f:
        f.write(dump(document()))  # what WebKit exposes, for the next change to the page
    row_text = re.sub(r"\s+", " ", row.name or text(row)).strip()
    log(f"the history lists the new backup: {row_text[:200]}")
    # "not checked" holds "checked" in English: the row must say the one and not the other.
    if L["history.checked"] not in row_text or L["history.notChecked"] in row_text:
        fail(f"the history row of {zip_path} does not say '{L['history.checked']}': {row_text[:300]}")
    into_view(nodes("heading", L["history.title"])[0])
    shot("history")

    r = subprocess.run([CLI, "verify", zip_path], capture_output=True, text=True)
    if r.returncode != 0:
        fail(f"verify of the automatic backup failed: {r.stdout[-400:]} {r.stderr[-400:]}")
    got = json.loads(subprocess.run([CLI, "inspect", zip_path, "--json"], capture_output=True, text=True).stdout)
    if str(got["tables"]["society_member"]) != MEMBERS:
        fail(f"the automatic backup holds {got['tables']['society_member']} members, want {MEMBERS}")
    log(f"the automatic backup {files[0]} verifies and holds {MEMBERS} members")

    # The folder chosen here is on the data's disk (both are under /tmp): the first-run ask
    # still shows, now saying so in plain words; Not Now puts it away for good.
    see(re.escape(L["destinationAsk.sameDisk"][:40]), "the ask saying the folder is on the data's disk")
    into_view(nodes("heading", L["destinationAsk.title"])[0])
    shot("destination-ask-same-disk")
    press(L["destinationAsk.notNow"])
    until("the ask put away", lambda: not nodes("heading", L["destinationAsk.title"]))
    with open(os.path.join(DATA, "settings.json"), encoding="utf-8") as f:
        saved = json.load(f)
    if saved.get("destinationNotNow") is not True or [d["path"] for d in saved.get("destinations", [])] != [dest]:
        fail(f"settings.json after Not Now: {saved}")
    log("Not Now is kept in settings.json, beside the backup folder")


if __name__ == "__main__":
    main()
