package ingest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"errors"
	"fmt"
	"hash/crc32"
	"path/filepath"
	"strings"
	"testing"

	"marquee/store"
)

type member struct {
	name string
	data []byte
}

// zipFile builds an archive the way Finder or the channels' exporters do:
// deflated members in the order given.
func zipFile(t testing.TB, members ...member) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, m := range members {
		w, err := zw.Create(m.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(m.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestArchiveImportsEveryReportMember(t *testing.T) {
	yt := readTestdata(t, "youtube_video_summary_2024-06.csv")
	gp := readTestdata(t, "google_play_earnings_2024-06.csv")
	data := zipFile(t,
		member{"reports/youtube_video_summary_2024-06.csv", yt},
		member{"__MACOSX/reports/._youtube_video_summary_2024-06.csv", []byte("\x00\x05\x16\x07 AppleDouble")},
		member{"reports/google_play_earnings_2024-06.csv.gz", gz(t, gp)},
		member{"reports/Statement.pdf", []byte("%PDF-1.4 ...")},
		member{"reports/Summary.xlsx", []byte("PK\x03\x04 not read")},
		member{"reports/.DS_Store", []byte("\x00\x00\x00\x01Bud1")},
		member{"reports/older.zip", zipFile(t, member{"x.csv", yt})},
	)
	p, err := Parse("june.zip", data)
	if err != nil {
		t.Fatal(err)
	}
	checkParsed(t, "june.zip", p)
	if p.RowsRead != 11 || len(p.Lines) != 11 || p.Format != "google-play" {
		t.Fatalf("%d rows, %d lines, format %s", p.RowsRead, len(p.Lines), p.Format)
	}
	// Members in name order, each line audited under ARCHIVE:MEMBER.
	if f := p.Lines[0].Source.File; f != "june.zip:reports/google_play_earnings_2024-06.csv.gz" {
		t.Errorf("first line from %q", f)
	}
	if f := p.Lines[10].Source.File; f != "june.zip:reports/youtube_video_summary_2024-06.csv" {
		t.Errorf("last line from %q", f)
	}
	notes := strings.Join(p.Notes, "\n")
	for _, want := range []string{
		"imported reports/google_play_earnings_2024-06.csv.gz (google-play, 6 rows)",
		"imported reports/youtube_video_summary_2024-06.csv (youtube-summary, 5 rows)",
		"skipped __MACOSX/reports/._youtube_video_summary_2024-06.csv: macOS metadata, not a report",
		"skipped reports/Statement.pdf: not a report (.pdf)",
		"skipped reports/Summary.xlsx: not a report (.xlsx)",
		"skipped reports/.DS_Store: a hidden file, not a report",
		"skipped reports/older.zip: an archive inside the archive",
	} {
		if !strings.Contains(notes, want) {
			t.Errorf("notes lack %q:\n%s", want, notes)
		}
	}
	if want := []string{"Google Play", "YouTube"}; strings.Join(p.Channels, ",") != strings.Join(want, ",") {
		t.Errorf("channels %v", p.Channels)
	}
}

// A YouTube Studio export: Chart data and Totals repeat Table data by day.
func TestArchiveSkipsStudioRepeats(t *testing.T) {
	members, notes := reportMembers(zipReader(t, zipFile(t,
		member{"Table data.csv", []byte("x")}, member{"Chart data.csv", []byte("x")}, member{"Totals.csv", []byte("x")},
		member{"other/Totals.csv", []byte("x")})).File)
	if len(members) != 2 || members[0].Name != "Table data.csv" || members[1].Name != "other/Totals.csv" {
		t.Fatalf("members %v", members)
	}
	if len(notes) != 2 || !strings.Contains(notes[0], "repeats Table data.csv by day") {
		t.Fatalf("notes %q", notes)
	}
}

func zipReader(t *testing.T, data []byte) *zip.Reader {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	return zr
}

func TestArchiveRejects(t *testing.T) {
	yt := readTestdata(t, "youtube_video_summary_2024-06.csv")
	good := zipFile(t, member{"a.csv", yt})
	many := make([]member, 1001)
	for i := range many {
		many[i] = member{fmt.Sprintf("m%04d.csv", i), yt}
	}
	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"truncated", good[:len(good)/2], "export.zip: not a valid zip archive (damaged or cut short)"},
		{"truncated member data", truncatedMember(t, yt), "export.zip:a.csv: the member is damaged"},
		{"only junk", zipFile(t, member{"__MACOSX/._a.csv", yt}, member{"a.pdf", yt}), "the archive holds no report: skipped __MACOSX/._a.csv: macOS metadata, not a report; skipped a.pdf"},
		{"empty", zipFile(t), "export.zip: the archive is empty"},
		{"too many members", zipFile(t, many...), "the archive has 1001 members, more than the 1000 an archive may have"},
		{"a bad member rejects the archive", zipFile(t, member{"a.csv", yt}, member{"b.csv", []byte("Week,Views\n1,2\n")}),
			"export.zip:b.csv: not a known report layout"},
		{"rates and reports mixed", zipFile(t, member{"a.csv", yt}, member{"eurofxref-hist.csv", readTestdata(t, "eurofxref-hist.csv")}),
			"the archive mixes exchange rates with reports (youtube-summary and ecb-rates)"},
		{"a header that lies about the size", lyingHeader(t, 1<<20), "export.zip:a.csv: the member is damaged"},
		{"a zip in a gzip", gz(t, good), "a zip archive inside another archive or a .gz"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse("export.zip", tc.data)
			if p != nil || err == nil {
				t.Fatalf("got %v, %v", p, err)
			}
			checkError(t, "export.zip", err)
			if !errors.Is(err, ErrArchive) && !errors.Is(err, ErrUnknownFormat) {
				t.Errorf("error %v is not ErrArchive", err)
			}
			if strings.Contains(err.Error(), "UTF-8") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q, want it to contain %q", err, tc.want)
			}
		})
	}
}

