package schedule

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"mahall/backend/durable"
)

// FileStore keeps the Record in a small JSON file, written atomically. The
// caller names the file (the data folder's layout owns its names).
type FileStore struct {
	Path string
}

// Load reads the Record; a missing file is the zero Record (never run).
func (f FileStore) Load() (Record, error) {
	var rec Record
	data, err := os.ReadFile(f.Path)
	if errors.Is(err, fs.ErrNotExist) {
		return rec, nil
	}
	if err != nil {
		return rec, fmt.Errorf("read schedule state %s: %w", f.Path, err)
	}
	if err := json.Unmarshal(data, &rec); err != nil {
		return Record{}, fmt.Errorf("schedule state %s is damaged: %w", f.Path, err)
	}
	return rec, nil
}

// Save replaces the file with rec.
func (f FileStore) Save(rec Record) error {
	data, err := json.MarshalIndent(rec, "", "  ")
	if err != nil {
		return fmt.Errorf("save schedule state %s: %w", f.Path, err)
	}
	return durable.WriteFile(f.Path, append(data, '\n'), 0o600)
}
