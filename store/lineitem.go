package store

import (
	"time"

	"github.com/shopspring/decimal"
)

// Status says whether a line is a channel's estimate or its final word.
type Status uint8

const (
	Estimated Status = iota
	Final
)

func (s Status) String() string {
	if s == Final {
		return "final"
	}
	return "estimated"
}

// ParseStatus reads "estimated" or "final"; empty means estimated.
func ParseStatus(s string) (Status, bool) {
	switch s {
	case "", "estimated":
		return Estimated, true
	case "final":
		return Final, true
	}
	return Estimated, false
}

// Units a quantity may be counted in (FORMATS.md).
// New units go at the end: raw rows store a unit as its index here.
var Units = []string{"units", "views", "impressions", "sessions", "minutes", "hours", "rentals", "purchases", "subscriptions"}

// Source points back at the raw report a line came from, for audit.
type Source struct {
	File   string // file name as imported
	Line   int    // 1-based line number in the decoded file
	SHA256 string // hex SHA-256 of the file's bytes
}

// LineItem is the normalized line item of FORMATS.md. Ingest fills it; the
// store derives the watch date, converts the currency and decides
// supersession.
type LineItem struct {
	Title   string // trimmed, inner whitespace collapsed; the series for an episode
	Channel string // display name, e.g. "iTunes"

	// What the report itself said, kept for the title catalog (FORMATS.md
	// v2, "Titles"): the name as written, the episode or season of a series,
	// and the row's stable ids ("apple:123", "isan:…", "youtube:VIDEO"...).
	RawTitle    string
	Episode     string
	Identifiers []string
	// Adjustment is the channel's type for a correction row (YouTube's
	// "Adjustment Type"), empty for an ordinary line.
	Adjustment string
	Country    string // ISO 3166-1 alpha-2 upper case, or "zz" for unknown

	ReportDate Date
	// Either a reported period (start..end inclusive) or an instant.
	PeriodStart, PeriodEnd Date
	WatchedAt              time.Time // zero when the line reports a period

	Quantity decimal.Decimal
	Unit     string
	Amount   decimal.Decimal
	Currency string // ISO 4217, upper case

	Status        Status
	TransactionID string // optional; deduplicated per channel
	Source        Source
}

// HasInstant reports whether the line was reported with a watched_at instant.
func (l *LineItem) HasInstant() bool { return !l.WatchedAt.IsZero() }

// HasPeriod reports whether the line reports a period. A line may have
// both: its watch date comes from the instant, its coverage (when final)
// and its conversion date from the period.
func (l *LineItem) HasPeriod() bool { return l.PeriodStart != 0 || l.PeriodEnd != 0 }

// Filter narrows every query. Fields are ANDed; values within a field are
// ORed; an empty field matches everything. From and To are inclusive watch
// dates; zero means unbounded.
type Filter struct {
	From, To  Date
	Titles    []string
	Countries []string // codes, "zz" for unknown
	Channels  []string
	// Location overrides the account's time zone for this query only
	// (report --tz). Nil uses the account's zone.
	Location *time.Location
}

// Metrics are the four tiles plus the pending count.
type Metrics struct {
	Titles       int
	Channels     int
	Countries    int // known countries only: zz is not counted
	RevenueUSD   decimal.Decimal
	PendingLines int
	Lines        int // line items counted (superseded excluded)
	FinalLines   int // of Lines, those whose status is final
}

// MonthRow is one row of the Monthly view and one point of the chart.
type MonthRow struct {
	Period       Month
	Titles       int
	Channels     int
	Countries    int
	RevenueUSD   decimal.Decimal
	PendingLines int
}

// DetailRow is one stored line item as the Detail view shows it.
type DetailRow struct {
	LineItem
	WatchDate  Date
	RevenueUSD decimal.Decimal // zero when Pending
	Pending    bool
}

// SortColumn names a Detail column to sort by.
type SortColumn string

const (
	SortReportDate SortColumn = "report_date"
	SortWatchDate  SortColumn = "watch_date"
	SortTitle      SortColumn = "title"
	SortChannel    SortColumn = "channel"
	SortCountry    SortColumn = "country"
	SortQuantity   SortColumn = "quantity"
	SortRevenue    SortColumn = "revenue_usd"
	SortStatus     SortColumn = "status"
)

// SortColumns lists every sortable Detail column.
var SortColumns = []SortColumn{SortReportDate, SortWatchDate, SortTitle, SortChannel, SortCountry, SortQuantity, SortRevenue, SortStatus}

// DetailQuery asks for one page of line items.
type DetailQuery struct {
	Filter Filter
	Sort   SortColumn // default report_date
	Desc   bool
	Offset int
	Limit  int // default 50
	// Search keeps lines whose title, channel, country code or country
	// name contains it, ignoring case.
	Search string
}

// DetailPage is a page of line items and the total that matched.
type DetailPage struct {
	Rows  []DetailRow
	Total int
}

// FileRecord is an imported (or skipped) file, kept for audit and
// idempotence.
type FileRecord struct {
	SHA256     string    `json:"sha256"`
	Name       string    `json:"name"`
	Format     string    `json:"format"`
	Size       int64     `json:"size"`
	RowsRead   int       `json:"rows_read"`
	Stored     int       `json:"stored"`
	Duplicates int       `json:"duplicates"` // rows skipped by transaction id
	Pending    int       `json:"pending"`
	Superseded int       `json:"superseded"`
	Channels   []string  `json:"channels,omitempty"`
	Notes      []string  `json:"notes,omitempty"` // what the import said besides counts, e.g. skipped archive members
	ImportedAt time.Time `json:"imported_at"`
}

// Rate is one ECB reference rate: units of Currency per 1 EUR on Date.
type Rate struct {
	Date     Date
	Currency string
	PerEUR   decimal.Decimal
}