// A zip bomb: members that inflate far past what they take, counted as
// they inflate. The bounds are scaled down here (the real one is 4 GiB);
// the members claim their true size, as bombs made with zip tools do.
func TestArchiveBomb(t *testing.T) {
	yt := readTestdata(t, "youtube_video_summary_2024-06.csv")
	padded := append(yt, bytes.Repeat([]byte("\n"), 3<<20)...) // blank rows are skipped
	data := zipFile(t, member{"a.csv", padded}, member{"b.csv", padded})
	if len(data) > 20<<10 {
		t.Fatalf("the bomb is %d bytes", len(data))
	}
	lim := archiveLimits{members: 1000, inflated: 4 << 20, member: 8 << 20}
	_, err := parseArchive("bomb.zip", bytes.NewReader(data), int64(len(data)), Stream{SHA256: "x"}, lim)
	if !errors.Is(err, ErrArchive) || !strings.Contains(err.Error(), "bomb.zip:b.csv: the archive inflates beyond 4 MiB (a zip bomb?)") {
		t.Fatalf("got %v", err)
	}
	lim.member = 1 << 20
	_, err = parseArchive("bomb.zip", bytes.NewReader(data), int64(len(data)), Stream{SHA256: "x"}, lim)
	if !errors.Is(err, ErrArchive) || !strings.Contains(err.Error(), "bomb.zip:a.csv: the member inflates beyond 1 MiB") {
		t.Fatalf("got %v", err)
	}
}

// truncatedMember is an archive whose member's compressed data was cut,
// with a central directory that still describes it.
func truncatedMember(t *testing.T, data []byte) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(data)
	fw.Close()
	raw := comp.Bytes()[:comp.Len()/2]
	return rawZip(t, "a.csv", raw, uint64(len(data)), crc32.ChecksumIEEE(data))
}

// lyingHeader is an archive whose member says it inflates to 10 bytes
// and inflates to n.
func lyingHeader(t *testing.T, n int) []byte {
	var comp bytes.Buffer
	fw, _ := flate.NewWriter(&comp, flate.BestCompression)
	fw.Write(make([]byte, n))
	fw.Close()
	return rawZip(t, "a.csv", comp.Bytes(), 10, 0)
}

