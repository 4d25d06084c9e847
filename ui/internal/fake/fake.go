// Package fake is a deterministic in-memory account for the dashboard's
// tests: the methods of ui.Account over eight months (Jan–Aug 2024) of four
// titles, five countries (one unknown) and three channels, with fixed
// decimals, from two imported files. Its filter, sort, search and paging
// answer as *store.Account does over the same lines: conformance_test.go
// posts them to a real temporary store and compares every answer.
//
// It leaves out what its data never exercises: time zones and instants
// (every line reports a month), supersession (no final report covers an
// estimate), duplicate transaction ids and currency conversion (its one
// line in yen stays pending). Lines added with Post carry no source file.
package fake

import (
	"crypto/sha256"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"marquee/internal/broadcast"
	"marquee/store"
)

// Base is the instant of the fake's imports; tests run with Now = Base+2m.
var Base = time.Date(2024, time.September, 1, 12, 0, 0, 0, time.UTC)

// Account is safe for concurrent use: the dashboard queries it from
// tea.Cmd goroutines.
type Account struct {
	mu      sync.Mutex
	name    string
	zone    string
	loc     *time.Location
	demo    bool
	lines   []store.DetailRow
	files   []store.FileRecord
	changes broadcast.Signal

	SummaryCalls, DetailCalls int
	// Delay, when set, is slept by every query, to exercise loading states.
	Delay time.Duration
}

// Titles of the fake. The third carries a terminal escape sequence (an OSC
// window-title change and a colour) to prove the UI neutralises it.
var fakeTitles = []string{"Night Train", "Paper Moons", "\x1b]0;pwned\x07Glass \x1b[31mHarbor", "The Quiet Field"}

var fakeCountries = []string{"GB", "US", "DE", "FR", "zz"}
var fakeChannels = []string{"iTunes", "Amazon", "Vimeo"}

// New returns the standard fake: Jan–Aug 2024, four titles, five
// countries (one unknown), three channels, one line pending FX.
func New() *Account {
	a := &Account{name: "Lighthouse Films", zone: "UTC", loc: time.UTC, demo: true}
	n := 0
	for mi := 0; mi < 8; mi++ {
		month := store.MonthOf(2024, time.January+time.Month(mi))
		for ti, title := range fakeTitles {
			for ci, country := range fakeCountries {
				// Not every combination sells every month.
				if (mi+ti+ci)%3 == 2 {
					continue
				}
				ch := fakeChannels[(mi+ti+ci)%len(fakeChannels)]
				cents := int64((mi*7919+ti*4243+ci*1733)%90000 + 1000 + mi*12000)
				a.lines = append(a.lines, row(month, title, ch, country, cents*37+123, int64(1+(mi*3+ti+ci)%40), mi))
				n++
			}
		}
	}
	// One line waiting for an exchange rate.
	p := row(store.MonthOf(2024, time.August), "Night Train", "Vimeo", "GB", 0, 3, 7)
	p.Pending, p.Currency, p.Amount = true, "JPY", decimal.New(150000, 0)
	a.lines = append(a.lines, p)
	a.files = []store.FileRecord{
		{Name: "itunes-2024-08.txt", Format: "itunes", Stored: n / 2, Channels: []string{"iTunes"}, ImportedAt: Base.Add(-3 * time.Hour)},
		{Name: "amazon-2024-08.csv", Format: "amazon", Stored: n / 2, Channels: []string{"Amazon", "Vimeo"}, ImportedAt: Base},
	}
	// Every line points back at the file it came from, as the store's do.
	lineNo := make([]int, len(a.files))
	for i := range a.files {
		a.files[i].SHA256 = fmt.Sprintf("%x", sha256.Sum256([]byte(a.files[i].Name)))
		lineNo[i] = 1 // the header
	}
	for i := range a.lines {
		f := 1
		if a.lines[i].Channel == "iTunes" {
			f = 0
		}
		lineNo[f]++
		a.lines[i].Source = store.Source{File: a.files[f].Name, Line: lineNo[f], SHA256: a.files[f].SHA256}
	}
	return a
}

func row(m store.Month, title, channel, country string, millis, qty int64, mi int) store.DetailRow {
	// The store's watch date of a period: its middle day.
	watch := store.Midpoint(m.First(), m.Last())
	st := store.Final
	if mi >= 6 {
		st = store.Estimated
	}
	unit := "views"
	if channel == "iTunes" {
		unit = "rentals"
	}
	rev := decimal.New(millis, -3)
	return store.DetailRow{
		LineItem: store.LineItem{
			Title: title, Channel: channel, Country: country,
			ReportDate: m.Last() + 10, PeriodStart: m.First(), PeriodEnd: m.Last(),
			Quantity: decimal.New(qty, 0), Unit: unit, Amount: rev, Currency: "USD", Status: st,
		},
		WatchDate:  watch,
		RevenueUSD: rev,
	}
}

