package ui_test

import (
	"marquee/store"
	"marquee/ui"
	"marquee/ui/internal/fake"
)

// The real store handle and the test fake both satisfy the dashboard's
// interface.
var (
	_ ui.Account = (*store.Account)(nil)
	_ ui.Account = (*fake.Account)(nil)
)
