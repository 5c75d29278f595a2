package register

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"mahall/backend/durable"
)

// LatestMigration is the field program's newest migration of the society
// app; CreateEmpty writes its schema.
const LatestMigration = "0021_receipt"

// ErrExists is returned by CreateEmpty when something is already at path.
var ErrExists = errors.New("file already exists")

// The register tables as Django's SQLite backend writes them for the models
// at migration 0021: BigAutoField ids, bigint foreign keys that are
// DEFERRABLE INITIALLY DEFERRED, and a CHECK for the JSON field.
var societyDDL = []string{
	`CREATE TABLE "society_area" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL UNIQUE, "description" text NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "head_person" varchar(100) NULL, "password" varchar(128) NULL, "firebase_id" varchar(100) NULL, "sync_pending" bool NOT NULL)`,
	index("society_area", false, "firebase_id"),

	`CREATE TABLE "society_house" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "home_id" varchar(20) NOT NULL UNIQUE, "old_mahall_code" varchar(50) NULL, "house_name" varchar(100) NOT NULL, "family_name" varchar(100) NOT NULL, "location_name" varchar(100) NOT NULL, "locality" varchar(100) NOT NULL, "address" text NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "area_id" bigint NOT NULL REFERENCES "society_area" ("id") DEFERRABLE INITIALLY DEFERRED, "firebase_id" varchar(100) NULL, "sync_pending" bool NOT NULL)`,
	index("society_house", false, "area_id"),

	`CREATE TABLE "society_member" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "member_id" varchar(20) NOT NULL UNIQUE, "name" varchar(100) NOT NULL, "surname" varchar(100) NOT NULL, "adhar" varchar(4) NULL, "gender" varchar(10) NULL, "status" varchar(20) NOT NULL, "date_of_birth" date NOT NULL, "date_of_death" date NULL, "mother_name" varchar(100) NOT NULL, "mother_surname" varchar(100) NOT NULL, "father_name" varchar(100) NOT NULL, "father_surname" varchar(100) NOT NULL, "grandfather_name" varchar(100) NOT NULL, "married_to_name" varchar(100) NOT NULL, "married_to_surname" varchar(100) NOT NULL, "second_spouse_name" varchar(100) NOT NULL, "second_spouse_surname" varchar(100) NOT NULL, "general_body_member" bool NOT NULL, "photo" varchar(100) NULL, "phone" varchar(15) NULL, "whatsapp" varchar(15) NULL, "isGuardian" bool NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "house_id" bigint NULL REFERENCES "society_house" ("id") DEFERRABLE INITIALLY DEFERRED, "mother_id" bigint NULL REFERENCES "society_member" ("id") DEFERRABLE INITIALLY DEFERRED, "father_id" bigint NULL REFERENCES "society_member" ("id") DEFERRABLE INITIALLY DEFERRED, "married_to_id" bigint NULL REFERENCES "society_member" ("id") DEFERRABLE INITIALLY DEFERRED, "second_spouse_id" bigint NULL REFERENCES "society_member" ("id") DEFERRABLE INITIALLY DEFERRED, "firebase_id" varchar(100) NULL, "sync_pending" bool NOT NULL)`,
	index("society_member", false, "status"),
	index("society_member", false, "house_id"),
	index("society_member", false, "mother_id"),
	index("society_member", false, "father_id"),
	index("society_member", false, "married_to_id"),
	index("society_member", false, "second_spouse_id"),

	`CREATE TABLE "society_collection" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(100) NOT NULL UNIQUE, "description" text NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`,

	`CREATE TABLE "society_subcollection" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "year" varchar(4) NOT NULL, "name" varchar(100) NOT NULL, "amount" decimal NOT NULL, "due_date" date NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "collection_id" bigint NOT NULL REFERENCES "society_collection" ("id") DEFERRABLE INITIALLY DEFERRED)`,
	index("society_subcollection", true, "collection_id", "year", "name"),
	index("society_subcollection", false, "collection_id"),

	`CREATE TABLE "society_memberobligation" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "amount" decimal NOT NULL, "paid_status" varchar(20) NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "area_id" bigint NULL REFERENCES "society_area" ("id") DEFERRABLE INITIALLY DEFERRED, "member_id" bigint NOT NULL REFERENCES "society_member" ("id") DEFERRABLE INITIALLY DEFERRED, "subcollection_id" bigint NOT NULL REFERENCES "society_subcollection" ("id") DEFERRABLE INITIALLY DEFERRED, "sync_pending" bool NOT NULL)`,
	index("society_memberobligation", true, "subcollection_id", "member_id"),
	index("society_memberobligation", false, "area_id"),
	index("society_memberobligation", false, "member_id"),
	index("society_memberobligation", false, "subcollection_id"),

	`CREATE TABLE "society_receipt" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "receipt_number" varchar(50) NOT NULL UNIQUE, "amount_paid" decimal NOT NULL, "payment_date" date NOT NULL, "payment_method" varchar(20) NOT NULL, "remarks" text NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL, "obligation_id" bigint NOT NULL REFERENCES "society_memberobligation" ("id") DEFERRABLE INITIALLY DEFERRED, "sync_pending" bool NOT NULL)`,
	index("society_receipt", false, "obligation_id"),

	`CREATE TABLE "society_todo" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "title" varchar(200) NOT NULL, "description" text NOT NULL, "category" varchar(50) NOT NULL, "priority" varchar(10) NOT NULL, "completed" bool NOT NULL, "due_date" date NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`,

	`CREATE TABLE "society_appsettings" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "theme" varchar(20) NOT NULL, "firebase_enabled" bool NOT NULL, "firebase_config" text NULL, "google_drive_enabled" bool NOT NULL, "google_drive_client_id" varchar(255) NULL, "google_drive_client_secret" varchar(255) NULL, "google_drive_refresh_token" text NULL, "google_drive_folder_id" varchar(255) NULL, "last_backup_at" datetime NULL, "rule_one_obligation_per_house" bool NOT NULL, "rule_skip_dead_members" bool NOT NULL, "rule_skip_terminated_members" bool NOT NULL, "rule_guardian_pays_for_house" bool NOT NULL, "rule_auto_mark_overdue" bool NOT NULL, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`,

	`CREATE TABLE "society_digitalrequest" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "request_type" varchar(50) NOT NULL, "status" varchar(20) NOT NULL, "data" text NOT NULL CHECK ((JSON_VALID("data") OR "data" IS NULL)), "firebase_id" varchar(100) NULL UNIQUE, "created_at" datetime NOT NULL, "updated_at" datetime NOT NULL)`,
	index("society_digitalrequest", false, "status"),
}