func (a *Account) Name() string { return a.name }
func (a *Account) IsDemo() bool { return a.demo }

func (a *Account) TimeZone() string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.zone
}

func (a *Account) Location() *time.Location {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.loc
}

// SetTimeZone validates with the tz database, like the store.
func (a *Account) SetTimeZone(zone string) error {
	loc, err := time.LoadLocation(zone)
	if err != nil || zone == "" || zone == "Local" {
		return fmt.Errorf("unknown time zone %q", zone)
	}
	a.mu.Lock()
	a.zone, a.loc = zone, loc
	a.mu.Unlock()
	a.Notify()
	return nil
}

func (a *Account) sleep() {
	if a.Delay > 0 {
		time.Sleep(a.Delay)
	}
}

func matches(f store.Filter, r store.DetailRow) bool {
	if f.From != 0 && r.WatchDate < f.From || f.To != 0 && r.WatchDate > f.To {
		return false
	}
	in := func(v string, set []string) bool {
		if len(set) == 0 {
			return true
		}
		for _, s := range set {
			if s == v {
				return true
			}
		}
		return false
	}
	return in(r.Title, f.Titles) && in(r.Country, f.Countries) && in(r.Channel, f.Channels)
}

// Summary aggregates the filtered lines into tiles and months.
func (a *Account) Summary(f store.Filter) (store.Metrics, []store.MonthRow, error) {
	a.sleep()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.SummaryCalls++
	var met store.Metrics
	type sets struct{ t, ch, co map[string]bool }
	all := sets{map[string]bool{}, map[string]bool{}, map[string]bool{}}
	byMonth := map[store.Month]*store.MonthRow{}
	monthSets := map[store.Month]sets{}
	for _, r := range a.lines {
		if !matches(f, r) {
			continue
		}
		m := r.WatchDate.Month()
		mr := byMonth[m]
		if mr == nil {
			mr = &store.MonthRow{Period: m}
			byMonth[m] = mr
			monthSets[m] = sets{map[string]bool{}, map[string]bool{}, map[string]bool{}}
		}
		ms := monthSets[m]
		for _, s := range []sets{all, ms} {
			s.t[r.Title] = true
			s.ch[r.Channel] = true
			if r.Country != store.Unknown {
				s.co[r.Country] = true
			}
		}
		met.Lines++
		if r.Status == store.Final {
			met.FinalLines++
		}
		if r.Pending {
			met.PendingLines++
			mr.PendingLines++
			continue
		}
		met.RevenueUSD = met.RevenueUSD.Add(r.RevenueUSD)
		mr.RevenueUSD = mr.RevenueUSD.Add(r.RevenueUSD)
	}
	met.Titles, met.Channels, met.Countries = len(all.t), len(all.ch), len(all.co)
	rows := make([]store.MonthRow, 0, len(byMonth))
	for m, mr := range byMonth {
		s := monthSets[m]
		mr.Titles, mr.Channels, mr.Countries = len(s.t), len(s.ch), len(s.co)
		rows = append(rows, *mr)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i].Period < rows[j].Period })
	return met, rows, nil
}

// Detail filters, searches, sorts and pages like the store.
func (a *Account) Detail(q store.DetailQuery) (store.DetailPage, error) {
	a.sleep()
	a.mu.Lock()
	defer a.mu.Unlock()
	a.DetailCalls++
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Offset = max(q.Offset, 0)
	if q.Sort == "" {
		q.Sort = store.SortReportDate
	}
	if !slices.Contains(store.SortColumns, q.Sort) {
		return store.DetailPage{}, fmt.Errorf("cannot sort by %q", q.Sort)
	}
	search := strings.ToLower(strings.TrimSpace(q.Search))
	var rows []store.DetailRow
	for _, r := range a.lines {
		if !matches(q.Filter, r) {
			continue
		}
		if search != "" && !strings.Contains(strings.ToLower(r.Title+"\x00"+r.Channel+"\x00"+r.Country+"\x00"+store.CountryName(r.Country)), search) {
			continue
		}
		rows = append(rows, r)
	}
	cmp := func(x, y store.DetailRow) int {
		switch q.Sort {
		case store.SortTitle:
			return strings.Compare(x.Title, y.Title)
		case store.SortChannel:
			return strings.Compare(x.Channel, y.Channel)
		case store.SortCountry:
			return compareCountries(x.Country, y.Country)
		case store.SortQuantity:
			return x.Quantity.Cmp(y.Quantity)
		case store.SortRevenue:
			if x.Pending != y.Pending { // the store puts pending lines first
				if x.Pending {
					return -1
				}
				return 1
			}
			return x.RevenueUSD.Cmp(y.RevenueUSD)
		case store.SortStatus:
			return int(x.Status) - int(y.Status)
		case store.SortWatchDate:
			return int(x.WatchDate - y.WatchDate)
		}
		return int(x.ReportDate - y.ReportDate)
	}
	// Ties keep the store's storage order, ascending whatever the
	// direction: by month, then by file in import order, then by line.
	place := a.storageOrder()
	sort.SliceStable(rows, func(i, j int) bool {
		c := cmp(rows[i], rows[j])
		if q.Desc {
			c = -c
		}
		if c == 0 {
			c = place(rows[i]).Compare(place(rows[j]))
		}
		return c < 0
	})
	page := store.DetailPage{Total: len(rows)}
	if q.Offset < len(rows) {
		page.Rows = append([]store.DetailRow(nil), rows[q.Offset:min(len(rows), q.Offset+q.Limit)]...)
	}
	return page, nil
}

