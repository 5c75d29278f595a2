package sampledata

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// The register as planned in memory before anything is written: areas,
// houses and members with their relations, all drawn from one seeded
// generator so the same seed gives the same register.

type area struct {
	id          int
	name, place string
	head        string
}

type house struct {
	id                 int
	homeID, oldCode    string
	name, family       string
	location, locality string
	address            string
	area               *area
	created            time.Time
	guardian           *member // who pays the house's dues
	hasOldCode         bool    // old_mahall_code is NULL otherwise
}

type member struct {
	id                      int
	memberID                string
	name, surname           string
	house                   *house
	adhar                   string // "" for NULL
	female                  bool
	status                  string
	born                    time.Time
	died                    time.Time // zero when alive
	motherName, motherSur   string
	mother                  *member
	fatherName, fatherSur   string
	father                  *member
	grandfather             string
	spouseName, spouseSur   string
	spouse                  *member
	second, secondSur       string
	generalBody, isGuardian bool
	photo                   string // "" for NULL
	photoMissing            bool   // referenced, but no file is written
	phone, whatsapp         string // "" for NULL
	created                 time.Time
}

// today is the register's "now": fixed, so output does not depend on when
// the generator runs.
var today = time.Date(2025, 11, 15, 9, 30, 0, 0, time.UTC)

// specialPhotoNames are given to the first photos, so every sample holds
// the names that trip up archivers: spaces, Malayalam script, brackets,
// upper-case extensions.
var specialPhotoNames = []string{
	"ഫോട്ടോ 1.jpg",
	"WhatsApp Image 2024-03-05 at 10.21.33.jpeg",
	"ഫാത്തിമ passport size.png",
	"IMG 20240113 (1).jpg",
	"photo copy.JPG",
	"ഫോട്ടോ 2.png",
}

type plan struct {
	areas   []*area
	houses  []*house
	members []*member
}

func years(r *rand.Rand, lo, hi int) time.Duration {
	days := lo*365 + r.IntN((hi-lo)*365+1)
	return time.Duration(days) * 24 * time.Hour
}

func houseName(r *rand.Rand) string {
	if r.IntN(4) == 0 {
		return houseWhole[r.IntN(len(houseWhole))]
	}
	return houseStarts[r.IntN(len(houseStarts))] + houseEnds[r.IntN(len(houseEnds))]
}

func givenName(r *rand.Rand, female bool) string {
	if female {
		return femaleNames[r.IntN(len(femaleNames))]
	}
	return maleNames[r.IntN(len(maleNames))]
}

// phone is a made-up Indian mobile number: ten digits starting 9, 8 or 7.
func phone(r *rand.Rand) string {
	return fmt.Sprintf("%c%09d", "987"[r.IntN(3)], r.IntN(1_000_000_000))
}

