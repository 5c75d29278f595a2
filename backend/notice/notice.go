// Package notice owns every warning the program gives about a backup, a
// restore or the settings: what kind it is (Code), the facts it names
// (Params: paths, drive names, counts, technical detail) and its plain
// English words (Text, what the CLI prints).
//
// The window shows a notice in its own language from the catalog by Code
// with Params (frontend/src/i18n), so Go code never builds warning text
// inline: each kind has one constructor here, and Codes lists them for the
// fixture the frontend's tests check their words against.
package notice

import (
	"fmt"
	"strconv"
)

// Notice is one warning. Text is the English sentence; Params hold what it
// names, by the same keys the catalog's words use ({{path}}, {{count}}).
type Notice struct {
	Code   string            `json:"code"`
	Params map[string]string `json:"params"`
	Text   string            `json:"text"`
}

// String is the English text, so a CLI prints a notice as it printed the
// warning string before.
func (n Notice) String() string { return n.Text }

// Texts is the English text of each notice, for output that stays a list of
// strings (the CLI's inspect --json).
func Texts(ns []Notice) []string {
	out := make([]string, len(ns))
	for i, n := range ns {
		out[i] = n.Text
	}
	return out
}

// The codes: the contract with the frontend's catalog. Add at the end of
// Codes; never rename one.
const (
	// backend/backup
	PhotoMissing       = "photoMissing"       // a member's photo is not in the media folder
	PhotosMissingMore  = "photosMissingMore"  // and this many more (the list is cut)
	PhotoRemoved       = "photoRemoved"       // a photo was removed while the backup ran
	PhotoReplaced      = "photoReplaced"      // a photo became a link or another file while the backup ran
	MediaSymlink       = "mediaSymlink"       // a media file is a symbolic link: not backed up
	MediaNotRegular    = "mediaNotRegular"    // a media entry is not an ordinary file
	MediaBadName       = "mediaBadName"       // a media file's name cannot be held in a backup
	MediaCaseTwin      = "mediaCaseTwin"      // two names differ only in capital letters
	MediaUnportable    = "mediaUnportable"    // photo names Windows cannot hold (backed up as they are)
	RolledBack         = "rolledBack"         // an unfinished change in the register was undone
	SafetyDamaged      = "safetyDamaged"      // the safety backup holds a damaged register as it was
	NotProtected       = "notProtected"       // the backup is not encrypted: the settings could not be read
	LegacySidecar      = "legacySidecar"      // an old backup holds a -wal/-journal beside the database
	LegacyNoChecksums  = "legacyNoChecksums"  // an old backup has no manifest
	NoCRC              = "noCrc"              // a file in an old backup has no CRC-32
	ArchiveUnportable  = "archiveUnportable"  // names in the backup Windows cannot hold
	HoldsDamaged       = "holdsDamaged"       // this backup holds a damaged register
	NoPhotosKept       = "noPhotosKept"       // the backup has no photos: the current ones stay
	PhotosNotInBackup  = "photosNotInBackup"  // member photos named in the database are not in the backup
	RestoredOverDamage = "restoredOverDamage" // the register replaced by a restore was damaged; kept in the safety backup
	NoFolderSet        = "noFolderSet"        // no backup folder: backups go to DATA/backups on the data's disk
	SameDisk           = "sameDisk"           // a backup folder is on the data's disk
	HistoryNotSaved    = "historyNotSaved"    // the backup history could not be saved
	FolderNotThere     = "folderNotThere"     // a backup folder is not there (an unplugged drive)
	TaskNotSet         = "taskNotSet"         // the Windows scheduled task could not be set
	CloudNotListed     = "cloudNotListed"     // the cloud copy's snapshots could not be listed
	CloudPartly        = "cloudPartly"        // the cloud snapshot was made, but retention or upkeep failed
)

// Codes lists every code, for the frontend fixture.
var Codes = []string{
	PhotoMissing, PhotosMissingMore, PhotoRemoved, PhotoReplaced, MediaSymlink, MediaNotRegular,
	MediaBadName, MediaCaseTwin, MediaUnportable, RolledBack, SafetyDamaged, NotProtected,
	LegacySidecar, LegacyNoChecksums, NoCRC, ArchiveUnportable, HoldsDamaged, NoPhotosKept,
	PhotosNotInBackup, RestoredOverDamage, NoFolderSet, SameDisk, HistoryNotSaved, FolderNotThere,
	TaskNotSet, CloudNotListed, CloudPartly,
}

func newNotice(code, text string, params ...string) Notice {
	p := map[string]string{}
	for i := 0; i+1 < len(params); i += 2 {
		p[params[i]] = params[i+1]
	}
	return Notice{Code: code, Params: p, Text: text}
}

