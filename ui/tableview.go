package ui

import (
	"fmt"
	"strings"

	"marquee/format"
)

// Rendering shared by the Monthly and Detail tables.

// tableHeader renders the column titles, each a click target, with the
// sort arrow on the sorted column.
func tableHeader(c *common, zid zonePrefix, cols []column, sortCol int, desc bool) string {
	parts := make([]string, 0, len(cols))
	for i, col := range cols {
		if col.hidden {
			continue
		}
		title := col.title
		if i == sortCol {
			title += map[bool]string{false: " ▲", true: " ▼"}[desc]
		}
		cell := fit(title, col.width)
		if col.right {
			cell = fitRight(title, col.width)
		}
		parts = append(parts, c.mark(zid.id(zoneHeader, i), c.styles.HeaderCell.Render(cell)))
	}
	return " " + strings.Join(parts, " ")
}

// rowState is how a body row is drawn.
type rowState int

const (
	rowPlain    rowState = iota
	rowSelected          // the cursor row of a table without focus
	rowCursor            // the cursor row of the focused table
)

func rowMark(cursor, focused bool) rowState {
	switch {
	case cursor && focused:
		return rowCursor
	case cursor:
		return rowSelected
	}
	return rowPlain
}

// tableRow marks body row i (on screen) as a click target. The cursor row
// gets a › in the gutter as well as reverse video, so it shows without
// colour; without focus it keeps a muted ›, so the Monthly row follows
// the chart's cursor visibly while the chart has the keys.
func tableRow(c *common, zid zonePrefix, i int, line string, st rowState) string {
	switch st {
	case rowCursor:
		line = c.styles.Selected.Render("›" + line)
	case rowSelected:
		line = c.styles.Muted.Render("›") + line
	default:
		line = " " + line
	}
	return c.mark(zid.id(zoneRow, i), line)
}

// position says which rows of a long list are on screen and what is hidden
// on either side: "▲ 7 above · 8–21 of 36 months · ▼ 15 below". first is
// the index of the first row shown.
func position(first, shown, total int, noun string) string {
	if total == 0 || shown == 0 {
		return plural(total, noun)
	}
	n := func(i int) string { return format.GroupThousands(fmt.Sprint(i)) }
	last := first + shown
	s := fmt.Sprintf("%s–%s of %s %s", n(first+1), n(last), n(total), pluralNoun(total, noun))
	if first > 0 {
		s = fmt.Sprintf("▲ %s above · ", n(first)) + s
	}
	if last < total {
		s += fmt.Sprintf(" · ▼ %s below", n(total-last))
	}
	return s
}

// plural is "1 month", "36 months" (thousands grouped).
func plural(n int, noun string) string {
	return format.GroupThousands(fmt.Sprint(n)) + " " + pluralNoun(n, noun)
}

func pluralNoun(n int, noun string) string {
	if n == 1 {
		return noun
	}
	return noun + "s"
}
