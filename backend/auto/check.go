package auto

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"mahall/backend/register"
	"mahall/backend/snapshot"
)

// quickCheck runs PRAGMA quick_check on the live database, read-only. A
// damaged register must never become the newest backup and push the good
// ones out, so an automatic run stops here when it fails. The error wraps
// snapshot.ErrCorrupt.
func quickCheck(ctx context.Context, db string) error {
	d, err := register.Open(db)
	if errors.Is(err, register.ErrNoDatabase) {
		return err
	}
	if err != nil {
		return fmt.Errorf("%s: %w: %v", db, snapshot.ErrCorrupt, err)
	}
	defer d.Close()
	rows, err := d.QueryContext(ctx, "PRAGMA quick_check")
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %w: %v", db, snapshot.ErrCorrupt, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return fmt.Errorf("%s: %w: %v", db, snapshot.ErrCorrupt, err)
		}
		if s != "ok" && len(problems) < 5 {
			problems = append(problems, s)
		}
	}
	if err := rows.Err(); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %w: %v", db, snapshot.ErrCorrupt, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %w: %s", db, snapshot.ErrCorrupt, strings.Join(problems, "; "))
	}
	return nil
}
