package restore

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"mahall/backend/durable"
	"mahall/backend/folder"
)

// LastRestore is the data folder's record of the restore its data came from
// (folder.LastRestoreName). Every restore writes it, the app's and the CLI's,
// from a file or a cloud copy, so the overview can say where the data came
// from after a restart, until a backup is made.
type LastRestore struct {
	Path            string     `json:"path"`            // the backup file (or the cloud snapshot's name)
	BackupCreatedAt *time.Time `json:"backupCreatedAt"` // when the backup was made; nil for old backups that do not say
	At              time.Time  `json:"at"`              // when it was restored
}

// ReadLastRestore reads the record of the last restore into l; an error
// wrapping fs.ErrNotExist when no restore was ever recorded.
func ReadLastRestore(l folder.Layout) (LastRestore, error) {
	var r LastRestore
	data, err := os.ReadFile(l.LastRestore())
	if err != nil {
		return r, err
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return r, fmt.Errorf("read %s: %w", l.LastRestore(), err)
	}
	if r.At.IsZero() {
		return r, errors.New("no time in " + l.LastRestore())
	}
	return r, nil
}

// recordRestore replaces the record atomically and durably (a power cut
// leaves the old record or the new one), under the folder's lock.
func recordRestore(l folder.Layout, r LastRestore) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := durable.WriteFile(l.LastRestore(), data, 0o600); err != nil {
		return fmt.Errorf("record the restore in %s: %w", l.LastRestore(), err)
	}
	return nil
}
