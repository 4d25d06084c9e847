package cli

import (
	"errors"
	"flag"
	"os"
	"regexp"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
)

var synopsisFlag = regexp.MustCompile(`--([a-z][a-z-]*)`)

// Every flag a command accepts and lists in `-h` is in its synopsis in
// --help, and every flag of the synopsis is one it accepts.
func TestSynopsesListEveryFlag(t *testing.T) {
	for _, cmd := range commands() {
		if cmd.hidden {
			continue
		}
		env, _, _ := testEnv(t.TempDir())
		err := cmd.run(env, &cmd, []string{"-h"})
		var help helpRequest
		if !errors.As(err, &help) {
			t.Errorf("%q -h: %v, want help", cmd.name, err)
			continue
		}
		var accepted []string
		help.fs.VisitAll(func(f *flag.Flag) {
			if f.Usage != "" {
				accepted = append(accepted, f.Name)
			}
		})
		var listed []string
		for _, f := range cmd.forms {
			for _, m := range synopsisFlag.FindAllStringSubmatch(f.args, -1) {
				if !slices.Contains(listed, m[1]) {
					listed = append(listed, m[1])
				}
			}
		}
		slices.Sort(accepted)
		slices.Sort(listed)
		if !slices.Equal(accepted, listed) {
			t.Errorf("%q: takes %v, its synopsis lists %v", cmd.name, accepted, listed)
		}
	}
}

// The README's command reference is --help's, verbatim.
func TestREADMEQuotesTheCommandReference(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Command reference\n")
	if !ok {
		t.Fatal("README has no command reference")
	}
	_, block, _ := strings.Cut(section, "```\n")
	block, _, _ = strings.Cut(block, "```\n")
	if block != reference() {
		t.Fatalf("README's command reference:\n%s\n--help's:\n%s", block, reference())
	}
	if !strings.Contains(usage(), reference()) {
		t.Fatal("--help does not quote the reference")
	}
}

// `marquee report -h` describes the report's flags, on stdout, exit 0.
func TestCommandHelp(t *testing.T) {
	env, out, errOut := testEnv(t.TempDir())
	if code := Main([]string{"report", "-h"}, env); code != 0 || errOut.Len() != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	for _, want := range []string{
		"marquee report [--db PATH]", "--from YYYY-MM-DD", "first watch date", "--country CC", "--view metrics|monthly|detail",
		"metrics, monthly or detail (default metrics)", "--account NAME", "(default local)",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("report -h lacks %q:\n%s", want, out)
		}
	}
	env, out, _ = testEnv(t.TempDir())
	if code := Main([]string{"--help"}, env); code != 0 || out.String() != usage() {
		t.Fatalf("--help: exit %d\n%s", code, out)
	}
	env, out, _ = testEnv(t.TempDir())
	if code := Main([]string{"serve", "--help"}, env); code != 0 || strings.Contains(out.String(), "--account") {
		t.Fatalf("serve --help lists a flag it has no use for:\n%s", out)
	}
}

func TestVersionLine(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Version: "v1.2.0"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "0123456789abcdef0123456789abcdef01234567"},
		{Key: "vcs.time", Value: "2026-11-30T10:00:00Z"},
		{Key: "vcs.modified", Value: "true"},
	}}
	if got, want := versionLine(info), "marquee v1.2.0 (commit 0123456789ab, 2026-11-30T10:00:00Z, modified)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	if got, want := versionLine(&debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}), "marquee (devel) (no commit recorded)"; got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}
