"""The first-run wizard's other walks in the real window, each on a fresh, empty data folder
(E2E_WALK, set by e2e/run.sh; the main walk is drive.py's):

- encrypted (issue 13): a password-protected backup chosen in the real GTK dialog; a wrong
  password first ("That password does not open this backup.", and the data folder unchanged),
  then the right one, the preview's counts, the restore, and the data on disk;
- cloud (issue 14): "Restore from my cloud copy", the connection form filled by role and name
  (another S3-compatible service: versitygw on 127.0.0.1, started by e2e/wizard_data.sh), the
  cloud copy found, its newest snapshot restored, and the data on disk;
- second (issue 15): the app started again on the same data folder exits at once and brings
  the first window forward, from minimised and from under another window (openbox runs for
  this walk, e2e/window.sh), and no second window appears.

It uses drive.py's way of finding and pressing things (by role and name, names from the
catalogs). Run by e2e/window.sh with Debian's /usr/bin/python3.

Usage: wizard_walks.py LANG   (environment: drive.py's, E2E_WALK, E2E_LOCALE, E2E_ENCRYPTED_ZIP,
E2E_BACKUP_PASSWORD, E2E_WRONG_PASSWORD, E2E_S3_ENDPOINT, E2E_S3_BUCKET, E2E_S3_ACCESS, E2E_S3_SECRET)"""
import os
import re
import sqlite3
import subprocess
import sys
import time

import drive
from drive import L, fail, heading, log, nodes, outcome, press, see, shot, template, until, xdo

WALK = os.environ["E2E_WALK"]
# Screenshots, texts and logs of this walk are named LANG-WALK-..., beside the main walk's LANG-...
drive.LANG = f"{drive.LANG}-{WALK}"
DATA = drive.DATA
PASSWORD = os.environ["E2E_BACKUP_PASSWORD"]


def files_under(folder):
    """Every file below folder (relative paths, sorted); none where it does not exist."""
    out = []
    for root, _, names in os.walk(folder):
        out += [os.path.relpath(os.path.join(root, n), folder) for n in names]
    return sorted(out)


def labelled(role, label):
    """The showing control of role whose label is label: a control inside its <label> is named
    by the label's words and then its own value ('Server address s3.example.com')."""
    return next((n for n in nodes(role) if n.name == label or n.name.startswith(label + " ")), None)


def entry(name, role="entry"):
    """The showing text entry labelled name (a password field's role is 'password text')."""
    return until(f"the {role} '{name}'", lambda: labelled(role, name))


def type_into(name, value, role="entry"):
    """Types value into the entry labelled name from the keyboard, as a person would (React
    sees its own input events), replacing what was there; then checks what the entry holds
    (a password field shows one bullet a character)."""
    n = entry(name, role)
    n.queryComponent().grabFocus()
    until(f"the focus in '{name}'", lambda: n.getState().contains(drive.pyatspi.STATE_FOCUSED))
    xdo("key", "--clearmodifiers", "ctrl+a")
    xdo("key", "--clearmodifiers", "BackSpace")
    xdo("type", "--delay", "20", value)
    want = value if role == "entry" else None
    until(f"'{name}' filled in", lambda: (lambda t: t == want if want is not None else len(t) == len(value))(n.queryText().getText(0, -1)))
    log(f"typed into {role} '{name}'")


def members_in(folder):
    db = sqlite3.connect(f"file:{os.path.join(folder, 'db.sqlite3')}?mode=ro", uri=True)
    try:
        return db.execute("SELECT COUNT(*) FROM society_member").fetchone()[0]
    finally:
        db.close()


def check_restored():
    """The restored data on disk: the sample's photos byte for byte and its members."""
    diff = subprocess.run(["diff", "-r", os.path.join(os.environ["E2E_SAMPLE"], "media"), os.path.join(DATA, "media")], capture_output=True, text=True)
    if diff.returncode != 0:
        fail(f"restored media differ from the sample's: {diff.stdout[:400]}{diff.stderr[:200]}")
    got = members_in(DATA)
    if str(got) != drive.MEMBERS:
        fail(f"the restored database holds {got} members, want {drive.MEMBERS}")
    log(f"restored media are the sample's, byte for byte; the database holds {got} members")


def start_wizard(choice):
    until("the app in the accessibility tree", drive.find_app)
    win = until("the app window", drive.app_window)
    xdo("windowmove", win, "0", "0")
    heading(L["wizard.welcomeTitle"])
    if choice:
        press(L[choice], role="check box")
        shot("choice-ticked")
        press(L["wizard.next"])
    return win


def encrypted():
    start_wizard("wizard.wantsRestore")
    heading(L["wizard.restoreTitle"])
    before = files_under(DATA)
    press(L["chooser.choose"])
    drive.dialog_path(L["chooser.dialogTitle"], os.environ["E2E_ENCRYPTED_ZIP"])
    until("the password prompt", lambda: nodes("heading", L["password.form"]))
    shot("password-prompt")

    type_into(L["password.label"], os.environ["E2E_WRONG_PASSWORD"], role="password text")
    press(L["password.open"])
    outcome(re.escape(L["password.wrong"]), "wrong password")
    shot("wrong-password")
    if nodes("heading", L["preview.title"]) or re.search(re.escape(L["preview.title"]), drive.page_text()):
        fail("a preview shows after a wrong password")
    after = files_under(DATA)
    if after != before or "db.sqlite3" in after:
        fail(f"the data folder changed after a wrong password: {before} -> {after}")
    log(f"the data folder is as it was, with no database: {after}")

    type_into(L["password.label"], PASSWORD, role="password text")
    press(L["password.open"])
    see(re.escape(L["preview.title"]) + ".*" + drive.counts_pattern(), "the preview's counts")
    shot("preview")
    press(L["wizard.restoreButton"])
    outcome(template("wizard.restored"), "restore done")
    shot("restored")
    check_restored()