// Django's own tables (contenttypes, auth, admin, sessions), as its initial
// migrations leave them on SQLite.
var djangoDDL = []string{
	`CREATE TABLE "django_migrations" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app" varchar(255) NOT NULL, "name" varchar(255) NOT NULL, "applied" datetime NOT NULL)`,

	`CREATE TABLE "django_content_type" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "app_label" varchar(100) NOT NULL, "model" varchar(100) NOT NULL)`,
	index("django_content_type", true, "app_label", "model"),

	`CREATE TABLE "auth_permission" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "content_type_id" integer NOT NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "codename" varchar(100) NOT NULL, "name" varchar(255) NOT NULL)`,
	index("auth_permission", true, "content_type_id", "codename"),
	index("auth_permission", false, "content_type_id"),

	`CREATE TABLE "auth_group" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "name" varchar(150) NOT NULL UNIQUE)`,
	`CREATE TABLE "auth_group_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED)`,
	index("auth_group_permissions", true, "group_id", "permission_id"),
	index("auth_group_permissions", false, "group_id"),
	index("auth_group_permissions", false, "permission_id"),

	`CREATE TABLE "auth_user" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "password" varchar(128) NOT NULL, "last_login" datetime NULL, "is_superuser" bool NOT NULL, "username" varchar(150) NOT NULL UNIQUE, "last_name" varchar(150) NOT NULL, "email" varchar(254) NOT NULL, "is_staff" bool NOT NULL, "is_active" bool NOT NULL, "date_joined" datetime NOT NULL, "first_name" varchar(150) NOT NULL)`,
	`CREATE TABLE "auth_user_groups" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "group_id" integer NOT NULL REFERENCES "auth_group" ("id") DEFERRABLE INITIALLY DEFERRED)`,
	index("auth_user_groups", true, "user_id", "group_id"),
	index("auth_user_groups", false, "user_id"),
	index("auth_user_groups", false, "group_id"),
	`CREATE TABLE "auth_user_user_permissions" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "permission_id" integer NOT NULL REFERENCES "auth_permission" ("id") DEFERRABLE INITIALLY DEFERRED)`,
	index("auth_user_user_permissions", true, "user_id", "permission_id"),
	index("auth_user_user_permissions", false, "user_id"),
	index("auth_user_user_permissions", false, "permission_id"),

	`CREATE TABLE "django_admin_log" ("id" integer NOT NULL PRIMARY KEY AUTOINCREMENT, "object_id" text NULL, "object_repr" varchar(200) NOT NULL, "action_flag" smallint unsigned NOT NULL CHECK ("action_flag" >= 0), "change_message" text NOT NULL, "content_type_id" integer NULL REFERENCES "django_content_type" ("id") DEFERRABLE INITIALLY DEFERRED, "user_id" integer NOT NULL REFERENCES "auth_user" ("id") DEFERRABLE INITIALLY DEFERRED, "action_time" datetime NOT NULL)`,
	index("django_admin_log", false, "content_type_id"),
	index("django_admin_log", false, "user_id"),

	`CREATE TABLE "django_session" ("session_key" varchar(40) NOT NULL PRIMARY KEY, "session_data" text NOT NULL, "expire_date" datetime NOT NULL)`,
	index("django_session", false, "expire_date"),
}

