package main

import (
	"bytes"
	"encoding/binary"
	"encoding/csv"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

const canonicalHeader = "report_date,period_start,period_end,title,channel,country,quantity,unit,amount,currency\n"

// goodRows are valid canonical rows: a bad row after them proves that the
// rows before it are not stored either.
func goodRows(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString("2024-06-30,2024-06-01,2024-06-30,Good Film,Vimeo,US,1,rentals,1.")
		b.WriteString(strings.Repeat("1", 1+i%3))
		b.WriteString(",USD\n")
	}
	return b.String()
}

func utf16LE(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, u := range utf16.Encode([]rune(s)) {
		out = binary.LittleEndian.AppendUint16(out, u)
	}
	return out
}

// Hostile files through the built binary: each is one clear line on
// stdout, exit status 1, no panic, nothing stored, the file untouched.
func TestImportHostileFiles(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	seedFile := filepath.Join(dir, "seed.csv")
	os.WriteFile(seedFile, []byte(canonicalHeader+goodRows(3)), 0o644)
	if out, err := exec.Command(bin, "import", "--db", db, seedFile).CombinedOutput(); err != nil {
		t.Fatalf("seed import: %v\n%s", err, out)
	}
	state := func() string {
		out, err := exec.Command(bin, "report", "--db", db, "--view", "detail", "--format", "csv").CombinedOutput()
		if err != nil {
			t.Fatalf("report: %v\n%s", err, out)
		}
		return string(out)
	}
	before := state()

	garbage := make([]byte, 64<<10)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range garbage {
		garbage[i] = byte(rng.UintN(256))
	}
	tubi, err := os.ReadFile("testdata/ingest/tubi_2024-06.csv")
	if err != nil {
		t.Fatal(err)
	}
	row := func(cells ...string) string {
		c := strings.Split("2024-06-30,2024-06-01,2024-06-30,Bad Film,Vimeo,US,1,rentals,4.99,USD", ",")
		for i := 0; i+1 < len(cells); i += 2 {
			idx := strings.Index(canonicalHeader, cells[i])
			c[strings.Count(canonicalHeader[:idx], ",")] = cells[i+1]
		}
		return canonicalHeader + goodRows(500) + strings.Join(c, ",") + "\n"
	}
	cases := []struct {
		name, body, reason string
	}{
		{"empty.csv", "", "no data"},
		{"binary.csv", string(garbage), "invalid"},
		{"png.csv", "\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "invalid"},
		{"one-line.csv", strings.Repeat("A", 10<<20), "line 1: a row longer than 1 MiB"},
		{"short-line.csv", strings.Repeat("A", 900<<10), "not a known report layout"},
		{"one-line-commas.csv", canonicalHeader + strings.Repeat("x,", 5<<20), "line 2: a row longer than 1 MiB"},
		{"many-commas.csv", canonicalHeader + strings.Repeat("x,", 5000), "cells in one row"},
		{"cut-mid-row.csv", canonicalHeader + goodRows(500) + "2024-06-30,2024-06-01,2024-06-30,Bad Film,Vim", "line 502: the file ends inside this row"},
		{"semicolons.csv", strings.ReplaceAll(canonicalHeader+goodRows(5), ",", ";"), "not a known report layout"},
		{"tabs.csv", strings.ReplaceAll(canonicalHeader+goodRows(5), ",", "\t"), "not a known report layout"},
		{"bad-utf8.csv", canonicalHeader + goodRows(500) + "2024-06-30,2024-06-01,2024-06-30,Bad\xff\xfeFilm,Vimeo,US,1,rentals,4.99,USD\n", "invalid UTF-8"},
		{"bad-utf16.csv", string(append(utf16LE(canonicalHeader+goodRows(50)), 0x00, 0xD8, '\n', 0)), "invalid UTF-16"},
		{"odd-utf16.csv", string(utf16LE(canonicalHeader + goodRows(50))[:301]), "odd number of bytes"},
		{"dup-column.csv", strings.TrimSuffix(canonicalHeader, "\n") + ",title\n" + strings.ReplaceAll(goodRows(5), "USD\n", "USD,X\n"), "appears twice"},
		{"missing-column.csv", strings.Replace(canonicalHeader, ",amount", "", 1) + strings.ReplaceAll(goodRows(5), ",1.1,", ","), "no such column"},
		{"amount-1e400.csv", row("amount", "1e400"), `"1e400" is not a number`},
		{"amount-double-minus.csv", row("amount", "--5"), `"--5" is not a number`},
		{"amount-nan.csv", row("amount", "NaN"), `"NaN" is not a number`},
		{"amount-inf.csv", row("amount", "Inf"), `"Inf" is not a number`},
		{"quantity-1e400.csv", row("quantity", "1e400"), `"1e400"`},
		{"date-feb-30.csv", row("report_date", "02/30/2024"), "not a calendar date"},
		{"date-iso-feb-30.csv", row("period_end", "2024-02-30"), "not a calendar date"},
		{"year-zero.csv", row("report_date", "0000-06-30"), "outside"},
		{"currency.csv", row("currency", "XYZ"), "not an ISO 4217 currency code"},
		{"tubi_2024-13.csv", string(tubi), `"2024-13" in the name is not a month`},
	}
	for _, tc := range cases {
		path := filepath.Join(dir, tc.name)
		if err := os.WriteFile(path, []byte(tc.body), 0o644); err != nil {
			t.Fatal(err)
		}
		old := time.Date(2024, 7, 1, 12, 0, 0, 0, time.UTC)
		os.Chtimes(path, old, old)
		cmd := exec.Command(bin, "import", "--db", db, path)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 1 {
			t.Errorf("%s: %v, want exit status 1\n%s%s", tc.name, err, stdout.String(), stderr.String())
		}
		out := stdout.String()
		if strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, tc.name+": rejected: ") || !strings.Contains(out, tc.reason) {
			t.Errorf("%s: want one line %q…%q, got %q", tc.name, tc.name+": rejected: ", tc.reason, out)
		}
		if len(out) > 400 {
			t.Errorf("%s: a rejection of %d bytes", tc.name, len(out))
		}
		if stderr.Len() > 0 {
			t.Errorf("%s: stderr %q", tc.name, stderr.String())
		}
		after, err := os.ReadFile(path)
		info, _ := os.Stat(path)
		if err != nil || !bytes.Equal(after, []byte(tc.body)) || !info.ModTime().Equal(old) {
			t.Errorf("%s: the file was changed or moved", tc.name)
		}
	}
	if after := state(); after != before {
		t.Errorf("rejected files changed the database:\n%s\nwant\n%s", after, before)
	}
}

