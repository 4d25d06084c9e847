package ui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"marquee/store"
	"marquee/ui/internal/fake"
)

func TestStaleResultsAreDropped(t *testing.T) {
	h := newHarness(t, 120, 40)
	// Two filters applied in quick succession: the first one's answer
	// arrives last and must not overwrite the second's.
	_, cmd1 := h.m.Update(filterAppliedMsg{filter: store.Filter{Titles: []string{"Night Train"}}})
	_, cmd2 := h.m.Update(filterAppliedMsg{filter: store.Filter{Titles: []string{"Paper Moons"}}})
	newer := h.run(cmd2)
	older := h.run(cmd1)
	h.send(newer...)
	h.send(older...)
	want, _, _ := h.a.Summary(store.Filter{Titles: []string{"Paper Moons"}})
	if !h.m.metrics.RevenueUSD.Equal(want.RevenueUSD) {
		t.Fatalf("revenue %s, want the newer filter's %s", h.m.metrics.RevenueUSD, want.RevenueUSD)
	}
	// A stale detail page is dropped as well.
	h.keys("d")
	rows := h.m.table.detail.page.Rows
	h.send(detailResultMsg{seq: h.m.detailSeq - 1, page: store.DetailPage{Total: 1}})
	if h.m.table.detail.page.Total == 1 || len(h.m.table.detail.page.Rows) != len(rows) {
		t.Fatal("stale detail page was applied")
	}
}

// A query that takes long does not hold the keys: in a real program, the
// Detail page takes 3 s to come, and tab moves the focus long before.
func TestKeysAnsweredWhileQueryRuns(t *testing.T) {
	a := fake.New()
	tm := startProgram(t, a, 120, 40)
	a.Delay = 3 * time.Second // read by the next query's goroutine, started after Send
	start := time.Now()
	send(tm, "d")
	waitFor(t, tm, "loading…")
	send(tm, "tab")
	waitFor(t, tm, "▶Revenue by month")
	if waited := time.Since(start); waited >= a.Delay {
		t.Fatalf("tab was answered after %v: it waited for the query", waited)
	}
	waitFor(t, tm, "of 108 lines") // and the page still arrives
}

func TestChartCursorKeys(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("tab") // chart
	c := h.m.chart
	if c.cursor != 7 {
		t.Fatalf("initial cursor %d, want the last month", c.cursor)
	}
	h.keys("h", "left", "h")
	if r, _ := c.Selected(); r.Period.String() != "2024-05" {
		t.Fatalf("cursor on %s", r.Period)
	}
	if !strings.Contains(h.m.View(), "May 2024 · $43,549.600") {
		t.Fatalf("cursor label missing:\n%s", h.m.View())
	}
	h.keys("l")
	if r, _ := c.Selected(); r.Period.String() != "2024-06" {
		t.Fatalf("cursor on %s after l", r.Period)
	}
	h.keys("g")
	if c.cursor != 0 {
		t.Fatal("g did not go to the first month")
	}
	// A filter keeps the cursor on its month when the month is still shown.
	h.keys("l", "l") // Mar
	h.send(filterAppliedMsg{filter: store.Filter{From: store.DateOf(2024, 2, 1)}})
	if r, _ := c.Selected(); r.Period.String() != "2024-03" {
		t.Fatalf("cursor moved to %s after filter", r.Period)
	}
}

func TestNearest(t *testing.T) {
	cols := []int{7, 16, 25, 34}
	for x, want := range map[int]int{0: 0, 7: 0, 11: 0, 12: 1, 16: 1, 20: 1, 21: 2, 30: 3, 99: 3} {
		if got := nearest(cols, x); got != want {
			t.Errorf("nearest(%d) = %d, want %d", x, got, want)
		}
	}
	if nearest(nil, 3) != -1 {
		t.Error("nearest of nothing")
	}
}

