package ui

import (
	"time"

	"marquee/store"
)

// Messages children send upward to the root, and results of the root's
// commands. Every query result carries the sequence number of its request;
// the root drops any result whose number is not the latest it issued.

// filterAppliedMsg: the form's Filter or Reset button was pressed.
// reset is the Reset button: show all data again, in the table too.
type filterAppliedMsg struct {
	filter store.Filter
	reset  bool
}

// detailWantedMsg: the table needs a page of detail rows. It carries no
// query: commands deliver their messages in any order, so a request built
// before a search or a page change could arrive after it and win; the root
// asks the table for its state when the message arrives instead.
type detailWantedMsg struct{}

// exportWantedMsg: the table asks for its current view to be exported.
type exportWantedMsg struct {
	detail bool
	query  store.DetailQuery // detail view: filter, sort and search
	drill  *store.Month      // detail view opened from a month
}

type summaryResultMsg struct {
	seq     int
	metrics store.Metrics
	months  []store.MonthRow
	err     error
}

type detailResultMsg struct {
	seq    int
	query  store.DetailQuery
	page   store.DetailPage
	totals *store.Totals // when asked for: every line of the query added up
	err    error
}

// choicesMsg carries the distinct titles, countries and channels for the
// form, and the imported files for the freshness line.
type choicesMsg struct {
	seq                         int
	titles, countries, channels []string
	files                       []store.FileRecord
	filesErr                    error
}

type exportDoneMsg struct {
	path  string
	what  string // what was exported, in words
	scope string // the filter it was exported under
	err   error
}

// dataChangedMsg: the account's Subscribe channel fired.
type dataChangedMsg struct{}

// refreshMsg: the debounce after a data change elapsed; re-query now.
type refreshMsg struct{}

// tickMsg re-renders the freshness phrase now and then.
type tickMsg time.Time

// tzChangedMsg: SetTimeZone finished (err nil on success).
type tzChangedMsg struct {
	zone string
	err  error
}

// drillMsg: open the Detail of one month (enter on a Monthly row).
type drillMsg struct{ month store.Month }