// index writes a CREATE INDEX the way Django names them: table, columns and
// a short hash, with "_uniq" for unique-together constraints.
func index(table string, unique bool, cols ...string) string {
	sum := sha256.Sum256([]byte(table + "\x00" + strings.Join(cols, "\x00")))
	name := table + "_" + strings.Join(cols, "_") + "_" + hex.EncodeToString(sum[:4])
	kind := "INDEX"
	if unique {
		name += "_uniq"
		kind = "UNIQUE INDEX"
	}
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = quoteIdent(c)
	}
	return fmt.Sprintf("CREATE %s %s ON %s (%s)", kind, quoteIdent(name), quoteIdent(table), strings.Join(quoted, ", "))
}

// appliedMigrations are the rows of django_migrations in the order Django
// applied them on a fresh install of the field program.
var appliedMigrations = [][2]string{
	{"contenttypes", "0001_initial"},
	{"auth", "0001_initial"},
	{"admin", "0001_initial"},
	{"admin", "0002_logentry_remove_auto_add"},
	{"admin", "0003_logentry_add_action_flag_choices"},
	{"contenttypes", "0002_remove_content_type_name"},
	{"auth", "0002_alter_permission_name_max_length"},
	{"auth", "0003_alter_user_email_max_length"},
	{"auth", "0004_alter_user_username_opts"},
	{"auth", "0005_alter_user_last_login_null"},
	{"auth", "0006_require_contenttypes_0002"},
	{"auth", "0007_alter_validators_add_error_messages"},
	{"auth", "0008_alter_user_username_max_length"},
	{"auth", "0009_alter_user_last_name_max_length"},
	{"auth", "0010_alter_group_name_max_length"},
	{"auth", "0011_update_proxy_permissions"},
	{"auth", "0012_alter_user_first_name_max_length"},
	{"sessions", "0001_initial"},
	{"society", "0001_initial"},
	{"society", "0002_member_relations"},
	{"society", "0003_member_photo"},
	{"society", "0004_area_head_person"},
	{"society", "0005_house_old_mahall_code"},
	{"society", "0006_member_phone_whatsapp"},
	{"society", "0007_member_isguardian"},
	{"society", "0008_collection_subcollection"},
	{"society", "0009_memberobligation"},
	{"society", "0010_member_second_spouse"},
	{"society", "0011_todo"},
	{"society", "0012_recentaction"},
	{"society", "0013_member_status_index"},
	{"society", "0014_appsettings"},
	{"society", "0015_firebase_sync_fields"},
	{"society", "0016_area_password"},
	{"society", "0017_digitalrequest"},
	{"society", "0018_delete_recentaction"},
	{"society", "0019_appsettings_google_drive"},
	{"society", "0020_appsettings_rules"},
	{"society", LatestMigration},
}

