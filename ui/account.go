package ui

import (
	"time"

	"marquee/store"
)

// Account is what the dashboard needs from one account's store handle.
// *store.Account satisfies it; tests use a fake. Every method may be called
// from a tea.Cmd goroutine, so implementations must be safe for concurrent
// use.
type Account interface {
	Name() string
	TimeZone() string
	Location() *time.Location
	SetTimeZone(zone string) error
	IsDemo() bool
	Summary(f store.Filter) (store.Metrics, []store.MonthRow, error)
	Detail(q store.DetailQuery) (store.DetailPage, error)
	EachDetail(q store.DetailQuery, fn func(store.DetailRow) error) error
	Titles() []string
	Channels() []string
	Countries() []string
	Files() ([]store.FileRecord, error)
	Subscribe() (<-chan struct{}, func())
}
