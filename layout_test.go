package main

import (
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// The package map in the README's Design section, as rules `go list` can
// check: dependencies point ui → store ← ingest, the store knows no
// terminal, and only the composition (main, cli, sshserver) sees both
// sides. A rule names a package (or, with a trailing "/...", its tree) and
// what it must not depend on, directly or through another package.
var layoutRules = []struct {
	pkg       string
	forbidden []string
	why       string
}{
	{"marquee/store", append([]string{"marquee/ui/...", "marquee/ingest/...", "marquee/report", "marquee/format", "marquee/sshserver", "marquee/control", "marquee/cli"}, terminalLibraries...),
		"the store is the bottom: it answers queries and knows no terminal"},
	{"marquee/ingest/...", append([]string{"marquee/ui/...", "marquee/report", "marquee/sshserver", "marquee/control", "marquee/cli"}, terminalLibraries...),
		"ingest turns reports into store line items, for any front end"},
	{"marquee/ui/...", []string{"marquee/ingest/...", "marquee/sshserver", "marquee/control", "marquee/cli"},
		"the dashboard reads the store; importing is the composition's business"},
	{"marquee/report", append([]string{"marquee/ui/...", "marquee/ingest/...", "marquee/sshserver", "marquee/control", "marquee/cli"}, terminalLibraries...),
		"script output must work without a terminal"},
	{"marquee/format", []string{"marquee/..."},
		"formatting is a leaf every front end shares"},
	{"marquee/control", []string{"marquee/..."},
		"the control socket carries requests; what they do is main's Handler"},
	{"marquee/internal/broadcast", []string{"marquee/..."},
		"the signal fan-out under the store, the inbox and the fake"},
}

var terminalLibraries = []string{
	"github.com/charmbracelet/bubbletea",
	"github.com/charmbracelet/lipgloss",
	"github.com/charmbracelet/bubbles/...",
	"github.com/NimbleMarkets/ntcharts/...",
	"github.com/charmbracelet/wish/...",
}

// matches reports whether path is pattern, or under it for "x/...".
func matches(pattern, path string) bool {
	if tree, ok := strings.CutSuffix(pattern, "/..."); ok {
		return path == tree || strings.HasPrefix(path, tree+"/")
	}
	return path == pattern
}

// layoutViolations lists, for every package a rule names, each forbidden
// dependency it has. deps maps a package to its transitive dependencies.
func layoutViolations(deps map[string][]string) []string {
	var out []string
	for _, r := range layoutRules {
		found := false
		for pkg, ds := range deps {
			if !matches(r.pkg, pkg) {
				continue
			}
			found = true
			for _, d := range ds {
				for _, f := range r.forbidden {
					if matches(f, d) {
						out = append(out, pkg+" depends on "+d+": "+r.why)
					}
				}
			}
		}
		if !found {
			out = append(out, "no package "+r.pkg+": the rule and the layout disagree")
		}
	}
	slices.Sort(out)
	return out
}

func TestLayout(t *testing.T) {
	cmd := exec.Command("go", "list", "-f", "{{.ImportPath}}{{range .Deps}} {{.}}{{end}}", "./...")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	deps := map[string][]string{}
	for line := range strings.Lines(string(out)) {
		fields := strings.Fields(line)
		if len(fields) > 0 {
			deps[fields[0]] = fields[1:]
		}
	}
	for _, v := range layoutViolations(deps) {
		t.Error(v)
	}
}

// The check itself can fail: each kind of breach is reported.
func TestLayoutViolationsReportsBreaches(t *testing.T) {
	clean := map[string][]string{
		"marquee/store":              {"marquee/internal/broadcast", "go.etcd.io/bbolt"},
		"marquee/ingest":             {"marquee/store"},
		"marquee/ui":                 {"marquee/store", "marquee/format", "github.com/charmbracelet/lipgloss"},
		"marquee/report":             {"marquee/store", "marquee/format"},
		"marquee/format":             {"github.com/charmbracelet/x/ansi"},
		"marquee/control":            {"encoding/json"},
		"marquee/internal/broadcast": {"sync"},
		"marquee/sshserver":          {"marquee/ui", "marquee/ingest"},
	}
	if v := layoutViolations(clean); len(v) != 0 {
		t.Fatalf("a clean layout reported: %q", v)
	}
	for name, breach := range map[string]struct{ pkg, dep string }{
		"ui imports ingest":        {"marquee/ui/internal/fake", "marquee/ingest"},
		"store imports lipgloss":   {"marquee/store", "github.com/charmbracelet/lipgloss"},
		"store imports bubbletea":  {"marquee/store", "github.com/charmbracelet/bubbletea"},
		"ingest imports ui":        {"marquee/ingest/demo", "marquee/ui"},
		"report imports bubbles":   {"marquee/report", "github.com/charmbracelet/bubbles/key"},
		"control imports store":    {"marquee/control", "marquee/store"},
		"store imports the server": {"marquee/store", "marquee/sshserver"},
	} {
		deps := map[string][]string{}
		for k, v := range clean {
			deps[k] = slices.Clone(v)
		}
		deps[breach.pkg] = append(deps[breach.pkg], breach.dep)
		v := layoutViolations(deps)
		if len(v) != 1 || !strings.HasPrefix(v[0], breach.pkg+" depends on "+breach.dep) {
			t.Errorf("%s: reported %q", name, v)
		}
	}
	delete(clean, "marquee/control")
	if v := layoutViolations(clean); len(v) != 1 || !strings.Contains(v[0], "no package marquee/control") {
		t.Errorf("a rule for a package that is gone: reported %q", v)
	}
}
