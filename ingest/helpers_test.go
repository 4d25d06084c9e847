package ingest

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/shopspring/decimal"

	"marquee/store"
)

const testdataDir = "../testdata/ingest"

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(testdataDir, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// line is a line item written the way a test reads best: dates and
// decimals as text, "" for zero values.
type line struct {
	title, channel, country string
	report, start, end      string
	watched                 string
	qty, unit, amount, cur  string
	status                  store.Status
	txn                     string
	srcLine                 int
}

func dateText(d store.Date) string {
	if d == 0 {
		return ""
	}
	return d.String()
}

func normDec(t testing.TB, s string) string {
	t.Helper()
	return decimal.RequireFromString(s).String()
}

// checkLines compares every field of every line item, and the source.
func checkLines(t *testing.T, name string, data []byte, p *Parsed, want []line) {
	t.Helper()
	sum := sha256.Sum256(data)
	if len(p.Lines) != len(want) {
		t.Fatalf("%s: got %d lines, want %d", name, len(p.Lines), len(want))
	}
	for i, w := range want {
		g := p.Lines[i]
		watched := ""
		if g.HasInstant() {
			watched = g.WatchedAt.Format(time.RFC3339)
		}
		got := line{
			title: g.Title, channel: g.Channel, country: g.Country,
			report: dateText(g.ReportDate), start: dateText(g.PeriodStart), end: dateText(g.PeriodEnd),
			watched: watched, qty: g.Quantity.String(), unit: g.Unit, amount: g.Amount.String(), cur: g.Currency,
			status: g.Status, txn: g.TransactionID, srcLine: g.Source.Line,
		}
		w.qty, w.amount = normDec(t, w.qty), normDec(t, w.amount)
		if got != w {
			t.Errorf("%s line item %d:\n got %+v\nwant %+v", name, i, got, w)
		}
		if g.Source.File != name || g.Source.SHA256 != hex.EncodeToString(sum[:]) {
			t.Errorf("%s line item %d: source %+v", name, i, g.Source)
		}
	}
}

func gz(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// utf16With encodes UTF-8 text as UTF-16 with a byte-order mark, the way
// Excel and Google export "Unicode text".
func utf16With(data []byte, bigEndian bool) []byte {
	units := utf16.Encode([]rune(string(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))))
	out := make([]byte, 0, 2+2*len(units))
	if bigEndian {
		out = append(out, 0xFE, 0xFF)
	} else {
		out = append(out, 0xFF, 0xFE)
	}
	for _, u := range units {
		if bigEndian {
			out = append(out, byte(u>>8), byte(u))
		} else {
			out = append(out, byte(u), byte(u>>8))
		}
	}
	return out
}
