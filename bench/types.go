package main

// query is a filter every engine understands: inclusive watch dates
// (YYYY-MM-DD, empty for unbounded), titles and country codes.
type query struct {
	from, to  string
	titles    []string
	countries []string
}

// metrics are the tiles, with revenue as a normalised exact decimal.
type metrics struct {
	Titles, Channels, Countries int
	Lines, Pending              int
	Revenue                     string
}

// monthRow is one Monthly row.
type monthRow struct {
	Month                       string // YYYY-MM
	Titles, Channels, Countries int
	Pending                     int
	Revenue                     string
}

type summary struct {
	Metrics metrics
	Months  []monthRow
}

// pageRow is what the harness compares of a Detail row: the revenue (ties
// may order equal revenues differently, so rows are compared by it alone).
type pageRow struct {
	Title, Channel, Country, WatchDate string
	Revenue                            string // "pending" when no rate
}

type page struct {
	Total int
	Rows  []pageRow
}

// engine is one of marquee, DuckDB and SQLite, holding one database.
type engine interface {
	name() string
	// importFiles builds a fresh database from the rates file and the
	// line files, in that order.
	importFiles(rates string, lines []string) error
	open() error
	// summary is metrics and monthly rows under q in the current zone.
	summary(q query) (summary, error)
	// firstMetrics is what a cold start shows: metrics with no filter.
	firstMetrics() (metrics, error)
	// detail is the first page of 50 under q, by revenue descending.
	detail(q query) (page, error)
	// setZone changes (and persists) the account's time zone.
	setZone(zone string) error
	close() error
}