func itoa(n int) string { return strconv.Itoa(n) }

// Photo missing from the media folder (name is the photo's path in the register).
func PhotoMissingFrom(name string) Notice {
	return newNotice(PhotoMissing, fmt.Sprintf("The photo %s of a member is missing from the media folder, so this backup cannot hold it", name), "path", name)
}

// MorePhotosMissing: n photos beyond those named one by one.
func MorePhotosMissing(n int) Notice {
	return newNotice(PhotosMissingMore, fmt.Sprintf("%d more member photos are missing from the media folder, so this backup cannot hold them", n), "count", itoa(n))
}

// Removed: name was removed while the backup ran.
func Removed(name string) Notice {
	return newNotice(PhotoRemoved, fmt.Sprintf("%s was removed during the backup and is not in it", name), "path", name)
}

// Replaced: name became a link or another file while the backup ran.
func Replaced(name string) Notice {
	return newNotice(PhotoReplaced, fmt.Sprintf("%s was replaced by a link or another file during the backup; "+
		"it is not in this backup (nothing it pointed to was copied). Check the photo and back up again.", name), "path", name)
}

// Symlink: a media file is a symbolic link.
func Symlink(name string) Notice {
	return newNotice(MediaSymlink, fmt.Sprintf("%s is a shortcut to somewhere else, so this backup does not hold it. (a symbolic link)", name), "path", name)
}

// NotRegular: a media entry is neither a folder nor an ordinary file.
func NotRegular(name string) Notice {
	return newNotice(MediaNotRegular, fmt.Sprintf("%s is not an ordinary file, so this backup does not hold it.", name), "path", name)
}

// BadName: a media file's name cannot be held in a backup (err says why).
func BadName(err error) Notice {
	return newNotice(MediaBadName, fmt.Sprintf("A file in the media folder has a name a backup cannot hold, so this backup does not hold it. (%v)", err), "detail", err.Error())
}

// CaseTwin: name and prev differ only in capital letters; name is left out.
func CaseTwin(name, prev string) Notice {
	return newNotice(MediaCaseTwin, fmt.Sprintf("%s and %s differ only in capital letters, which Windows cannot keep apart, so this backup does not hold the first. (names differing only in case)", name, prev),
		"path", name, "other", prev)
}

// Unportable: n photos with names Windows cannot hold; names is the list
// shown, example one of them as a Windows restore would rename it.
func Unportable(n int, names, example string) Notice {
	return newNotice(MediaUnportable, fmt.Sprintf("%d photo(s) have names Windows cannot hold (%s). They are in the backup and restore as they are on "+
		"this computer; restored on Windows they get new names (for example %s), and the register may then not show those photos.", n, names, example),
		"count", itoa(n), "names", names, "example", example)
}

// RolledBackChange: the database held a change a program stopped in the
// middle of saving.
func RolledBackChange() Notice {
	return newNotice(RolledBack, "The register held a change that was never finished (the program saving it stopped, "+
		"or the computer lost power, in the middle): that unfinished change was undone, as the app itself would do, "+
		"and the backup holds the register as it was last saved completely. Check the last thing entered before the interruption.")
}

// DamagedSafety: a safety backup kept a damaged register as a raw copy.
func DamagedSafety() Notice {
	return newNotice(SafetyDamaged, "The current register is damaged and cannot be read, so its safety backup holds the damaged file "+
		"exactly as it was (marked as damaged, with a DAMAGED-README.txt inside), with all the photos. "+
		"Keep that backup: someone who can repair SQLite databases may get the data back from it.")
}

// Unprotected: the backup is not encrypted because the settings could not be read.
func Unprotected(err error) Notice {
	return newNotice(NotProtected, "This backup is not protected with a password, because the settings could not be read: "+err.Error(), "detail", err.Error())
}

// Sidecar: an old backup holds name (a -wal or -journal) beside the database.
func Sidecar(name string) Notice {
	return newNotice(LegacySidecar, fmt.Sprintf("The backup holds %s beside the database, as the old program left it: "+
		"the changes in it are applied to the register when it is restored.", name), "path", name)
}

// Legacy: an old program's backup (layout) with no manifest.
func Legacy(layout string) Notice {
	return newNotice(LegacyNoChecksums, fmt.Sprintf(
		"Made by the older Mahall program: it has no checksums, so damage inside it can be found only in part. (legacy layout %s: no manifest, so entries are checked only against their sizes and ZIP CRC-32, not SHA-256)", layout),
		"layout", layout)
}

// NoCheckValue: the file name in an old backup has no CRC-32.
func NoCheckValue(name string) Notice {
	return newNotice(NoCRC, fmt.Sprintf("The file %s in this backup has no check value, so damage to it cannot be found. (no CRC-32 recorded)", name), "path", name)
}