// storageOrder returns where the store keeps a line relative to the
// others: its watch month, then its file's place among the imports
// (lines posted with no source after every file).
func (a *Account) storageOrder() func(store.DetailRow) storagePlace {
	files := map[string]int{}
	for i, f := range a.files {
		files[f.SHA256] = i
	}
	return func(r store.DetailRow) storagePlace {
		f, ok := files[r.Source.SHA256]
		if !ok {
			f = len(a.files)
		}
		return storagePlace{month: r.WatchDate.Month(), file: f}
	}
}

type storagePlace struct {
	month store.Month
	file  int
}

func (p storagePlace) Compare(o storagePlace) int {
	if p.month != o.month {
		return int(p.month) - int(o.month)
	}
	return p.file - o.file
}

func (a *Account) distinct(get func(store.DetailRow) string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	set := map[string]bool{}
	for _, r := range a.lines {
		set[get(r)] = true
	}
	out := make([]string, 0, len(set))
	for v := range set {
		out = append(out, v)
	}
	sort.Strings(out)
	return out
}

func (a *Account) Titles() []string {
	return a.distinct(func(r store.DetailRow) string { return r.Title })
}
func (a *Account) Channels() []string {
	return a.distinct(func(r store.DetailRow) string { return r.Channel })
}

// Countries lists the codes present like the store: unknown (zz) first.
func (a *Account) Countries() []string {
	codes := a.distinct(func(r store.DetailRow) string { return r.Country })
	slices.SortFunc(codes, compareCountries)
	return codes
}

// compareCountries orders codes as the store does: unknown first, then
// the ISO codes alphabetically.
func compareCountries(x, y string) int {
	if (x == store.Unknown) != (y == store.Unknown) {
		if x == store.Unknown {
			return -1
		}
		return 1
	}
	return strings.Compare(x, y)
}

func (a *Account) Files() ([]store.FileRecord, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return append([]store.FileRecord(nil), a.files...), nil
}

// Subscribe returns a channel that receives after every change.
func (a *Account) Subscribe() (<-chan struct{}, func()) { return a.changes.Subscribe() }

// Notify signals every subscriber without blocking (a pending signal is
// enough: subscribers re-read everything).
func (a *Account) Notify() { a.changes.Notify() }

// Post adds lines (as an import would) and signals subscribers.
func (a *Account) Post(rows ...store.DetailRow) {
	a.mu.Lock()
	a.lines = append(a.lines, rows...)
	a.mu.Unlock()
	a.Notify()
}

// Row builds a line for Post.
func Row(m store.Month, title, channel, country string, revenueMillis, qty int64) store.DetailRow {
	return row(m, title, channel, country, revenueMillis, qty, 0)
}

// Calls returns how many Summary and Detail queries ran.
func (a *Account) Calls() (summary, detail int) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.SummaryCalls, a.DetailCalls
}

// EachDetail calls fn with every line under q, in q's order, ignoring its
// page, as the store's EachDetail does.
func (a *Account) EachDetail(q store.DetailQuery, fn func(store.DetailRow) error) error {
	q.Offset, q.Limit = 0, math.MaxInt32
	page, err := a.Detail(q)
	if err != nil {
		return err
	}
	for _, r := range page.Rows {
		if err := fn(r); err != nil {
			return err
		}
	}
	return nil
}

// Empty returns an account with no line items and no files, as a new
// user's is.
func Empty() *Account {
	return &Account{name: "local", zone: "UTC", loc: time.UTC}
}
