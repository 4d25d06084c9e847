package store

import (
	"errors"
	"testing"
)

// TestHeldLinesMoveToTheOwner: lines of an unassigned title wait outside
// every account and move, exactly once, when the title is assigned.
func TestHeldLinesMoveToTheOwner(t *testing.T) {
	db := openTemp(t)
	ann := mustAccount(t, db, "ann")
	bob := mustAccount(t, db, "bob")
	rec := fileRecord("distributor.csv", 3)
	held := []LineItem{
		line("Orphan", "Tubi", "US", "2024-06-01", "1.50"),
		line("Orphan", "Tubi", "GB", "2024-06-02", "2.25"),
		line("Stray", "Tubi", "US", "2024-06-03", "4"),
	}
	if err := db.Hold(rec, held); err != nil {
		t.Fatal(err)
	}
	if !db.Routed(rec.SHA256) {
		t.Fatal("file not recorded as routed")
	}
	if err := db.Hold(rec, held); !errors.Is(err, ErrDuplicateFile) {
		t.Fatalf("holding a file twice: %v", err)
	}
	titles, err := db.HeldTitles()
	if err != nil || len(titles) != 2 || titles[0] != (HeldTitle{"Orphan", 2, 1}) || titles[1] != (HeldTitle{"Stray", 1, 1}) {
		t.Fatalf("HeldTitles = %+v, %v", titles, err)
	}
	for _, a := range []*Account{ann, bob} {
		if m := metrics(t, a, Filter{}); m.Lines != 0 {
			t.Fatalf("%s sees %d held lines", a.Name(), m.Lines)
		}
	}

	moved, err := db.AssignTitle("Orphan", "ann")
	if err != nil || moved != 2 {
		t.Fatalf("AssignTitle = %d, %v", moved, err)
	}
	m := metrics(t, ann, Filter{})
	if m.Lines != 2 || !m.RevenueUSD.Equal(dec("3.75")) {
		t.Fatalf("ann after assign: %+v", m)
	}
	if m := metrics(t, bob, Filter{}); m.Lines != 0 {
		t.Fatalf("bob sees %d lines of ann's title", m.Lines)
	}
	page, err := ann.Detail(DetailQuery{})
	if err != nil || page.Total != 2 || page.Rows[0].Amount.String() != "2.25" && page.Rows[0].Amount.String() != "1.5" {
		t.Fatalf("ann detail %+v, %v", page, err)
	}
	if page.Rows[0].Amount.Exponent() != -2 {
		t.Fatalf("held decimal lost its scale: %v", page.Rows[0].Amount.Exponent())
	}

	// Assigning again moves nothing twice.
	if moved, err := db.AssignTitle("Orphan", "ann"); err != nil || moved != 0 {
		t.Fatalf("second assign = %d, %v", moved, err)
	}
	if m := metrics(t, ann, Filter{}); m.Lines != 2 {
		t.Fatalf("second assign doubled lines: %d", m.Lines)
	}
	if _, err := db.AssignTitle("Orphan", "bob"); !errors.Is(err, ErrTitleOwned) {
		t.Fatalf("reassigning ann's title to bob: %v", err)
	}
	if titles, _ := db.HeldTitles(); len(titles) != 1 || titles[0].Title != "Stray" {
		t.Fatalf("held after assign: %+v", titles)
	}
	if _, err := db.AssignTitle("Stray", "nobody"); !errors.Is(err, ErrNoAccount) {
		t.Fatalf("assign to a missing account: %v", err)
	}
}

// TestInterruptedMoveIsRetried: a move whose post landed but whose delete
// did not is finished by the next release without doubling lines.
func TestInterruptedMoveIsRetried(t *testing.T) {
	db := openTemp(t)
	ann := mustAccount(t, db, "ann")
	rec := fileRecord("d.csv", 1)
	if err := db.Hold(rec, []LineItem{line("Orphan", "Tubi", "US", "2024-06-01", "1")}); err != nil {
		t.Fatal(err)
	}
	// Simulate the crash: post the move by hand, leave holding as is.
	groups, err := db.heldGroups("Orphan")
	if err != nil || len(groups) != 1 {
		t.Fatal(groups, err)
	}
	if _, err := ann.Post(FileRecord{SHA256: heldSHA(rec.SHA256, "Orphan"), Name: "d.csv"}, groups[0].lines); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AssignTitle("Orphan", "ann"); err != nil {
		t.Fatal(err)
	}
	if m := metrics(t, ann, Filter{}); m.Lines != 1 {
		t.Fatalf("retried move left %d lines", m.Lines)
	}
	if titles, _ := db.HeldTitles(); len(titles) != 0 {
		t.Fatalf("still held: %+v", titles)
	}
}

// TestAssignRefusesATitleAnotherAccountHas: a title already in another
// account's own data cannot be given away, or both would see it.
func TestAssignRefusesATitleAnotherAccountHas(t *testing.T) {
	db := openTemp(t)
	mustAccount(t, db, "ann")
	bob := mustAccount(t, db, "bob")
	post(t, bob, "bob.csv", line("Shared", "Tubi", "US", "2024-06-01", "1"))
	if _, err := db.AssignTitle("Shared", "ann"); !errors.Is(err, ErrTitleOwned) {
		t.Fatalf("assign: %v", err)
	}
	if _, err := db.AssignTitle("Shared", "bob"); err != nil {
		t.Fatalf("assign to the account that has it: %v", err)
	}
	foreign, err := db.ForeignTitles("ann", []LineItem{line("Shared", "Tubi", "US", "2024-06-01", "1")})
	if err != nil || len(foreign) != 1 {
		t.Fatalf("ForeignTitles = %v, %v", foreign, err)
	}
}
