package ingest

import (
	"strings"
	"testing"
)

func TestPeriodFromName(t *testing.T) {
	ok := map[string]string{
		"tubi_2024-06.csv":          "2024-06",
		"tubi_2024_06.csv":          "2024-06",
		"tubi_202406.csv":           "2024-06",
		"tubi_2024-06.csv.gz":       "2024-06",
		"Pluto TV 2023-12 (v2).csv": "2023-12",
		"2024-01_pluto.csv":         "2024-01",
		"pluto_20240615.csv":        "2024-06",
		"tubi_v12_2024-06.csv":      "2024-06",
		"tubi_123456_2024-07.csv":   "2024-07", // 1234-56 is no month: keep looking
		"dir/tubi_2024-06.csv":      "2024-06",
	}
	for name, want := range ok {
		m, err := periodFromName(name)
		if err != nil || m.String() != want {
			t.Errorf("periodFromName(%q) = %s, %v; want %s", name, m, err, want)
		}
	}
	bad := map[string]string{
		"tubi.csv":          "name must contain YYYY-MM (or YYYY_MM, YYYYMM) for the report month, e.g. tubi_2024-06.csv",
		"tubi_june.csv":     "e.g. tubi_june_2024-06.csv",
		"tubi_2024-13.csv":  `"2024-13" in the name is not a month`,
		"tubi_2024-00.csv":  `"2024-00" in the name is not a month`,
		"tubi_2024-6.csv":   "name must contain",
		"tubi_12024-06.csv": "name must contain",
		"tubi_1899-06.csv":  "name must contain",
		"tubi_2024.csv.gz":  "e.g. tubi_2024_2024-06.csv",
		"":                  "name must contain",
	}
	for name, want := range bad {
		if m, err := periodFromName(name); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("periodFromName(%q) = %s, %v; want error containing %q", name, m, err, want)
		}
	}
}