// UnportableInArchive: n names in the backup Windows cannot hold, such as
// example, which a Windows restore names renamed.
func UnportableInArchive(n int, example, renamed string) Notice {
	return newNotice(ArchiveUnportable, fmt.Sprintf(
		"%d file(s) in the backup have names Windows cannot hold (such as %s): they are restored as they are on Linux and macOS; "+
			"a restore on Windows gives them new names (%s), and the register may then not find those photos", n, example, renamed),
		"count", itoa(n), "example", example, "renamed", renamed)
}

// Damaged: the backup holds a damaged register; reason is what reading it said.
func Damaged(reason string) Notice {
	return newNotice(HoldsDamaged, "This backup holds a damaged register, copied exactly as it was found "+
		"(it was made to keep the damaged data before a restore replaced it). Restore it only to hand it to "+
		"someone who can repair it; the program cannot open it. What reading it said: "+reason, "detail", reason)
}

// PhotosKept: the backup holds only the database; the current photos stay.
func PhotosKept() Notice {
	return newNotice(NoPhotosKept, "This backup holds no photos: your current photos are kept.")
}

// NotInBackup: n member photos named in the database are missing from the
// backup; list names some of them.
func NotInBackup(n int, list string) Notice {
	return newNotice(PhotosNotInBackup, fmt.Sprintf("%d member photo(s) are not in this backup: after restoring it, those members have no photo. (named in the database, missing from the backup: %s)", n, list),
		"count", itoa(n), "names", list)
}

// ReplacedDamaged: the register a restore replaced was damaged; it is in
// the safety backup at path.
func ReplacedDamaged(path string) Notice {
	return newNotice(RestoredOverDamage, fmt.Sprintf("The register you had before this restore was damaged and could not be read. It is kept, exactly as it was "+
		"and marked as damaged, in the safety backup %s, with all its photos; keep that file.", path), "path", path)
}

// sameDiskWords is the end of the same-disk warnings.
const sameDiskWords = "if this disk fails, the backups are lost with it. Choose a USB drive or another disk in Settings (or pass --to DIR)."

// NoFolder: no backup folder is set, so backups go to dir on the data's disk.
func NoFolder(dir string) Notice {
	return newNotice(NoFolderSet, "No backup folder is set, so the backup goes to "+dir+", on the same disk as the data: "+sameDiskWords, "path", dir)
}

// OnSameDisk: the backup folder dir is on the data's own disk.
func OnSameDisk(dir string) Notice {
	return newNotice(SameDisk, "The backup folder "+dir+" is on the same disk as the data: "+sameDiskWords, "path", dir)
}

// OnSameDiskApp is OnSameDisk as the window's settings say it (no --to).
func OnSameDiskApp(dir string) Notice {
	return newNotice(SameDisk, fmt.Sprintf("The backup folder %s is on the same disk as the data: if this disk fails, the backups are lost with it. Choose a USB drive or another disk.", dir), "path", dir)
}

// HistoryUnsaved: the backup history could not be saved.
func HistoryUnsaved(err error) Notice {
	return newNotice(HistoryNotSaved, "The backup history could not be saved: "+err.Error(), "detail", err.Error())
}

// NotThere: the backup folder dir is not there; drive is its drive's name.
func NotThere(dir, drive string) Notice {
	return newNotice(FolderNotThere, fmt.Sprintf("The backup folder %s is not there (is the drive '%s' plugged in?), so its backups are not listed.", dir, drive), "path", dir, "drive", drive)
}

// NotThereNow is NotThere as the settings say it.
func NotThereNow(dir, drive string) Notice {
	return newNotice(FolderNotThere, fmt.Sprintf("The backup folder %s is not there now. If it is on a USB drive, plug in the drive '%s'.", dir, drive), "path", dir, "drive", drive)
}

// TaskFailed: the Windows scheduled task could not be set.
func TaskFailed(err error) Notice {
	return newNotice(TaskNotSet, "Backups while the app is closed could not be set up in Windows: "+err.Error(), "detail", err.Error())
}

// CloudUnlisted: the cloud copy's snapshots could not be listed.
func CloudUnlisted(err error) Notice {
	return newNotice(CloudNotListed, "The cloud copy's snapshots could not be listed; the backups on this computer are shown. ("+err.Error()+")", "detail", err.Error())
}

// CloudMadeBut: the cloud snapshot was made, but err (retention, upkeep) failed.
func CloudMadeBut(err error) Notice {
	return newNotice(CloudPartly, "The cloud snapshot was made, but: "+err.Error(), "detail", err.Error())
}
