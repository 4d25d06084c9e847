package report

import (
	"fmt"
	"strings"

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
	tail := fmt.Sprintf(" %3d%%  %.1f/%.1f MB  %s rows", int(frac*100), mb(done), mb(total), format.GroupThousands(fmt.Sprint(rows)))
	name = format.Sanitize(name)
	bar := max(width-format.Width(name)-format.Width(tail)-3, 10)
	filled := int(frac * float64(bar))
	return name + " [" + strings.Repeat("#", filled) + strings.Repeat(".", bar-filled) + "]" + tail
}

func mb(n int64) float64 { return float64(n) / (1 << 20) }
