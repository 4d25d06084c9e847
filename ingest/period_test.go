package ingest

import (
	"errors"
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
		// v2: quarters.
		"pluto_us_2021_q3.csv":    "2021-07-01..2021-09-30",
		"pluto_us_2021-Q4.csv.gz": "2021-10-01..2021-12-31",
		"Pluto Q1_22 US.csv":      "2022-01-01..2022-03-31",
		"pluto-q2-23.csv":         "2023-04-01..2023-06-30",
	}
	for name, want := range ok {
		m, err := periodFromName(name)
		if err != nil || m.String() != want {
			t.Errorf("periodFromName(%q) = %s, %v; want %s", name, m, err, want)
		}
	}
	bad := map[string]string{
		"tubi.csv":          "name must contain YYYY-MM (or YYYY_MM, YYYYMM) for the report month, or YYYY_qN for a quarter, e.g. tubi_2024-06.csv; or pass --period YYYY-MM",
		"pluto_2021_q5.csv": "name must contain",
		"pluto_faq1_21.csv": "name must contain",
		"pluto_q12_21.csv":  "name must contain",
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

func TestParsePeriod(t *testing.T) {
	ok := map[string]string{
		"2024-06":                "2024-06",
		" 2024-02 ":              "2024-02",
		"2024-06-01..2024-06-30": "2024-06",
		"2024-06-03..2024-06-09": "2024-06-03..2024-06-09",
		"2024-06-03..2024-06-03": "2024-06-03..2024-06-03",
	}
	for in, want := range ok {
		if p, err := ParsePeriod(in); err != nil || p.String() != want {
			t.Errorf("ParsePeriod(%q) = %s, %v; want %s", in, p, err, want)
		}
	}
	for _, in := range []string{"", "2024", "2024-13", "2024-6", "06/2024", "2024-06-09..2024-06-03", "2024-06-01..", "..2024-06-01",
		"2024-02-30..2024-03-01", "20240601..20240630", "1969-12"} {
		if p, err := ParsePeriod(in); err == nil {
			t.Errorf("ParsePeriod(%q) = %s, want an error", in, p)
		}
	}
}

// --period gives a file without a period in its name one; a name and a
// --period that disagree are rejected rather than one silently winning.
func TestPeriodOption(t *testing.T) {
	data := readTestdata(t, "tubi_2024-06.csv")
	june, _ := ParsePeriod("2024-06")
	week, _ := ParsePeriod("2024-06-03..2024-06-09")
	p, err := ParseStream("tubi.csv", data, Stream{Period: week})
	if err != nil {
		t.Fatal(err)
	}
	if l := p.Lines[0]; l.PeriodStart != week.Start || l.PeriodEnd != week.End || l.ReportDate != week.End {
		t.Fatalf("period %s..%s report %s", l.PeriodStart, l.PeriodEnd, l.ReportDate)
	}
	if _, err := ParseStream("tubi_2024-06.csv", data, Stream{Period: june}); err != nil {
		t.Fatalf("an agreeing --period: %v", err)
	}
	_, err = ParseStream("tubi_2024-06.csv", data, Stream{Period: week})
	if !errors.Is(err, ErrPeriodFromName) || !strings.Contains(err.Error(), "the name says the period is 2024-06 but --period says 2024-06-03..2024-06-09") {
		t.Fatalf("a disagreeing --period: %v", err)
	}
}
