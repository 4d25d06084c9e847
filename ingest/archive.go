package ingest

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strings"
)

// archiveLimits bound one archive (FORMATS.md v2): past them it is
// rejected, so a zip bomb is an error and not an outage.
type archiveLimits struct {
	members  int   // members in the archive, folders and skipped ones too
	inflated int64 // bytes all members inflate to together
	member   int64 // bytes one member may inflate to
}

var defaultArchiveLimits = archiveLimits{members: 1000, inflated: 4 << 30, member: DefaultFileBytes}

// maxMemberNotes bounds how many members an import line names.
const maxMemberNotes = 12

// isZip reports a zip archive by its magic bytes (names lie): a local file
// header, or the end record of an empty archive.
func isZip(data []byte) bool {
	return bytes.HasPrefix(data, []byte("PK\x03\x04")) || bytes.HasPrefix(data, []byte("PK\x05\x06"))
}

// parseArchive reads every report member of a zip archive into one
// stream, as if the archive were one file: one format event (the first
// member's), the members' line items in name order, and one Parsed for
// all, with what was skipped in its notes. Lines are sourced
// "ARCHIVE:MEMBER"; the digest stays the archive's. Rates members and line
// members cannot share an archive: they are stored by different writes,
// and an archive imports whole or not at all.
func parseArchive(name string, ra io.ReaderAt, size int64, s Stream, lim archiveLimits) (*Parsed, error) {
	fail := func(reason string) error { return &ParseError{File: name, Err: ErrArchive, Reason: reason} }
	zr, err := zip.NewReader(ra, size)
	if err != nil {
		return nil, fail("not a valid zip archive (" + zipReason(err) + ")")
	}
	if len(zr.File) > lim.members {
		return nil, fail(fmt.Sprintf("the archive has %d members, more than the %d an archive may have", len(zr.File), lim.members))
	}
	members, notes := reportMembers(zr.File)
	switch {
	case len(members) == 0 && len(notes) == 0:
		return nil, fail("the archive is empty")
	case len(members) == 0:
		if len(notes) > maxMemberNotes {
			notes = append(notes[:maxMemberNotes], fmt.Sprintf("and %d more", len(notes)-maxMemberNotes))
		}
		return nil, fail("the archive holds no report: " + strings.Join(notes, "; "))
	}
	out := &Parsed{}
	budget := &inflateBudget{left: lim.inflated, limit: lim.inflated}
	var total int64
	for _, f := range members {
		total += int64(min(f.UncompressedSize64, 1<<50)) // progress only: sizes are not trusted
	}
	var done int64
	imported := 0
	for _, f := range members {
		member := name + ":" + f.Name
		if f.Flags&0x1 != 0 {
			return nil, &ParseError{File: member, Err: ErrArchive, Reason: "the member is encrypted; unpack the archive and import the file"}
		}
		ms := s
		first := out.Format == ""
		ms.Format = func(format string) error {
			switch {
			case first:
				out.Format = format
				if s.Format != nil {
					return s.Format(format)
				}
			case (format == "ecb-rates") != (out.Format == "ecb-rates"):
				return &ParseError{File: member, Err: ErrArchive, Reason: "the archive mixes exchange rates with reports (" +
					out.Format + " and " + format + "); import them as separate files"}
			}
			return nil
		}
		before, rowsBefore := done, out.RowsRead
		if s.Progress != nil {
			ms.Progress = func(d, _ int64, rows int) { s.Progress(before+d, total, rowsBefore+rows) }
		}
		rc, err := f.Open()
		if err != nil {
			return nil, &ParseError{File: member, Err: ErrArchive, Reason: "cannot read the member (" + zipReason(err) + ")"}
		}
		p, err := parseMember(member, &budgetReader{r: rc, budget: budget}, lim.member, ms)
		rc.Close()
		if err != nil {
			return nil, err
		}
		done += int64(min(f.UncompressedSize64, 1<<50))
		out.RowsRead += p.RowsRead
		out.Lines = append(out.Lines, p.Lines...)
		out.Rates = append(out.Rates, p.Rates...)
		out.Channels = mergeSorted(out.Channels, p.Channels)
		for _, n := range p.Notes {
			out.Notes = append(out.Notes, f.Name+": "+n)
		}
		if imported++; imported <= maxMemberNotes {
			out.Notes = append(out.Notes, fmt.Sprintf("imported %s (%s, %d rows)", f.Name, p.Format, p.RowsRead))
		}
	}
	if imported > maxMemberNotes {
		out.Notes = append(out.Notes, fmt.Sprintf("imported %d more members", imported-maxMemberNotes))
	}
	if len(notes) > maxMemberNotes {
		notes = append(notes[:maxMemberNotes], fmt.Sprintf("skipped %d more members", len(notes)-maxMemberNotes))
	}
	out.Notes = append(out.Notes, notes...)
	return out, nil
}