func TestChartHoverSelectsNearestMonth(t *testing.T) {
	h := newHarness(t, 120, 40)
	c := h.m.chart
	if len(c.cols) != 8 {
		t.Fatalf("%d point columns", len(c.cols))
	}
	for i, col := range c.cols {
		c.Hover(col)
		if c.cursor != i {
			t.Fatalf("hover on column %d selected %d, want %d", col, c.cursor, i)
		}
	}
	c.Hover(c.cols[2] + 1) // just right of Mar: still Mar
	if c.cursor != 2 {
		t.Fatalf("near Mar selected %d", c.cursor)
	}
	// Through the root: a plain mouse motion over the chart zone hovers.
	h.m.View()
	var z interface{ Pos(tea.MouseMsg) (int, int) }
	deadline := time.Now().Add(2 * time.Second)
	for time.Now().Before(deadline) {
		if zi := h.m.c.zone(c.zid.whole()); zi != nil {
			z = zi
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if z == nil {
		t.Fatal("chart zone never registered")
	}
	zi := h.m.c.zone(c.zid.whole())
	h.send(tea.MouseMsg{X: zi.StartX + c.cols[5], Y: zi.StartY + 2, Action: tea.MouseActionMotion, Button: tea.MouseButtonNone})
	if c.cursor != 5 {
		t.Fatalf("mouse hover selected %d, want 5", c.cursor)
	}
	if !strings.Contains(h.m.View(), "Jun 2024 · $") {
		t.Fatal("hover label missing")
	}
}

func TestTimeZoneSettings(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("z")
	if !settingsOpen(h.m) {
		t.Fatal("z did not open settings")
	}
	h.keys("ctrl+u")
	h.typeText("Mars/Olympus")
	h.keys("enter")
	if !settingsOpen(h.m) || !strings.Contains(h.m.View(), `unknown time zone "Mars/Olympus"`) {
		t.Fatalf("bad zone not reported:\n%s", h.m.View())
	}
	h.send(tea.KeyMsg{Type: tea.KeyCtrlU})
	h.typeText("Europe/Berlin")
	h.keys("enter")
	if settingsOpen(h.m) || h.a.TimeZone() != "Europe/Berlin" || !strings.Contains(h.m.View(), "time zone Europe/Berlin") {
		t.Fatalf("zone not applied: settings open %v, zone %s", settingsOpen(h.m), h.a.TimeZone())
	}
}

func TestExportNeutralisesFormulas(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.a.Post(fake.Row(store.MonthOf(2024, 3), "=HYPERLINK(\"http://x\")", "@Channel", "GB", 1500, 2))
	h.send(refreshMsg{})
	h.keys("d", "e")
	if !strings.Contains(h.m.status, "exported ") {
		t.Fatalf("status = %q", h.m.status)
	}
	path := strings.Fields(h.m.status[strings.Index(h.m.status, " to ")+4:])[0]
	if filepath.Dir(path) != h.m.opts.ExportDir {
		t.Fatalf("export went to %s", path)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, r := range recs[1:] {
		if strings.Contains(r[2], "HYPERLINK") {
			found = true
			if r[2][0] != '\'' || r[3] != "'@Channel" {
				t.Fatalf("formula not neutralised: %q %q", r[2], r[3])
			}
		}
	}
	if !found || recs[0][0] != "report_date" {
		t.Fatalf("export lacks the posted line or header: %v", recs[0])
	}
}

// waitZone waits for the zone manager to record id after a render.
func waitZone(t *testing.T, m *Model, id zoneID) {
	t.Helper()
	m.View()
	deadline := time.Now().Add(2 * time.Second)
	for m.c.zone(id) == nil {
		if time.Now().After(deadline) {
			t.Fatalf("zone %s never registered", id)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func click(h *harness, id zoneID) {
	h.t.Helper()
	waitZone(h.t, h.m, id)
	// Outer zones are recorded after the zones inside them.
	for p := paneID(0); p < paneCount; p++ {
		if h.m.paneVisible(p) {
			waitZone(h.t, h.m, h.m.zid.id(zonePane, int(p)))
		}
	}
	z := h.m.c.zone(id)
	for _, a := range []tea.MouseAction{tea.MouseActionPress, tea.MouseActionRelease} {
		h.send(tea.MouseMsg{X: z.StartX, Y: z.StartY, Action: a, Button: tea.MouseButtonLeft})
	}
}

func TestMouseClicksDoWhatEnterDoes(t *testing.T) {
	h := newHarness(t, 120, 40)
	click(h, h.m.table.zid.id(zoneTab, 1)) // Detail tab
	if h.m.table.view != viewDetail {
		t.Fatal("clicking the Detail tab did not switch")
	}
	click(h, h.m.table.zid.id(zoneTab, 0))
	click(h, h.m.table.monthly.zid.id(zoneRow, 2)) // a month row drills down
	if h.m.table.view != viewDetail || h.m.table.detail.drill == nil || h.m.table.detail.drill.String() != "2024-03" {
		t.Fatalf("row click: view %v drill %v", h.m.table.view, h.m.table.detail.drill)
	}
	click(h, h.m.form.zid.id(zoneField, 2)) // Titles field opens its list
	if h.m.focus != paneForm || !h.m.form.lists[0].open {
		t.Fatal("clicking Titles did not open the list")
	}
	click(h, h.m.form.lists[0].zid.id(zoneItem, 1)) // Night Train
	h.keys("esc")
	click(h, h.m.form.zid.id(zoneField, 5)) // Filter button
	if len(h.m.filter.Titles) != 1 || h.m.filter.Titles[0] != "Night Train" {
		t.Fatalf("filter after clicks = %+v", h.m.filter)
	}
	// A drag (motion with a button) changes nothing.
	before := h.m.chart.cursor
	h.send(tea.MouseMsg{X: 10, Y: 10, Action: tea.MouseActionMotion, Button: tea.MouseButtonLeft})
	if h.m.chart.cursor != before {
		t.Fatal("drag moved the chart")
	}
}

func TestResizeRelaysOut(t *testing.T) {
	h := newHarness(t, 120, 40)
	if !h.m.computeLayout().wide || !strings.Contains(h.m.View(), "╭─ Channels") {
		t.Fatal("120×40 is not the wide layout")
	}
	h.send(tea.WindowSizeMsg{Width: 80, Height: 24})
	v := h.m.View()
	if h.m.computeLayout().wide || !strings.Contains(v, "[Table]") {
		t.Fatalf("80×24 did not collapse into tabs:\n%s", v)
	}
	for i, l := range strings.Split(v, "\n") {
		if w := len([]rune(l)); w > 80 {
			t.Fatalf("line %d is %d wide", i, w)
		}
	}
	if n := strings.Count(v, "\n") + 1; n != 24 {
		t.Fatalf("%d lines at 80×24", n)
	}
	h.keys("tab") // chart
	if len(h.m.chart.cols) != 8 || h.m.chart.w != 78 {
		t.Fatalf("chart not redrawn for 80 columns: w=%d cols=%d", h.m.chart.w, len(h.m.chart.cols))
	}
}

func TestImportsPerChannel(t *testing.T) {
	h := newHarness(t, 120, 40)
	if !strings.Contains(h.m.View(), "updated 2 min ago") {
		t.Fatal("freshness missing")
	}
	h.keys("i")
	for _, want := range []string{"Amazon  2 min ago", "Vimeo   2 min ago", "iTunes  3 h ago"} {
		if !strings.Contains(h.m.View(), want) {
			t.Fatalf("per-channel import %q missing:\n%s", want, h.m.View())
		}
	}
}

// Over SSH, `e` writes nothing on the server: it shows the report command
// that fetches the view, the drilled-down month included.
func TestExportOverSSHShowsTheCommand(t *testing.T) {
	a := fake.New()
	opts := testOptions(t, a)
	opts.ExportVia = "ssh -p 2222 films.example"
	m := New(opts).(*Model)
	h := &harness{t: t, m: m, a: a}
	h.send(tea.WindowSizeMsg{Width: 100, Height: 30})
	h.send(runNow(m.querySummary()), runNow(m.queryChoices()))

	h.keys("e")
	if !strings.Contains(exportCommand(h.m), "ssh -p 2222 films.example report --view monthly --format csv > marquee-monthly.csv") {
		t.Fatalf("monthly hint = %q", exportCommand(h.m))
	}
	if view := h.m.View(); !strings.Contains(view, "Export") || !strings.Contains(view, "films.example") {
		t.Fatalf("the hint is not on screen:\n%s", view)
	}
	h.keys("esc")
	if exportCommand(h.m) != "" {
		t.Fatal("esc left the hint open")
	}

	h.keys("enter") // drill into the selected month
	h.keys("e")
	hint := exportCommand(h.m)
	if !strings.Contains(hint, "report --view detail --format csv --from ") || !strings.Contains(hint, " --to ") {
		t.Fatalf("detail hint = %q", hint)
	}
	if files, _ := os.ReadDir(opts.ExportDir); len(files) != 0 {
		t.Fatalf("files written on the server: %v", files)
	}
}

// A zone set elsewhere (another session, `account set` beside the server)
// reaches the header with the data refresh it triggers.
func TestZoneChangedElsewhereShowsInHeader(t *testing.T) {
	h := newHarness(t, 120, 40)
	if !strings.Contains(h.m.View(), "time zone UTC") {
		t.Fatalf("header:\n%s", h.m.View())
	}
	if err := h.a.SetTimeZone("Asia/Kathmandu"); err != nil {
		t.Fatal(err)
	}
	h.send(refreshMsg{}) // what the subscription's change leads to
	if !strings.Contains(h.m.View(), "time zone Asia/Kathmandu") {
		t.Fatalf("the header kept the old zone:\n%s", strings.SplitN(h.m.View(), "\n", 2)[0])
	}
	// An open settings view says the current zone too.
	h.keys("z")
	if err := h.a.SetTimeZone("Europe/Paris"); err != nil {
		t.Fatal(err)
	}
	h.send(refreshMsg{})
	if !settingsOpen(h.m) || !strings.Contains(h.m.View(), "Time zone: Europe/Paris") {
		t.Fatalf("settings:\n%s", h.m.View())
	}
}

// Filter leaves a drilled-down month its dates exclude, instead of an
// empty Detail; Reset leaves the drill-down and the search: all data.
func TestFilterAndResetLeaveDrillDownAndSearch(t *testing.T) {
	h := newHarness(t, 120, 40)
	h.keys("enter") // drill into the selected month
	drill := h.m.table.detail.drill
	if drill == nil {
		t.Fatal("no drill-down")
	}
	// A filter that keeps the month keeps the drill-down.
	h.send(filterAppliedMsg{filter: store.Filter{From: drill.First()}})
	if h.m.table.detail.drill == nil {
		t.Fatal("a filter including the month left the drill-down")
	}
	// One that excludes it leaves it.
	h.send(filterAppliedMsg{filter: store.Filter{From: drill.Last() + 1}})
	if h.m.table.detail.drill != nil {
		t.Fatalf("drilled into %s under a filter from %s", drill, drill.Last()+1)
	}
	if q := h.m.table.detail.Query(); q.Filter.From > q.Filter.To && q.Filter.To != 0 {
		t.Fatalf("an empty date range: %+v", q.Filter)
	}

	h.keys("enter")
	h.keys("/")
	h.typeText("zz")
	h.keys("enter")
	if h.m.table.detail.query != "zz" {
		t.Fatalf("search = %q", h.m.table.detail.query)
	}
	h.send(filterAppliedMsg{reset: true})
	if h.m.table.detail.drill != nil || h.m.table.detail.query != "" || h.m.table.detail.Query().Search != "" {
		t.Fatalf("Reset kept drill %v, search %q", h.m.table.detail.drill, h.m.table.detail.query)
	}
}

// zz is no country: the form's closed line and the filter summary call it
// Unknown, like the open list does.
func TestUnknownCountryIsNamed(t *testing.T) {
	if got := filterSummary(store.Filter{Countries: []string{"zz", "GB"}}); !strings.Contains(got, "countries: Unknown, GB") {
		t.Fatalf("summary %q", got)
	}
	m := newMultiSelect("Countries", "x")
	m.brief = countryShort
	m.setOptions([]option{{"GB", countryLabel("GB")}, {"zz", countryLabel("zz")}})
	m.selected["zz"], m.selected["GB"] = true, true
	if got := m.summary(); strings.Contains(got, "zz") || !strings.Contains(got, "Unknown") {
		t.Fatalf("closed line %q", got)
	}
}
