package ingest

import (
	"strings"

	"marquee/store"
)

// This file stands in for helpers of the ingest branch (its
// ingest/identifiers.go, youtube_summary.go, apple_sales.go and the
// Stream.Period of `import --period`), with the same names, signatures
// and results, so that the new layouts are written against them: at the
// merge it is deleted, and importPeriod becomes fc.stream.Period.

// Identifier schemes: a line's identifiers are "SCHEME:VALUE", so that an
// Apple id and a YouTube video id with the same digits never meet.
const (
	idVendor        = "vendor"         // Apple Vendor Identifier: the filmmaker's own SKU
	idApple         = "apple"          // Apple Identifier
	idAppleParent   = "apple-parent"   // Apple Parent Identifier: the series or season
	idISAN          = "isan"           // ISAN
	idUPC           = "upc"            // UPC
	idYouTube       = "youtube"        // YouTube Video ID
	idYouTubeAsset  = "youtube-asset"  // YouTube Asset ID
	idYouTubeCustom = "youtube-custom" // YouTube Custom ID, the partner's own
)

// idColumn is a column whose cell, when filled, is an identifier.
type idColumn struct {
	col    int // index in the adapter's columns
	scheme string
}

// identifiers returns the row's ids, trimmed; empty cells are left out.
func (fc *fileContext) identifiers(r row, l *layout, cols []idColumn) []string {
	var ids []string
	for _, c := range cols {
		if v := strings.TrimSpace(l.get(r, c.col)); v != "" {
			ids = append(ids, c.scheme+":"+v) // a new string: the file's text is not pinned
		}
	}
	return ids
}

// rawTitle is a name cell as the report wrote it, trimmed, kept beside the
// canonical title for the title catalog.
func (fc *fileContext) rawTitle(r row, l *layout, c int) string {
	v := strings.TrimSpace(l.get(r, c))
	if t, ok := fc.names[v]; ok {
		return t // already normal, and shared
	}
	return strings.Clone(v)
}

// episodeOf fills a series line: its title the series, its episode the
// row's own name, its raw title that name as written.
func (fc *fileContext) episodeOf(r row, l *layout, li *store.LineItem, series, episode int) error {
	var err error
	if li.Title, err = fc.title(r, l, series); err != nil {
		return err
	}
	li.RawTitle = fc.rawTitle(r, l, episode)
	if strings.TrimSpace(l.get(r, episode)) != "" {
		if li.Episode, err = fc.title(r, l, episode); err != nil {
			return err
		}
	}
	return nil
}

// filmOf fills a line whose title is the row's own name.
func (fc *fileContext) filmOf(r row, l *layout, li *store.LineItem, title int) error {
	var err error
	if li.Title, err = fc.title(r, l, title); err != nil {
		return err
	}
	li.RawTitle = fc.rawTitle(r, l, title)
	return nil
}

// appleTitle applies Apple's TV rule: a row with a Parent Identifier is an
// episode or season, sold under its series, which Apple puts in
// `Artist / Show`; other rows are films titled by `Title`.
func appleTitle(fc *fileContext, r row, l *layout, li *store.LineItem, parent, show, title int) error {
	if strings.TrimSpace(l.get(r, parent)) == "" {
		return fc.filmOf(r, l, li, title)
	}
	if !l.has(show) {
		return fc.fail(r.line, l.names[parent], ErrMissingColumn,
			"an episode row (Parent Identifier set) needs the Artist / Show column for its series")
	}
	return fc.episodeOf(r, l, li, show, title)
}

// adjustment is YouTube's Adjustment Type: empty for an ordinary row
// (`None` or blank), else the correction's type as YouTube names it
// (Backpay, Spam Adjustment…). Every row is kept, on its Day.
func (fc *fileContext) adjustment(r row, l *layout, c int) string {
	v := strings.TrimSpace(l.get(r, c))
	if v == "" || strings.EqualFold(v, "None") {
		return ""
	}
	t := normalizeTitle(v)
	if len(t) > maxAdjustmentLen {
		cut := maxAdjustmentLen
		for cut > 0 && !isRuneStart(t[cut]) {
			cut--
		}
		t = strings.TrimSpace(t[:cut])
	}
	return fc.intern(t)
}

// maxAdjustmentLen bounds an adjustment type: YouTube's longest is a few
// words, and a line item must not carry a megabyte cell.
const maxAdjustmentLen = 64

// importPeriod is the period given with `import --period`, none here: on
// the ingest branch it is fc.stream.Period.
func (fc *fileContext) importPeriod() (start, end store.Date) { return 0, 0 }
