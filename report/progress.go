package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"marquee/format"
)

// ProgressLine draws one line of an import's progress for a terminal:
//
//	big.csv [##########..........]  48%  44.9/93.4 MB  481,000 rows
func ProgressLine(name string, done, total int64, rows, width int) string {
	frac := 0.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	frac = min(max(frac, 0), 1)
	tail := fmt.Sprintf(" %3d%%  %.1f/%.1f MB  %s %s", int(frac*100), mb(done), mb(total),
		format.GroupThousands(fmt.Sprint(rows)), format.Plural(rows, "row", "rows"))
	name = format.Sanitize(name)
	bar := max(width-format.Width(name)-format.Width(tail)-3, 10)
	filled := int(frac * float64(bar))
	return name + " [" + strings.Repeat("#", filled) + strings.Repeat(".", bar-filled) + "]" + tail
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }

// ProgressBar redraws one progress line in place on a terminal while a
// large file imports. Width 0 means not a terminal: it draws nothing, so
// piped output gets just the summary lines.
type ProgressBar struct {
	w     io.Writer
	width int
	shown bool
}

// NewProgressBar draws on w, a terminal width columns wide (0: not one).
func NewProgressBar(w io.Writer, width int) *ProgressBar {
	return &ProgressBar{w: w, width: width}
}

// Show redraws the line: name's done of total bytes, rows read.
func (b *ProgressBar) Show(name string, done, total int64, rows int) {
	if b.width == 0 {
		return
	}
	// The last column stays free: a line that fills it wraps on some terminals.
	io.WriteString(b.w, "\r"+ProgressLine(name, done, total, rows, b.width-1))
	b.shown = true
}

// Clear erases the line, if one is shown, for the summary that replaces it.
func (b *ProgressBar) Clear() {
	if b.shown {
		io.WriteString(b.w, "\r"+ansi.EraseLineRight)
		b.shown = false
	}
}