// makePlan draws the whole register for opt.
func makePlan(r *rand.Rand, opt Options) *plan {
	p := &plan{}
	if opt.Members == 0 {
		return p
	}
	nAreas := min(max(opt.Members/500+2, 1), len(places))
	for i, pl := range r.Perm(len(places))[:nAreas] {
		p.areas = append(p.areas, &area{
			id:    i + 1,
			name:  fmt.Sprintf("Area %d – %s", i+1, places[pl]),
			place: places[pl],
			head:  givenName(r, false) + " " + houseName(r),
		})
	}

	var h *house
	add := func(m *member) bool {
		if len(p.members) >= opt.Members {
			return false
		}
		m.house = h
		m.id = len(p.members) + 1
		m.memberID = fmt.Sprint(1000 + m.id)
		m.status = "live"
		p.members = append(p.members, m)
		return true
	}

	for len(p.members) < opt.Members {
		a := p.areas[r.IntN(len(p.areas))]
		family := houseName(r)
		h = &house{
			id:       len(p.houses) + 1,
			name:     family,
			family:   family,
			location: a.place,
			area:     a,
			created:  today.Add(-years(r, 1, 6)),
		}
		h.homeID = fmt.Sprint(1000 + h.id)
		if r.IntN(10) < 3 {
			h.hasOldCode, h.oldCode = true, fmt.Sprintf("OM-%03d", r.IntN(900)+100)
		}
		if r.IntN(2) == 0 {
			h.locality = places[r.IntN(len(places))]
		}
		h.address = fmt.Sprintf("%s House\n%s\nP.O. %s, PIN 67%04d", family, h.location, a.place, r.IntN(10000))
		p.houses = append(p.houses, h)

		fatherAge := years(r, 25, 70)
		grandfather := givenName(r, false)
		var grandmother *member
		if r.IntN(5) == 0 {
			grandmother = &member{female: true, name: givenName(r, true), surname: houseName(r),
				born: today.Add(-fatherAge - years(r, 19, 30)), grandfather: givenName(r, false),
				spouseName: grandfather, spouseSur: family}
			if !add(grandmother) {
				break
			}
			if r.IntN(8) == 0 {
				grandmother.status = "dead"
				grandmother.died = today.Add(-years(r, 0, 3))
			}
		}
		father := &member{name: givenName(r, false), surname: family, born: today.Add(-fatherAge),
			fatherName: grandfather, fatherSur: family, grandfather: givenName(r, false),
			motherName: givenName(r, true), motherSur: houseName(r)}
		if grandmother != nil {
			father.mother, father.motherName, father.motherSur = grandmother, grandmother.name, grandmother.surname
		}
		if !add(father) {
			break
		}
		h.guardian, father.isGuardian = father, true
		if r.IntN(50) == 0 {
			father.second, father.secondSur = givenName(r, true), houseName(r)
		}
		mother := &member{female: true, name: givenName(r, true), surname: houseName(r),
			born: father.born.Add(years(r, 2, 10)), fatherName: givenName(r, false),
			motherName: givenName(r, true), grandfather: givenName(r, false)}
		mother.fatherSur, mother.motherSur = mother.surname, houseName(r)
		if !add(mother) {
			break
		}
		father.spouse, father.spouseName, father.spouseSur = mother, mother.name, mother.surname
		mother.spouse, mother.spouseName, mother.spouseSur = father, father.name, father.surname
		if r.IntN(12) == 0 {
			// A widow heads the house.
			father.status = "dead"
			father.died = today.Add(-years(r, 0, 8))
			father.isGuardian = false
			h.guardian, mother.isGuardian = mother, true
		}

		motherAge := today.Sub(mother.born)
		maxChildren := min(5, int(motherAge.Hours()/24/365-19)/2)
		for c := 0; c < max(0, min(maxChildren, r.IntN(6))); c++ {
			female := r.IntN(2) == 0
			born := mother.born.Add(years(r, 19+2*c, 20+2*c))
			if born.After(today) {
				break
			}
			child := &member{female: female, name: givenName(r, female), born: born,
				father: father, fatherName: father.name, fatherSur: father.surname,
				mother: mother, motherName: mother.name, motherSur: mother.surname,
				grandfather: father.fatherName}
			if r.IntN(10) < 7 {
				child.surname = family
			}
			if today.Sub(born) > 22*365*24*time.Hour && r.IntN(3) == 0 {
				child.spouseName, child.spouseSur = givenName(r, !female), houseName(r)
			}
			if !add(child) {
				break
			}
		}
	}

	for _, m := range p.members {
		age := today.Sub(m.born)
		if r.IntN(100) < 85 {
			m.adhar = fmt.Sprintf("%04d", r.IntN(10000))
		}
		if m.status == "live" && age > 18*365*24*time.Hour && r.IntN(100) == 0 {
			m.status = "terminated"
		}
		if age > 16*365*24*time.Hour && m.status == "live" && r.IntN(100) < 85 {
			m.phone = phone(r)
			switch n := r.IntN(10); {
			case n < 6:
				m.whatsapp = m.phone
			case n < 8:
				m.whatsapp = phone(r)
			}
		}
		m.generalBody = !m.female && m.status == "live" && age >= 18*365*24*time.Hour
		m.created = today.Add(-years(r, 0, 5))
	}
	return p
}

// assignPhotos gives round(fraction*members) members a photo name and
// marks the first opt.MissingPhotos of them (in a shuffled order) as
// referenced but absent.
func assignPhotos(r *rand.Rand, p *plan, opt Options) {
	n := int(opt.PhotoFraction*float64(len(p.members)) + 0.5)
	order := r.Perm(len(p.members))[:n]
	// Photo members in register order, so the special names land on the
	// first members a person scrolls past.
	chosen := make([]bool, len(p.members))
	for _, i := range order {
		chosen[i] = true
	}
	k := 0
	for i, m := range p.members {
		if !chosen[i] {
			continue
		}
		var name string
		if k < len(specialPhotoNames) {
			name = specialPhotoNames[k]
		} else {
			ext := ".jpg"
			switch x := r.IntN(20); {
			case x < 3:
				ext = ".png"
			case x < 5:
				ext = ".jpeg"
			}
			name = fmt.Sprintf("%s_%08x%s", m.memberID, r.Uint32(), ext)
		}
		m.photo = "members/photos/" + name
		k++
	}
	for _, i := range order[:opt.MissingPhotos] {
		p.members[i].photoMissing = true
	}
}