func rawZip(t *testing.T, name string, deflated []byte, size uint64, crc uint32) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(deflated)), UncompressedSize64: size})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(deflated)
	zw.Close()
	return b.Bytes()
}

// The same rows as a plain file, gzipped and zipped import to the same
// line items, revenue and totals: the container changes nothing but the
// source's name.
func TestPlainGzipAndZipImportAlike(t *testing.T) {
	csv := readTestdata(t, "apple_sales_S_D_80012345_20240601.txt")
	forms := []struct {
		name string
		data []byte
	}{
		{"apple_sales_S_D_80012345_20240601.txt", csv},
		{"apple_sales_S_D_80012345_20240601.txt.gz", gz(t, csv)},
		{"apple_sales_S_D_80012345_20240601.zip", zipFile(t, member{"apple_sales_S_D_80012345_20240601.txt", csv})},
	}
	var want []store.DetailRow
	var wantRec store.FileRecord
	for i, f := range forms {
		db, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := db.Account("local")
		im := &Importer{DB: db, Account: a}
		if r := im.ImportBytes("rates.csv", readTestdata(t, "eurofxref-hist.csv")); r.Rejected() {
			t.Fatal(r.Err)
		}
		r := im.ImportBytes(f.name, f.data)
		if r.Rejected() {
			t.Fatalf("%s: %v", f.name, r.Err)
		}
		page, err := a.Detail(store.DetailQuery{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		db.Close()
		if i == 0 {
			want, wantRec = page.Rows, r.Record
			if len(want) != 5 {
				t.Fatalf("%d rows", len(want))
			}
			continue
		}
		if r.Record.Stored != wantRec.Stored || r.Record.RowsRead != wantRec.RowsRead || r.Record.Pending != wantRec.Pending || r.Record.Format != wantRec.Format {
			t.Errorf("%s: record %+v, want %+v", f.name, r.Record, wantRec)
		}
		if len(page.Rows) != len(want) {
			t.Fatalf("%s: %d rows", f.name, len(page.Rows))
		}
		for j, g := range page.Rows {
			w := want[j]
			if g.Title != w.Title || g.Country != w.Country || !g.Amount.Equal(w.Amount) || !g.RevenueUSD.Equal(w.RevenueUSD) ||
				g.Pending != w.Pending || g.Source.Line != w.Source.Line || g.WatchDate != w.WatchDate || !g.Quantity.Equal(w.Quantity) {
				t.Errorf("%s row %d: %+v, want %+v", f.name, j, g, w)
			}
		}
		wantSource := f.name
		if strings.HasSuffix(f.name, ".zip") {
			wantSource = f.name + ":apple_sales_S_D_80012345_20240601.txt"
		}
		if s := page.Rows[0].Source.File; s != wantSource {
			t.Errorf("%s: source %q, want %q", f.name, s, wantSource)
		}
	}
}

// An archive imports whole or not at all, in one transaction: a bad
// second member leaves nothing of the first stored, and the archive can be
// imported once fixed. The archive's digest is its record's.
func TestArchiveIsOneFile(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, _ := db.Account("local")
	im := &Importer{DB: db, Account: a}
	yt := readTestdata(t, "youtube_video_summary_2024-06.csv")
	bad := zipFile(t, member{"a.csv", yt}, member{"b.csv", bytes.Replace(yt, []byte("20240602"), []byte("20240699"), 1)})
	if r := im.ImportBytes("export.zip", bad); !r.Rejected() || !strings.Contains(r.Err.Error(), "export.zip:b.csv line") {
		t.Fatalf("bad archive: %+v", r)
	}
	if m, _ := a.Metrics(store.Filter{}); m.Lines != 0 {
		t.Fatalf("%d lines stored from a rejected archive", m.Lines)
	}
	good := zipFile(t, member{"a.csv", yt}, member{"b.csv", bytes.ReplaceAll(yt, []byte("202406"), []byte("202407"))})
	r := im.ImportBytes("export.zip", good)
	if r.Rejected() || r.Record.Stored != 10 || r.Record.SHA256 != digest(good) {
		t.Fatalf("good archive: %+v", r)
	}
	if r := im.ImportBytes("copy.zip", good); !r.Duplicate {
		t.Fatalf("the same archive again: %+v", r)
	}
}

// The ECB ships its history zipped.
func TestECBHistoryZipped(t *testing.T) {
	db, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	a, _ := db.Account("local")
	im := &Importer{DB: db, Account: a}
	csv := ecbHistory("2025-11-28", 300, false)
	r := im.ImportBytes("eurofxref-hist.zip", zipOf(t, "eurofxref-hist.csv", csv))
	if r.Rejected() || r.Record.Format != "ecb-rates" || r.Record.RowsRead != 300 || r.Record.Stored < 300*30 {
		t.Fatalf("%+v", r)
	}
}

// FuzzArchive feeds the zip reader archives of real reports, junk beside
// them, and the broken ones above, mutated.
func FuzzArchive(f *testing.F) {
	yt := readTestdata(f, "youtube_video_summary_2024-06.csv")
	gp := readTestdata(f, "google_play_earnings_2024-06.csv")
	f.Add(zipFile(f, member{"a.csv", yt}))
	f.Add(zipFile(f, member{"b/google.csv.gz", gz(f, gp)}, member{"__MACOSX/b/._google.csv.gz", []byte("x")}, member{"a.pdf", yt}))
	f.Add(zipFile(f, member{"eurofxref-hist.csv", readTestdata(f, "eurofxref-hist.csv")}))
	f.Add(zipFile(f, member{"Table data.csv", yt}, member{"Totals.csv", yt}))
	f.Add(zipFile(f, member{"a.csv", yt})[:100])
	f.Add(zipFile(f))
	f.Fuzz(func(t *testing.T, data []byte) { parseChecked(t, "export.zip", data) })
}

// An archive of many members names only the first few on its import line.
func TestArchiveNotesAreBounded(t *testing.T) {
	yt := readTestdata(t, "youtube_video_summary_2024-06.csv")
	ms := []member{}
	for i := range 40 {
		ms = append(ms, member{fmt.Sprintf("r%02d.csv", i), bytes.ReplaceAll(yt, []byte("20240601"), []byte(fmt.Sprintf("202406%02d", i%28+1)))},
			member{fmt.Sprintf("s%02d.pdf", i), []byte("%PDF")})
	}
	p, err := Parse("many.zip", zipFile(t, ms...))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Notes) != 2*maxMemberNotes+2 || p.Notes[maxMemberNotes] != "imported 28 more members" ||
		p.Notes[len(p.Notes)-1] != "skipped 28 more members" || p.RowsRead != 200 {
		t.Fatalf("%d rows, notes %q", p.RowsRead, p.Notes)
	}
}

// A gzipped member past the archive's bounds is the archive's error, said
// once, not "corrupt gzip data".
func TestArchiveBombInsideAGzipMember(t *testing.T) {
	yt := readTestdata(t, "youtube_video_summary_2024-06.csv")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(append(yt, bytes.Repeat([]byte("\n"), 3<<20)...))
	zw.Close()
	data := zipFile(t, member{"a.csv.gz", gz.Bytes()})
	for _, tc := range []struct {
		lim  archiveLimits
		want string
	}{
		// The gzip stream itself is a few kilobytes: bounds below that.
		{archiveLimits{members: 1000, inflated: 100, member: 8 << 20}, "x.zip:a.csv.gz: the archive inflates beyond "},
		{archiveLimits{members: 1000, inflated: 8 << 20, member: 100}, "x.zip:a.csv.gz: the member inflates beyond "},
	} {
		_, err := parseArchive("x.zip", bytes.NewReader(data), int64(len(data)), Stream{SHA256: "x"}, tc.lim)
		if !errors.Is(err, ErrArchive) || errors.Is(err, ErrEncoding) || !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), "x.zip") != 1 {
			t.Errorf("got %v, want ErrArchive %q", err, tc.want)
		}
	}
}
