package main

import (
	"fmt"
	"os"
	"path/filepath"

	"marquee/ingest"
	"marquee/store"
)

// marqueeEngine drives marquee's public API: ingest for the import,
// store.Account for the queries.
type marqueeEngine struct {
	path string
	db   *store.DB
	acct *store.Account
}

func newMarquee(dir string) *marqueeEngine {
	return &marqueeEngine{path: filepath.Join(dir, "marquee.db")}
}

func (e *marqueeEngine) name() string { return "marquee" }

// importFiles imports the files as `marquee import` does: each through
// ingest.Importer, the rates first so that lines convert as they post.
func (e *marqueeEngine) importFiles(rates string, lines []string) error {
	if err := os.Remove(e.path); err != nil && !os.IsNotExist(err) {
		return err
	}
	if err := e.open(); err != nil {
		return err
	}
	if err := e.acct.SetTimeZone(zoneA); err != nil {
		return err
	}
	im := ingest.Importer{DB: e.db, Account: e.acct}
	for _, path := range append([]string{rates}, lines...) {
		res := im.ImportFile(path)
		if res.Err != nil {
			return res.Err
		}
		if res.Duplicate {
			return fmt.Errorf("%s: reported as a duplicate", path)
		}
	}
	return e.close()
}

func (e *marqueeEngine) open() error {
	db, err := store.Open(e.path, store.Options{})
	if err != nil {
		return err
	}
	acct, err := db.Account("bench")
	if err != nil {
		db.Close()
		return err
	}
	e.db, e.acct = db, acct
	return nil
}

func (e *marqueeEngine) close() error {
	if e.db == nil {
		return nil
	}
	err := e.db.Close()
	e.db, e.acct = nil, nil
	return err
}

func (e *marqueeEngine) filter(q query) (store.Filter, error) {
	f := store.Filter{Titles: q.titles, Countries: q.countries}
	var err error
	if q.from != "" {
		if f.From, err = store.ParseDate(q.from); err != nil {
			return f, err
		}
	}
	if q.to != "" {
		f.To, err = store.ParseDate(q.to)
	}
	return f, err
}

func (e *marqueeEngine) summary(q query) (summary, error) {
	f, err := e.filter(q)
	if err != nil {
		return summary{}, err
	}
	m, rows, err := e.acct.Summary(f)
	if err != nil {
		return summary{}, err
	}
	s := summary{Metrics: fromStoreMetrics(m)}
	for _, r := range rows {
		s.Months = append(s.Months, monthRow{
			Month: r.Period.String(), Titles: r.Titles, Channels: r.Channels, Countries: r.Countries,
			Pending: r.PendingLines, Revenue: r.RevenueUSD.String(),
		})
	}
	return s, nil
}

func fromStoreMetrics(m store.Metrics) metrics {
	return metrics{
		Titles: m.Titles, Channels: m.Channels, Countries: m.Countries,
		Lines: m.Lines, Pending: m.PendingLines, Revenue: m.RevenueUSD.String(),
	}
}

func (e *marqueeEngine) firstMetrics() (metrics, error) {
	m, err := e.acct.Metrics(store.Filter{})
	return fromStoreMetrics(m), err
}

func (e *marqueeEngine) detail(q query) (page, error) {
	f, err := e.filter(q)
	if err != nil {
		return page{}, err
	}
	p, err := e.acct.Detail(store.DetailQuery{Filter: f, Sort: store.SortRevenue, Desc: true, Limit: 50})
	if err != nil {
		return page{}, err
	}
	out := page{Total: p.Total}
	for _, r := range p.Rows {
		rev := r.RevenueUSD.String()
		if r.Pending {
			rev = "pending"
		}
		out.Rows = append(out.Rows, pageRow{Title: r.Title, Channel: r.Channel, Country: r.Country, WatchDate: r.WatchDate.String(), Revenue: rev})
	}
	return out, nil
}

func (e *marqueeEngine) setZone(zone string) error { return e.acct.SetTimeZone(zone) }