def cloud():
    start_wizard("wizard.wantsCloud")
    heading(L["wizard.cloudTitle"])
    shot("cloud-step")
    # The provider: "another S3-compatible service" is the list's last choice; a closed select
    # takes the keyboard as a person uses it (End), and React sees the change.
    provider = until("the provider list", lambda: labelled("combo box", L["cloud.field.provider"]))
    provider.queryComponent().grabFocus()
    xdo("key", "--clearmodifiers", "End")
    until("the provider 'another S3-compatible service'", lambda: labelled("combo box", L["cloud.field.provider"]).name.endswith(L["cloud.otherProvider"]))
    type_into(L["cloud.field.endpoint"], os.environ["E2E_S3_ENDPOINT"])
    type_into(L["cloud.field.bucket"], os.environ["E2E_S3_BUCKET"])
    type_into(L["cloud.field.accessKey"], os.environ["E2E_S3_ACCESS"])
    type_into(L["cloud.field.secretKey"], os.environ["E2E_S3_SECRET"], role="password text")
    press(L["cloud.field.plainHttp"], role="check box")
    type_into(L["cloud.field.password"], PASSWORD, role="password text")
    shot("cloud-form")
    press(L["cloud.find"])
    # One snapshot (wizard_data.sh made one): the plural form for one.
    outcome(drive.filled("cloud.connected_one", n="1"), "the cloud copy found")
    shot("cloud-found")
    press(L["cloud.restoreButton"])
    outcome(template("wizard.restored"), "restore done")
    shot("restored")
    check_restored()


def windows_of_app():
    """The app's visible top-level X windows by their title, and its frames in the
    accessibility tree, across every process named mahall."""
    x = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^Mahall Software$"], capture_output=True, text=True).stdout.split()
    desktop = drive.pyatspi.Registry.getDesktop(0)
    frames = 0
    for i in range(desktop.childCount):
        a = desktop.getChildAtIndex(i)
        if a is not None and a.name == "mahall":
            frames += sum(1 for j in range(a.childCount) if a.getChildAtIndex(j).getRoleName() == "frame")
    return x, frames


def active_window():
    r = subprocess.run(["xdotool", "getactivewindow"], capture_output=True, text=True)
    return r.stdout.strip()


def start_second(why):
    """Starts the app again on the same data folder, in the same session and language; it must
    exit with code 0 by itself (the deadline only stops a hang), leaving one window."""
    env = dict(os.environ, LANG=os.environ["E2E_LOCALE"], LC_ALL="", LC_MESSAGES="", LANGUAGE="", MAHALL_DATA_DIR=DATA)
    with open(os.path.join(drive.OUT, f"{drive.LANG}-second-app.log"), "a", encoding="utf-8") as logf:
        p = subprocess.Popen([os.environ["E2E_APP"]], env=env, stdout=logf, stderr=subprocess.STDOUT)
        try:
            rc = p.wait(timeout=drive.TIMEOUT)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            fail(f"the second start ({why}) did not exit: it opened a window of its own")
    if rc != 0:
        fail(f"the second start ({why}) exited with code {rc}, want 0")
    log(f"the second start ({why}) exited with code 0")


def second():
    win = start_wizard(None)
    shot("first-window")
    xwins, frames = windows_of_app()
    if xwins != [win] or frames != 1:
        fail(f"before the second start: want one window {win}, found X windows {xwins} and {frames} frames")

    # Minimised, then started again: the first window comes back and is the active one.
    xdo("windowminimize", "--sync", win)
    until("the window minimised", lambda: win not in windows_of_app()[0])
    shot("minimised")
    start_second("over a minimised window")
    until(f"the first window {win} shown and active again", lambda: win in windows_of_app()[0] and active_window() == win)
    shot("forward-from-minimised")

    # Covered by another window, then started again: the first window comes to the front.
    cover_img = os.path.join(drive.WORK, "cover.png")
    subprocess.run(["convert", "-size", "1400x900", "xc:#8a2be2", cover_img], check=True)
    cover = subprocess.Popen(["display", "-title", "e2e cover", "-geometry", "+0+0", cover_img])
    try:
        cover_win = until("the covering window", lambda: next(iter(subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "^e2e cover"], capture_output=True, text=True).stdout.split()), None))
        xdo("windowactivate", cover_win)
        until("the covering window active", lambda: active_window() == cover_win)
        shot("covered")
        start_second("under another window")
        until(f"the first window {win} active again", lambda: active_window() == win)
        shot("forward-from-covered")
    finally:
        cover.kill()
        cover.wait()

    xwins, frames = windows_of_app()
    if xwins != [win] or frames != 1:
        fail(f"after the second starts: want one window {win}, found X windows {xwins} and {frames} frames")
    heading(L["wizard.welcomeTitle"])  # still the live first window, in the wizard
    log("one window, brought forward by each second start")


if __name__ == "__main__":
    {"encrypted": encrypted, "cloud": cloud, "second": second}[WALK]()
    log("PASS")
