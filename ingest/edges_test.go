package ingest

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"marquee/store"
)

// Lines watched at the edges of the date range used to vanish from totals
// depending on the time zone ($5 gone in Los Angeles, $7 in Tokyo): their
// local date fell outside the range. Such instants are now refused at
// import, naming the line and column, and every instant that is stored
// counts in every zone.
func TestInstantsAtTheEdgesNeverVanish(t *testing.T) {
	row := func(watched, amount string) string {
		return "2024-06-30,,," + "Film,Vimeo,US,1,views," + amount + ",USD," + watched + ",,\n"
	}
	for _, edge := range []string{"1970-01-02T05:00:00Z", "2199-12-31T20:00:00Z", "1970-01-02T13:59:59Z", "2199-12-31T10:00:00Z"} {
		_, err := Parse("edge.csv", []byte(canonicalHeader+row(edge, "5.00")))
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrDate) || pe.Line != 2 || pe.Column != "watched_at" ||
			!strings.Contains(err.Error(), "in some time zones its date falls outside") {
			t.Errorf("%s: %v", edge, err)
		}
	}
	im := testImporter(t)
	path := filepath.Join(t.TempDir(), "inside.csv")
	os.WriteFile(path, []byte(canonicalHeader+row("1970-01-02T14:00:00Z", "5.00")+row("2199-12-31T09:59:59Z", "7.00")), 0o644)
	if r := im.ImportFile(path); r.Err != nil || r.Record.Stored != 2 {
		t.Fatalf("%+v", r)
	}
	for _, zone := range []string{"UTC", "America/Los_Angeles", "Asia/Tokyo", "Pacific/Kiritimati", "Etc/GMT+12"} {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		m, err := im.Account.Metrics(store.Filter{Location: loc})
		if err != nil || !m.RevenueUSD.Equal(decimal.RequireFromString("12")) {
			t.Errorf("%s: $%s (%v), want $12", zone, m.RevenueUSD, err)
		}
	}
}
