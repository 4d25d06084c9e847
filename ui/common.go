package ui

import (
	"time"

	zone "github.com/lrstanley/bubblezone"
)

// common is the per-session dependency bundle every pane receives (the
// soft-serve pattern): styles from this session's renderer, this session's
// zone manager and clock. Nothing of it lives at package level, because many
// SSH sessions share one process.
type common struct {
	styles *styles
	zones  *zone.Manager
	now    func() time.Time
}
