// Package swap puts staged data in place of the data folder's database and
// media with renames, under a journal written before the first rename, so
// that an interruption at any instant is finished or rolled back by Recover:
// the folder always ends up exactly the old data or exactly the new.
//
// CONTRACT (stub written before the implementation; keep the exported names
// and meanings, add what you need).
package swap

import "mahall/backend/datadir"

// Outcome says what Recover did.
type Outcome string

const (
	NothingToDo Outcome = "nothing"     // no interrupted restore
	RolledBack  Outcome = "rolled-back" // the old data is back in place
	Completed   Outcome = "completed"   // the new data is in place
)

// Recover finishes or rolls back an interrupted swap. The caller holds the
// data folder's lock. It also removes staging folders a crash left behind.
func Recover(l datadir.Layout) (Outcome, error) {
	panic("swap.Recover: not implemented")
}