// parseMember parses one member from its inflating reader, a chunk at a
// time like a plain file; the reader counts against the archive's budget
// while it inflates, and what goes wrong inflating is the archive's fault.
func parseMember(name string, r io.Reader, limit int64, s Stream) (*Parsed, error) {
	return ParseReader(name, &memberReader{name: name, r: io.LimitReader(r, limit+1), limit: limit}, limit, s)
}

// memberReader turns an archive member's read errors into ErrArchive
// errors naming the member.
type memberReader struct {
	name  string
	r     io.Reader
	limit int64
	n     int64
}

func (m *memberReader) Read(p []byte) (int, error) {
	n, err := m.r.Read(p)
	m.n += int64(n)
	var tooMuch *inflatedTooMuch
	switch {
	case m.n > m.limit:
		return n, &ParseError{File: m.name, Err: ErrArchive, Reason: "the member inflates beyond " + byteSize(m.limit)}
	case err == nil || err == io.EOF:
		return n, err
	case errors.As(err, &tooMuch):
		return n, &ParseError{File: m.name, Err: ErrArchive, Reason: err.Error()}
	}
	return n, &ParseError{File: m.name, Err: ErrArchive, Reason: "the member is damaged (" + zipReason(err) + ")"}
}

// reportMembers picks the members to import, in name order, and says why
// each other one is skipped. Folders are not files and are not listed.
func reportMembers(files []*zip.File) ([]*zip.File, []string) {
	var members []*zip.File
	var notes []string
	tables := map[string]bool{} // folders holding a YouTube Studio Table data.csv
	for _, f := range files {
		if strings.EqualFold(path.Base(f.Name), "Table data.csv") {
			tables[path.Dir(f.Name)] = true
		}
	}
	for _, f := range files {
		if f.FileInfo().IsDir() || strings.HasSuffix(f.Name, "/") {
			continue
		}
		if why := skipReason(f.Name, tables); why != "" {
			notes = append(notes, "skipped "+f.Name+": "+why)
			continue
		}
		members = append(members, f)
	}
	slices.SortStableFunc(members, func(x, y *zip.File) int { return strings.Compare(x.Name, y.Name) })
	slices.Sort(notes)
	return members, notes
}

// reportExtensions are the members read as reports: text in any of the
// layouts, or gzipped text.
var reportExtensions = []string{".csv", ".txt", ".tsv", ".tab", ".gz"}

func skipReason(name string, tables map[string]bool) string {
	base := path.Base(name)
	ext := strings.ToLower(path.Ext(base))
	switch {
	case strings.HasPrefix(name, "__MACOSX/") || strings.Contains(name, "/__MACOSX/"):
		return "macOS metadata, not a report"
	case strings.HasPrefix(base, "."):
		return "a hidden file, not a report"
	case ext == ".zip":
		return "an archive inside the archive (unpack it and import its files)"
	case !slices.Contains(reportExtensions, ext):
		if ext == "" {
			return "not a report (no file type)"
		}
		return "not a report (" + ext + ")"
	case tables[path.Dir(name)] && (strings.EqualFold(base, "Chart data.csv") || strings.EqualFold(base, "Totals.csv")):
		return "repeats Table data.csv by day, so it is not added twice"
	}
	return ""
}

// inflateBudget is what an archive's members may still inflate to, all
// together: counted on the bytes as they come out, never taken from the
// sizes the archive claims.
type inflateBudget struct{ left, limit int64 }

type budgetReader struct {
	r      io.Reader
	budget *inflateBudget
}

// inflatedTooMuch is the error of an archive past its budget.
type inflatedTooMuch struct{ limit int64 }

func (e *inflatedTooMuch) Error() string {
	return "the archive inflates beyond " + byteSize(e.limit) + " (a zip bomb?)"
}

func (c *budgetReader) Read(p []byte) (int, error) {
	if c.budget.left < 0 {
		return 0, &inflatedTooMuch{c.budget.limit}
	}
	if int64(len(p)) > c.budget.left+1 {
		p = p[:c.budget.left+1] // one byte more than allowed tells
	}
	n, err := c.r.Read(p)
	c.budget.left -= int64(n)
	if c.budget.left < 0 {
		return n, &inflatedTooMuch{c.budget.limit}
	}
	return n, err
}

// zipReason is the cause of a zip error in words.
func zipReason(err error) string {
	switch {
	case errors.Is(err, zip.ErrChecksum):
		return "checksum mismatch: the archive is damaged or cut short"
	case errors.Is(err, zip.ErrAlgorithm):
		return "compressed with a method marquee cannot read"
	case errors.Is(err, zip.ErrFormat), errors.Is(err, io.ErrUnexpectedEOF):
		return "damaged or cut short"
	}
	return err.Error()
}

// mergeSorted is the sorted union of two sorted lists.
func mergeSorted(a, b []string) []string {
	for _, s := range b {
		if i, found := slices.BinarySearch(a, s); !found {
			a = slices.Insert(a, i, s)
		}
	}
	return a
}
