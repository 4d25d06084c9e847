package ingest

// Limits bound what one file may cost, so that a broken or hostile file is
// a one-line rejection rather than a server out of memory or a CPU busy
// for minutes. The zero value means the defaults.
type Limits struct {
	// FileBytes bounds a file's size and the text it decodes to (a
	// compressed file expands). A file over it is refused before it is read.
	FileBytes int64
	// RowBytes bounds one record, line breaks inside quotes included.
	// Memory follows the longest row, never the file.
	RowBytes int
}

// The default limits: far beyond any real report (a year of a large
// catalogue's daily Apple sales is a few hundred megabytes; no row of any
// channel reaches a kilobyte).
const (
	DefaultFileBytes = 2 << 30
	DefaultRowBytes  = 1 << 20
)

func (l Limits) withDefaults() Limits {
	if l.FileBytes <= 0 {
		l.FileBytes = DefaultFileBytes
	}
	if l.RowBytes <= 0 {
		l.RowBytes = DefaultRowBytes
	}
	return l
}