// hostileTitles come from a third-party report: escape sequences that
// would set the clipboard (OSC 52), clear the screen or retitle the
// window, and formula starters for a spreadsheet.
var hostileTitles = []string{
	"\x1b]52;c;ZWNobyBwd25lZA==\x07Clip Film",
	"\x1b[2JWipe Film",
	"\x1b]0;pwned\x07Retitle Film",
	"=HYPERLINK(\"http://evil.example\";\"x\")",
	"+SUM(1;2)",
	"-2+3",
	"@SUM(A1)",
}

func writeHostileTitles(t *testing.T, path string) {
	t.Helper()
	var b strings.Builder
	b.WriteString(canonicalHeader)
	for i, title := range hostileTitles {
		cell := title
		if strings.ContainsAny(title, `",`) {
			cell = `"` + strings.ReplaceAll(title, `"`, `""`) + `"`
		}
		b.WriteString("2024-06-30,2024-06-01,2024-06-30," + cell + ",Vimeo,US,1,rentals,1.00" + strings.Repeat("1", i) + ",USD\n")
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// neutralised reports whether a CSV cell cannot start a formula.
func neutralised(cell string) bool {
	return cell == "" || !strings.ContainsRune("=+-@", rune(cell[0]))
}

// Escape sequences in titles never reach the terminal from `report`, and
// formula starters are neutralised in CSV.
func TestHostileTitlesInReports(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	src := filepath.Join(dir, "titles.csv")
	writeHostileTitles(t, src)
	out, err := exec.Command(bin, "import", "--db", db, src).CombinedOutput()
	if err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	for _, view := range []string{"metrics", "monthly", "detail"} {
		out, err := exec.Command(bin, "report", "--db", db, "--view", view).CombinedOutput()
		if err != nil {
			t.Fatal(err)
		}
		if bytes.ContainsAny(out, "\x1b\x07\x9b\x9d") {
			t.Errorf("report --view %s writes control bytes to the terminal: %q", view, out)
		}
		if view == "detail" {
			for _, w := range []string{"Clip Film", "Wipe Film", "Retitle Film", "@SUM(A1)"} {
				if !bytes.Contains(out, []byte(w)) {
					t.Errorf("detail text lacks %q:\n%s", w, out)
				}
			}
		}
	}
	out, err = exec.Command(bin, "report", "--db", db, "--view", "detail", "--format", "csv").Output()
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, r := range records[1:] {
		titles[r[2]] = true
		for i, c := range r {
			if i != 7 && i != 9 && i != 5 && !neutralised(c) { // quantity, amount, revenue are numbers
				t.Errorf("CSV cell %q starts a formula", c)
			}
		}
	}
	for _, title := range hostileTitles[3:] {
		if !titles["'"+title] {
			t.Errorf("CSV lacks the neutralised title %q: %v", "'"+title, titles)
		}
	}
}

// The dashboard in tmux shows hostile titles as text: the raw terminal
// stream never carries their sequences, the clipboard is not set, the
// screen is not cleared, and `e` exports neutralised CSV.
func TestHostileTitlesInDashboard(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and drives it in tmux")
	}
	bin := buildMarquee(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	src := filepath.Join(dir, "titles.csv")
	writeHostileTitles(t, src)
	if out, err := exec.Command(bin, "import", "--db", db, src).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	exports := filepath.Join(dir, "exports")
	os.Mkdir(exports, 0o755)
	s := newTmux(t, 140, 40, "cd "+exports+" && "+bin+" --db "+db+" --inbox "+filepath.Join(dir, "inbox"))
	// Accept OSC 52 from applications, so a leak would show as a buffer;
	// and log every byte the dashboard writes.
	s.tmux("set-option", "-g", "set-clipboard", "on")
	raw := filepath.Join(dir, "raw.log")
	s.tmux("pipe-pane", "-o", "cat >> "+raw)
	s.waitFor("marquee", "Monthly")
	s.keys("C-l") // redraw everything into the pipe
	s.keys("d")
	scr := s.waitFor("Clip Film", "Wipe Film", "Retitle Film", "@SUM(A1)", "+SUM(1;2)")
	if !strings.Contains(scr, "Revenue") || !strings.Contains(scr, "marquee") {
		t.Errorf("the screen lost its frame:\n%s", scr)
	}
	if bufs := s.tmux("list-buffers"); strings.TrimSpace(bufs) != "" {
		t.Errorf("a title set the clipboard: %q", bufs)
	}
	if title := s.tmux("display-message", "-p", "#{pane_title}"); strings.Contains(title, "pwned") {
		t.Errorf("a title retitled the window: %q", title)
	}
	s.keys("e")
	var csvPath string
	for deadline := time.Now().Add(10 * time.Second); csvPath == ""; time.Sleep(100 * time.Millisecond) {
		if m, _ := filepath.Glob(filepath.Join(exports, "marquee-detail-*.csv")); len(m) == 1 {
			csvPath = m[0]
		}
		if time.Now().After(deadline) {
			t.Fatalf("no detail export in %s:\n%s", exports, s.screen())
		}
	}
	time.Sleep(300 * time.Millisecond) // let the write finish
	s.keys("q")
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("export: %v\n%s", err, data)
	}
	titles := map[string]bool{}
	for _, r := range records[1:] {
		titles[r[2]] = true
		for _, c := range r {
			if !neutralised(c) {
				t.Errorf("exported cell %q starts a formula", c)
			}
			if strings.ContainsAny(c, "\x1b\x07") {
				t.Errorf("exported cell %q carries control bytes", c)
			}
		}
	}
	for _, title := range hostileTitles[3:] {
		if !titles["'"+title] {
			t.Errorf("export lacks the neutralised title %q: %v", "'"+title, titles)
		}
	}
	time.Sleep(200 * time.Millisecond)
	stream, err := os.ReadFile(raw)
	if err != nil || len(stream) == 0 {
		t.Fatalf("no raw terminal stream: %v", err)
	}
	for _, bad := range []string{"\x1b]52", "ZWNobyBwd25lZA", "\x1b[2JWipe", "\x1b]0;pwned", "pwned"} {
		if bytes.Contains(stream, []byte(bad)) {
			t.Errorf("the terminal received %q", bad)
		}
	}
	if !bytes.Contains(stream, []byte("Wipe Film")) {
		t.Errorf("the raw stream never showed the titles (%d bytes)", len(stream))
	}
}
