package ui

import (
	"fmt"

	tea "github.com/charmbracelet/bubbletea"
	zone "github.com/lrstanley/bubblezone"
)

// zonePrefix is one component's share of the session's zone ids, from
// zone.Manager.NewPrefix, so ids never clash between components.
type zonePrefix string

// zoneID names one clickable region. Ids are built from a prefix with id
// or whole, never by hand, so the place that marks a region and the place
// that tests a click on it spell it the same way.
type zoneID string

// zoneKind says what kind of region an id names.
type zoneKind string

const (
	zonePane    zoneKind = "pane" // a whole pane (root)
	zonePaneTab zoneKind = "ptab" // a compact-layout pane tab (root)
	zoneTab     zoneKind = "tab"  // Monthly and Detail tabs
	zoneHeader  zoneKind = "h"    // a table column header
	zoneRow     zoneKind = "r"    // a table row on screen
	zoneField   zoneKind = "f"    // a filter form field or button
	zoneItem    zoneKind = "i"    // an item of an open list
)

// id is the region of kind k with index i.
func (p zonePrefix) id(k zoneKind, i int) zoneID { return zoneID(fmt.Sprintf("%s%s%d", p, k, i)) }

// whole is the component's one region (the chart's canvas).
func (p zonePrefix) whole() zoneID { return zoneID(p) }

// newZonePrefix hands out a prefix unique within the process.
func (c *common) newZonePrefix() zonePrefix { return zonePrefix(c.zones.NewPrefix()) }

// mark wraps s so the zone manager records where id ended up on screen.
func (c *common) mark(id zoneID, s string) string { return c.zones.Mark(string(id), s) }

// hit reports whether the mouse event falls inside id.
func (c *common) hit(id zoneID, msg tea.MouseMsg) bool { return c.zones.Get(string(id)).InBounds(msg) }

// zone is where id was last drawn; nil before its first render.
func (c *common) zone(id zoneID) *zone.ZoneInfo { return c.zones.Get(string(id)) }
