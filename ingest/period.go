package ingest

import (
	"fmt"
	"path"
	"strings"
	"time"

	"marquee/store"
)

// periodFromName finds the report month in a file name (Tubi and Pluto
// files carry no dates): YYYY-MM, YYYY_MM or YYYYMM, the year not glued to
// a digit before it. The first plausible match wins; a name with none is
// rejected with a suggestion of how to rename it.
func periodFromName(name string) (store.Month, error) {
	base := strings.TrimSuffix(path.Base(strings.ReplaceAll(name, `\`, "/")), ".gz")
	badMonth := ""
	for i := 0; i+6 <= len(base); i++ {
		if i > 0 && isDigit(base[i-1]) {
			continue
		}
		y, ok := digits(base[i : i+4])
		if !ok {
			continue
		}
		j := i + 4
		if base[j] == '-' || base[j] == '_' {
			j++
		}
		if j+2 > len(base) {
			continue
		}
		m, ok := digits(base[j : j+2])
		if !ok || y < 1970 || y > 2199 {
			continue
		}
		if m < 1 || m > 12 {
			badMonth = base[i : j+2]
			continue
		}
		return store.MonthOf(y, time.Month(m)), nil
	}
	ext := path.Ext(base)
	example := strings.TrimSuffix(base, ext) + "_2024-06" + ext
	if badMonth != "" {
		example = strings.Replace(base, badMonth, "2024-06", 1)
		return 0, fmt.Errorf("%q in the name is not a month: name must contain YYYY-MM (or YYYY_MM, YYYYMM) for the report month, e.g. %s", badMonth, example)
	}
	return 0, fmt.Errorf("name must contain YYYY-MM (or YYYY_MM, YYYYMM) for the report month, e.g. %s", example)
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// periodFromName is the file's report month, or the error telling the user
// how to rename the file.
func (fc *fileContext) periodFromName() (store.Month, error) {
	m, err := periodFromName(fc.name)
	if err != nil {
		return 0, fc.fail(0, "", ErrPeriodFromName, err.Error())
	}
	return m, nil
}
