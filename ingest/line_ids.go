package ingest

import (
	"strings"

	"marquee/store"
)

// What a line keeps for the title catalog (FORMATS.md v2, "Titles"): the
// name as the report wrote it, the episode of a series, and the row's
// stable ids. Identifiers are written `scheme:value`, the scheme lower
// case and the value as the report wrote it, trimmed (YouTube ids are
// case-sensitive): "apple:912345678", "apple-vendor:LF_LONGROAD_HD",
// "isan:…", "upc:…", "youtube:dQw4w9WgXcQ", "youtube-asset:A123",
// "youtube-custom:LR-001", "asin:B0…", "amazon:…", "vimeo:…".

// idColumn is an optional column whose cell is an identifier.
type idColumn struct {
	col    int
	scheme string
}

// identifiers collects the row's non-empty identifier cells, in the order
// given; nil when there are none.
func identifiers(r row, l *layout, cols []idColumn) []string {
	var ids []string
	for _, c := range cols {
		v := strings.TrimSpace(l.get(r, c.col))
		if v == "" {
			continue
		}
		if ids == nil {
			ids = make([]string, 0, len(cols))
		}
		ids = append(ids, c.scheme+":"+v) // a new string: the file's text is not pinned
	}
	return ids
}

// rawTitle is the cell the line's title was read from, as the report wrote
// it. Most cells are already normal, and then the interned title is the
// same text and costs nothing to keep.
func rawTitle(r row, l *layout, c int, title string) string {
	if raw := l.get(r, c); raw != title {
		return strings.Clone(raw)
	}
	return title
}

// episode reads an optional name cell (an episode, a season), normalised
// like a title; "" when empty.
func (fc *fileContext) episode(r row, l *layout, c int) string {
	if t := normalizeTitle(l.get(r, c)); t != "" {
		return fc.intern(t)
	}
	return ""
}

// makeNegative makes a return's quantity and amount negative: channels
// write returns either signed or as positive figures with a return flag.
func makeNegative(li *store.LineItem) {
	if li.Quantity.IsPositive() {
		li.Quantity = li.Quantity.Neg()
	}
	if li.Amount.IsPositive() {
		li.Amount = li.Amount.Neg()
	}
}
