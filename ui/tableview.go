package ui

import (
	"fmt"
	"strings"

	"marquee/format"
)

// View renders tab bar, header, rows and a footer in t.w×t.h.
func (t *table) View() string {
	if t.w < 10 || t.h < 4 {
		return ""
	}
	s := t.c.styles
	tab := func(i int, name string, active bool) string {
		return t.c.zones.Mark(fmt.Sprintf("%stab%d", t.zid, i), tabLabel(s, active, name))
	}
	lines := []string{tab(0, "Monthly (m)", t.view == viewMonthly) + " " + tab(1, "Detail (d)", t.view == viewDetail)}
	if t.view == viewMonthly {
		lines = append(lines, t.monthlyLines()...)
	} else {
		lines = append(lines, t.detailLines()...)
	}
	for len(lines) < t.h-1 {
		lines = append(lines, "")
	}
	lines = append(lines[:t.h-1], s.Muted.Render(fit(t.footer(), t.w)))
	return strings.Join(lines, "\n")
}

// header renders the column titles, each a click target, with the sort
// arrow on the sorted column.
func (t *table) header(cols []column, sortCol int, desc bool) string {
	parts := make([]string, len(cols))
	parts[0] = " "
	for i, c := range cols {
		title := c.title
		if i == sortCol {
			title += map[bool]string{false: " ▲", true: " ▼"}[desc]
		}
		cell := fit(title, c.width)
		if c.right {
			cell = fitRight(title, c.width)
		}
		parts[i] += t.c.zones.Mark(fmt.Sprintf("%sh%d", t.zid, i), t.c.styles.HeaderCell.Render(cell))
	}
	return strings.Join(parts, " ")
}

// row marks a body row as a click target; the cursor row gets a › in the
// gutter as well as reverse video, so it shows without colour.
func (t *table) row(i int, line string, selected bool) string {
	if selected {
		line = t.c.styles.Selected.Render("›" + line)
	} else {
		line = " " + line
	}
	return t.c.zones.Mark(fmt.Sprintf("%sr%d", t.zid, i), line)
}

func (t *table) monthlyLines() []string {
	cols := monthlyColumns(t.w - 1)
	lines := []string{t.header(cols, t.mSort, t.mDesc)}
	n := t.pageSize()
	if t.mCursor < t.mOffset {
		t.mOffset = t.mCursor
	}
	if t.mCursor >= t.mOffset+n {
		t.mOffset = t.mCursor - n + 1
	}
	if len(t.months) == 0 {
		lines = append(lines, t.c.styles.Muted.Render("No months match these filters."))
	}
	for i := t.mOffset; i < len(t.months) && i < t.mOffset+n; i++ {
		lines = append(lines, t.row(i-t.mOffset, renderCells(cols, MonthCells(t.months[i])), t.focused && i == t.mCursor))
	}
	return lines
}

func (t *table) detailLines() []string {
	cols := detailColumns(t.w - 1)
	lines := []string{t.header(cols, t.dSort, t.dDesc)}
	switch {
	case t.err != nil:
		lines = append(lines, t.c.styles.Err.Render(fit(format.Sanitize(t.err.Error()), t.w)))
	case len(t.page.Rows) == 0 && !t.loading:
		lines = append(lines, t.c.styles.Muted.Render("No lines match."))
	}
	for i, r := range t.page.Rows {
		if i >= t.pageSize() {
			break
		}
		lines = append(lines, t.row(i, renderCells(cols, DetailCells(r)), t.focused && i == t.dCursor))
	}
	return lines
}

func (t *table) footer() string {
	if t.view == viewMonthly {
		line := fmt.Sprintf("%d months · sorted by %s · enter: month detail", len(t.months), monthlyTitles[t.mSort])
		for _, r := range t.months {
			if r.PendingLines > 0 {
				return line + " · * lines pending FX"
			}
		}
		return line
	}
	var parts []string
	if t.searching {
		return "search: " + t.search.view(true) + "   (enter apply · esc cancel)"
	}
	if t.page.Total == 0 {
		parts = append(parts, "0 lines")
	} else {
		end := t.offset + len(t.page.Rows)
		parts = append(parts, fmt.Sprintf("%s–%s of %s lines", format.GroupThousands(fmt.Sprint(t.offset+1)), format.GroupThousands(fmt.Sprint(end)), format.GroupThousands(fmt.Sprint(t.page.Total))))
	}
	if t.drill != nil {
		parts = append(parts, MonthLabel(*t.drill)+" (esc back)")
	}
	if t.query != "" {
		parts = append(parts, fmt.Sprintf("search %q", t.query))
	}
	if t.loading {
		parts = append(parts, "loading…")
	}
	return strings.Join(parts, " · ")
}
