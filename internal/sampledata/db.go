package sampledata

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"mahall/backend/progress"
	"mahall/backend/register"
)

const (
	djangoTime = "2006-01-02 15:04:05.000000"
	djangoDate = "2006-01-02"
)

// A nullable text column: NULL for "".
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullableMember(m *member) any {
	if m == nil {
		return nil
	}
	return m.id
}

func nullableDate(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.Format(djangoDate)
}

// stamp is a created_at/updated_at pair: made at t, edited up to a year later.
func stamp(r *rand.Rand, t time.Time) (string, string) {
	u := t.Add(time.Duration(r.IntN(365*24)) * time.Hour)
	if u.After(today) {
		u = today
	}
	return t.Format(djangoTime), u.Format(djangoTime)
}

// writeDB builds the database under a temporary name beside path, fills it
// in one transaction and renames it into place.
func writeDB(ctx context.Context, r *rand.Rand, path string, p *plan, sum *Summary, report progress.Func) (err error) {
	report(progress.Update{Phase: PhaseDatabase, Current: filepath.Base(path)})
	tmp := filepath.Join(filepath.Dir(path), ".sample-db.sqlite3.tmp")
	for _, f := range []string{tmp, tmp + "-journal"} {
		if err := os.Remove(f); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("remove stale %s: %w", f, err)
		}
	}
	defer func() {
		if err != nil {
			os.Remove(tmp)
			os.Remove(tmp + "-journal")
		}
	}()
	// Migrations "applied" when the oldest house was registered.
	if err := register.CreateEmptyAt(ctx, tmp, today.AddDate(-6, 0, 0)); err != nil {
		return err
	}
	db, err := register.OpenRW(tmp)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	// A fresh file nobody else sees yet: no need for a sync per commit,
	// the file is synced once before the rename. A big cache keeps index
	// pages of a large register in memory while it is filled.
	for _, pragma := range []string{"PRAGMA synchronous = OFF", "PRAGMA cache_size = -65536"} {
		if _, err := db.ExecContext(ctx, pragma); err != nil {
			return fmt.Errorf("fill %s: %w", tmp, err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("fill %s: %w", tmp, err)
	}
	defer tx.Rollback()
	f := filler{ctx: ctx, tx: tx, r: r, p: p, sum: sum}
	for _, step := range []func() error{f.areas, f.houses, f.members, f.dues, f.todos, f.settings, f.requests} {
		if err := step(); err != nil {
			return fmt.Errorf("fill %s: %w", tmp, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("fill %s: %w", tmp, err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("close %s: %w", tmp, err)
	}
	fh, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	serr := fh.Sync()
	fi, _ := fh.Stat()
	if cerr := fh.Close(); serr == nil {
		serr = cerr
	}
	if serr != nil {
		return fmt.Errorf("sync %s: %w", tmp, serr)
	}
	if err := os.Chtimes(tmp, dbStamp, dbStamp); err != nil {
		return fmt.Errorf("set time of %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("rename %s: %w", tmp, err)
	}
	if fi != nil {
		sum.DBBytes = fi.Size()
	}
	return nil
}

type filler struct {
	ctx context.Context
	tx  *sql.Tx
	r   *rand.Rand
	p   *plan
	sum *Summary
}

func (f *filler) prepare(q string) (*sql.Stmt, error) {
	return f.tx.PrepareContext(f.ctx, q)
}

func (f *filler) areas() error {
	st, err := f.prepare(`INSERT INTO society_area (id, name, description, created_at, updated_at, head_person, password, firebase_id, sync_pending) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, a := range f.p.areas {
		c, u := stamp(f.r, today.AddDate(-6, 0, a.id))
		if _, err := st.ExecContext(f.ctx, a.id, a.name, "Families around "+a.place, c, u, a.head, f.r.IntN(2) == 0); err != nil {
			return fmt.Errorf("area %s: %w", a.name, err)
		}
	}
	return nil
}

func (f *filler) houses() error {
	st, err := f.prepare(`INSERT INTO society_house (id, home_id, old_mahall_code, house_name, family_name, location_name, locality, address, created_at, updated_at, area_id, firebase_id, sync_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, h := range f.p.houses {
		if h.id%1000 == 0 {
			if err := f.ctx.Err(); err != nil {
				return err
			}
		}
		c, u := stamp(f.r, h.created)
		old := any(nil)
		if h.hasOldCode {
			old = h.oldCode
		}
		if _, err := st.ExecContext(f.ctx, h.id, h.homeID, old, h.name, h.family, h.location, h.locality,
			h.address, c, u, h.area.id, f.r.IntN(2) == 0); err != nil {
			return fmt.Errorf("house %s: %w", h.homeID, err)
		}
	}
	return nil
}

func (f *filler) members() error {
	st, err := f.prepare(`INSERT INTO society_member (id, member_id, name, surname, adhar, gender, status, date_of_birth, date_of_death,
		mother_name, mother_surname, father_name, father_surname, grandfather_name, married_to_name, married_to_surname,
		second_spouse_name, second_spouse_surname, general_body_member, photo, phone, whatsapp, isGuardian,
		created_at, updated_at, house_id, mother_id, father_id, married_to_id, second_spouse_id, firebase_id, sync_pending)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for i, m := range f.p.members {
		if i%1000 == 0 {
			if err := f.ctx.Err(); err != nil {
				return err
			}
		}
		gender := "male"
		if m.female {
			gender = "female"
		}
		c, u := stamp(f.r, m.created)
		houseID := any(nil)
		if m.house != nil {
			houseID = m.house.id
		}
		if _, err := st.ExecContext(f.ctx, m.id, m.memberID, m.name, m.surname, nullable(m.adhar), gender, m.status,
			m.born.Format(djangoDate), nullableDate(m.died),
			m.motherName, m.motherSur, m.fatherName, m.fatherSur, m.grandfather, m.spouseName, m.spouseSur,
			m.second, m.secondSur, m.generalBody, nullable(m.photo), nullable(m.phone), nullable(m.whatsapp), m.isGuardian,
			c, u, houseID, nullableMember(m.mother), nullableMember(m.father), nullableMember(m.spouse),
			f.r.IntN(3) == 0); err != nil {
			return fmt.Errorf("member %s: %w", m.memberID, err)
		}
	}
	return nil
}

type subcollection struct {
	id           int
	collectionID int
	year, name   string
	amount       int
	due          time.Time
	forEveryMan  bool // general body members pay it, not only house guardians
}

// Dues of three years: a monthly subscription (varisankhya) per house, Eid
// Paisa per general body member, and two yearly funds per house. Paid ones
// get a receipt. This is what makes a large register's database tens of MB.
func (f *filler) dues() error {
	collections := []struct{ name, desc string }{
		{"Varisankhya", "Monthly subscription of every house"},
		{"Eid Paisa", "Collected from every general body member before Eid"},
		{"Ramadan Relief", "Food kits for families in need during Ramadan"},
		{"Building Fund", "New madrasa building"},
	}
	colSt, err := f.prepare(`INSERT INTO society_collection (id, name, description, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer colSt.Close()
	for i, c := range collections {
		cr, up := stamp(f.r, today.AddDate(-3, 0, i))
		if _, err := colSt.ExecContext(f.ctx, i+1, c.name, c.desc, cr, up); err != nil {
			return fmt.Errorf("collection %s: %w", c.name, err)
		}
	}
	f.sum.Collections = len(collections)

	var subs []subcollection
	add := func(col int, year int, name string, amount int, due time.Time, everyMan bool) {
		subs = append(subs, subcollection{id: len(subs) + 1, collectionID: col, year: fmt.Sprint(year),
			name: name, amount: amount, due: due, forEveryMan: everyMan})
	}
	eid := map[int]time.Time{2023: date(2023, 4, 20), 2024: date(2024, 4, 9), 2025: date(2025, 3, 30)}
	for y := 2023; y <= 2025; y++ {
		monthly := map[int]int{2023: 100, 2024: 120, 2025: 150}[y]
		for m := time.January; m <= time.December; m++ {
			add(1, y, fmt.Sprintf("Varisankhya %s %d", m, y), monthly, date(y, m, 10), false)
		}
		add(2, y, fmt.Sprintf("Eid Paisa %d", y), 200, eid[y], true)
		add(3, y, fmt.Sprintf("Ramadan Relief %d", y), 500, eid[y].AddDate(0, 0, -25), false)
	}
	add(4, 2024, "Building Fund 2024", 2000, date(2024, 12, 31), false)

	subSt, err := f.prepare(`INSERT INTO society_subcollection (id, year, name, amount, due_date, created_at, updated_at, collection_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer subSt.Close()
	for _, s := range subs {
		cr, up := stamp(f.r, s.due.AddDate(0, 0, -30))
		if _, err := subSt.ExecContext(f.ctx, s.id, s.year, s.name, fmt.Sprintf("%d.00", s.amount),
			s.due.Format(djangoDate), cr, up, s.collectionID); err != nil {
			return fmt.Errorf("subcollection %s: %w", s.name, err)
		}
	}
	f.sum.Subcollections = len(subs)

	obSt, err := f.prepare(`INSERT INTO society_memberobligation (id, amount, paid_status, created_at, updated_at, area_id, member_id, subcollection_id, sync_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer obSt.Close()
	// 0021's receipt has no created_at/updated_at; payment_date is a
	// datetime and remarks may be NULL.
	rcSt, err := f.prepare(`INSERT INTO society_receipt (id, receipt_number, amount_paid, payment_date, payment_method, remarks, obligation_id, sync_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer rcSt.Close()

	methods := []string{"cash", "cash", "cash", "cash", "cash", "cash", "upi", "upi", "bank_transfer", "cheque", "other"}
	remarks := []string{"", "", "", "", "", "Paid at the mahall office", "Paid by son from abroad", "Collected by area head", "Balance next month"}
	perDay := map[string]int{}
	obID, rcID := 0, 0
	for _, s := range subs {
		for _, m := range f.p.members {
			if m.status != "live" || m.created.After(s.due) || m.born.AddDate(18, 0, 0).After(s.due) {
				continue
			}
			if s.forEveryMan && !m.generalBody || !s.forEveryMan && !m.isGuardian {
				continue
			}
			obID++
			if obID%2000 == 0 {
				if err := f.ctx.Err(); err != nil {
					return err
				}
			}
			status, paid := "pending", 0
			if s.due.Before(today) {
				switch x := f.r.IntN(100); {
				case x < 78:
					status, paid = "paid", s.amount
				case x < 84:
					status, paid = "partial", s.amount*(3+f.r.IntN(5))/10
				default:
					status = "overdue"
				}
			}
			cr, up := stamp(f.r, s.due.AddDate(0, 0, -20))
			if _, err := obSt.ExecContext(f.ctx, obID, fmt.Sprintf("%d.00", s.amount), status, cr, up,
				m.house.area.id, m.id, s.id, f.r.IntN(4) == 0); err != nil {
				return fmt.Errorf("obligation of member %s for %s: %w", m.memberID, s.name, err)
			}
			if paid == 0 {
				continue
			}
			on := s.due.AddDate(0, 0, f.r.IntN(46)-5)
			if on.After(today) {
				on = today
			}
			day := on.Format("20060102")
			perDay[day]++
			rcID++
			at := on.Add(time.Duration(9*60+f.r.IntN(9*60)) * time.Minute)
			if _, err := rcSt.ExecContext(f.ctx, rcID, fmt.Sprintf("R-%s-%04d", day, perDay[day]),
				fmt.Sprintf("%d.00", paid), at.Format(djangoTime), methods[f.r.IntN(len(methods))],
				nullable(remarks[f.r.IntN(len(remarks))]), obID, f.r.IntN(4) == 0); err != nil {
				return fmt.Errorf("receipt for member %s, %s: %w", m.memberID, s.name, err)
			}
		}
	}
	f.sum.Obligations, f.sum.Receipts = obID, rcID
	return nil
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func (f *filler) todos() error {
	st, err := f.prepare(`INSERT INTO society_todo (id, title, description, category, priority, completed, due_date, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	n := 12
	for i := 1; i <= n; i++ {
		title := todoTitles[f.r.IntN(len(todoTitles))]
		if len(f.p.areas) > 0 {
			title = fmt.Sprintf(title, 1+f.r.IntN(len(f.p.areas)))
		} else {
			title = fmt.Sprintf(title, 1)
		}
		due := any(nil)
		if f.r.IntN(3) > 0 {
			due = today.AddDate(0, 0, f.r.IntN(90)-30).Format(djangoDate)
		}
		cr, up := stamp(f.r, today.AddDate(0, 0, -f.r.IntN(200)))
		if _, err := st.ExecContext(f.ctx, i, title, "", todoCategories[f.r.IntN(len(todoCategories))],
			[]string{"low", "medium", "high"}[f.r.IntN(3)], f.r.IntN(3) == 0, due, cr, up); err != nil {
			return fmt.Errorf("todo %d: %w", i, err)
		}
	}
	f.sum.Todos = n
	return nil
}

// settings writes the one settings row, with Google Drive and Firebase off
// and no secrets: a sample must never look like it carries credentials.
func (f *filler) settings() error {
	cr, up := stamp(f.r, today.AddDate(-1, 0, 0))
	_, err := f.tx.ExecContext(f.ctx, `INSERT INTO society_appsettings (id, theme, firebase_enabled, firebase_config, google_drive_enabled,
		google_drive_client_id, google_drive_client_secret, google_drive_refresh_token, google_drive_folder_id, last_backup_at,
		rule_guardian_requires_details, rule_house_must_have_members, rule_no_duplicate_obligations, rule_one_guardian_per_house,
		rule_track_duplicate_members, created_at, updated_at) VALUES (1, 'light', 0, NULL, 0, NULL, NULL, NULL, NULL, NULL, 1, 1, 1, 1, 0, ?, ?)`, cr, up)
	if err != nil {
		return fmt.Errorf("app settings: %w", err)
	}
	return nil
}

// requests writes a few change requests as the mobile side sends them.
func (f *filler) requests() error {
	if len(f.p.members) == 0 {
		return nil
	}
	// The request's kind travels inside its JSON: 0021's table has no
	// column for it, and its key is request_id.
	st, err := f.prepare(`INSERT INTO society_digitalrequest (request_id, status, data, firebase_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := 1; i <= 5; i++ {
		m := f.p.members[f.r.IntN(len(f.p.members))]
		data := map[string]string{"type": "update_phone", "member_id": m.memberID, "phone": phone(f.r)}
		if i%2 == 0 {
			data = map[string]string{"type": "add_member", "house_id": fmt.Sprint(1000 + 1 + f.r.IntN(max(len(f.p.houses), 1))),
				"name": givenName(f.r, i%4 == 0), "date_of_birth": today.AddDate(0, 0, -f.r.IntN(60)).Format(djangoDate)}
		}
		js, err := json.Marshal(data)
		if err != nil {
			return err
		}
		cr, up := stamp(f.r, today.AddDate(0, 0, -f.r.IntN(30)))
		if _, err := st.ExecContext(f.ctx, i, []string{"pending", "approved", "rejected"}[f.r.IntN(3)], string(js),
			fmt.Sprintf("req%08x", f.r.Uint32()), cr, up); err != nil {
			return fmt.Errorf("digital request %d: %w", i, err)
		}
	}
	return nil
}
