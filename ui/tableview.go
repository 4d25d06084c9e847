package ui

import (
	"strings"
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

// tableRow marks body row i (on screen) as a click target; the cursor row
// gets a › in the gutter as well as reverse video, so it shows without
// colour.
func tableRow(c *common, zid zonePrefix, i int, line string, selected bool) string {
	if selected {
		line = c.styles.Selected.Render("›" + line)
	} else {
		line = " " + line
	}
	return c.mark(zid.id(zoneRow, i), line)
}
