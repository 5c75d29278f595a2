package auto

import (
	"database/sql"

	"mahall/backend/register"
)

func sqlOpenRW(p string) (*sql.DB, error) { return register.OpenRW(p) }
