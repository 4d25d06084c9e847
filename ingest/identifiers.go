package ingest

import (
	"strings"

	"marquee/store"
)

// Identifier schemes: a line's identifiers are "SCHEME:VALUE", so that an
// Apple id and a YouTube video id with the same digits never meet.
const (
	idVendor        = "vendor"         // Apple Vendor Identifier: the filmmaker's own SKU
	idApple         = "apple"          // Apple Identifier
	idAppleParent   = "apple-parent"   // Apple Parent Identifier: the series or season
	idISAN          = "isan"           // ISAN (Apple's ISAN/Other Identifier)
	idUPC           = "upc"            // UPC
	idEIDR          = "eidr"           // EIDR Title ID
	idYouTube       = "youtube"        // YouTube Video ID
	idYouTubeAsset  = "youtube-asset"  // YouTube Asset ID
	idYouTubeCustom = "youtube-custom" // YouTube Custom ID, the partner's own
	idGooglePartner = "google-partner" // Google Play Partner Reporting ID
	idPlayAsset     = "play-asset"     // Google Play Asset ID
)

// idColumn is a column whose cell, when filled, is an identifier.
type idColumn struct {
	col    int // index in the adapter's columns
	scheme string
}

// maxIDColumns bounds the identifier columns of one layout (the key of the
// identifier cache is an array).
const maxIDColumns = 6

type idKey [maxIDColumns]string

// maxCachedIDs bounds the identifier cache: past it, a file whose every
// row has its own ids (transactions) builds each list anew.
const maxCachedIDs = 4096

// identifiers returns the row's ids, one shared slice per distinct set of
// cells: a daily report repeats a video's ids on every row, and line items
// never modify their Identifiers. Cells are trimmed (YouTube puts a space
// before ids that start with '-'); empty ones are left out.
func (fc *fileContext) identifiers(r row, l *layout, cols []idColumn) []string {
	var key idKey
	empty := true
	for i, c := range cols {
		key[i] = strings.TrimSpace(l.get(r, c.col))
		empty = empty && key[i] == ""
	}
	if empty {
		return nil
	}
	if ids, ok := fc.ids[key]; ok {
		return ids
	}
	var ids []string
	for i, c := range cols {
		if key[i] != "" {
			ids = append(ids, c.scheme+":"+key[i])
		}
	}
	if len(fc.ids) < maxCachedIDs {
		if fc.ids == nil {
			fc.ids = map[idKey][]string{}
		}
		for i := range key {
			key[i] = strings.Clone(key[i]) // the key must not pin the file's text
		}
		fc.ids[key] = ids
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
	if t, ok := fc.raws[v]; ok {
		return t
	}
	if fc.raws == nil {
		fc.raws = map[string]string{}
	}
	t := strings.Clone(v)
	fc.raws[t] = t
	return t
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