// contentTypes are the models Django registers content types and default
// permissions for.
var contentTypes = [][3]string{ // app_label, model, verbose name
	{"admin", "logentry", "log entry"},
	{"auth", "permission", "permission"},
	{"auth", "group", "group"},
	{"auth", "user", "user"},
	{"contenttypes", "contenttype", "content type"},
	{"sessions", "session", "session"},
	{"society", "area", "area"},
	{"society", "house", "house"},
	{"society", "member", "member"},
	{"society", "collection", "collection"},
	{"society", "subcollection", "sub collection"},
	{"society", "memberobligation", "member obligation"},
	{"society", "receipt", "receipt"},
	{"society", "todo", "todo"},
	{"society", "appsettings", "app settings"},
	{"society", "digitalrequest", "digital request"},
}

// Execer is what WriteSchema needs: a *sql.DB, *sql.Conn or *sql.Tx.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// WriteSchema creates every table and index of migration 0021 in an empty
// database and fills Django's bookkeeping tables, with applied as the time
// of every migration (a fixed time makes generated files reproducible).
func WriteSchema(ctx context.Context, db Execer, applied time.Time) error {
	for _, list := range [][]string{djangoDDL, societyDDL} {
		for _, stmt := range list {
			if _, err := db.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("create schema: %w (in %.60s...)", err, stmt)
			}
		}
	}
	for i, m := range appliedMigrations {
		// Django stamps each migration as it runs; a few milliseconds apart.
		at := applied.UTC().Add(time.Duration(i) * 7 * time.Millisecond).Format("2006-01-02 15:04:05.000000")
		if _, err := db.ExecContext(ctx,
			`INSERT INTO "django_migrations" ("app", "name", "applied") VALUES (?, ?, ?)`, m[0], m[1], at); err != nil {
			return fmt.Errorf("record migration %s.%s: %w", m[0], m[1], err)
		}
	}
	for i, ct := range contentTypes {
		id := i + 1
		if _, err := db.ExecContext(ctx,
			`INSERT INTO "django_content_type" ("id", "app_label", "model") VALUES (?, ?, ?)`, id, ct[0], ct[1]); err != nil {
			return fmt.Errorf("record content type %s.%s: %w", ct[0], ct[1], err)
		}
		for _, action := range []string{"add", "change", "delete", "view"} {
			if _, err := db.ExecContext(ctx,
				`INSERT INTO "auth_permission" ("content_type_id", "codename", "name") VALUES (?, ?, ?)`,
				id, action+"_"+ct[1], "Can "+action+" "+ct[2]); err != nil {
				return fmt.Errorf("record permission %s_%s: %w", action, ct[1], err)
			}
		}
	}
	return nil
}

// CreateEmpty writes a new database at path with the schema of the field
// program's latest migration (0021), including the Django tables beside it.
// It refuses to touch an existing file, builds the database under a
// temporary name in the same folder and renames it into place, so path
// never holds a half-made database.
func CreateEmpty(ctx context.Context, path string) error {
	return CreateEmptyAt(ctx, path, time.Now())
}

// CreateEmptyAt is CreateEmpty with a given migration time, for
// reproducible files.
func CreateEmptyAt(ctx context.Context, path string, applied time.Time) (err error) {
	if _, err := os.Lstat(path); err == nil {
		return fmt.Errorf("create database %s: %w", path, ErrExists)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".db-new-*.sqlite3")
	if err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()

	if err := buildEmpty(ctx, tmp, applied); err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	if err := durable.SyncFile(tmp); err != nil {
		return fmt.Errorf("create database %s: %w", path, err)
	}
	// Link, not rename: it fails when path appeared meanwhile, where a
	// rename would silently replace someone's database.
	if err := os.Link(tmp, path); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("create database %s: %w", path, ErrExists)
		}
		// File systems without hard links: fall back to rename after a
		// last check.
		if _, serr := os.Lstat(path); serr == nil {
			return fmt.Errorf("create database %s: %w", path, ErrExists)
		}
		if rerr := os.Rename(tmp, path); rerr != nil {
			return fmt.Errorf("create database %s: %w", path, rerr)
		}
	} else {
		os.Remove(tmp)
	}
	return durable.SyncDir(dir)
}

func buildEmpty(ctx context.Context, tmp string, applied time.Time) error {
	dsn, err := DSN(tmp, "rw")
	if err != nil {
		return err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// Django's SQLite default: a rollback journal that is deleted after
	// each transaction, so the database is one file.
	if _, err := db.ExecContext(ctx, "PRAGMA journal_mode = DELETE"); err != nil {
		return err
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := WriteSchema(ctx, tx, applied); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	return db.Close()
}
