package cli

import (
	"fmt"
	"runtime/debug"
)

// runVersion prints the module version and the commit the binary was
// built from, as Go recorded them in it.
func runVersion(e Env, cmd *command, args []string) error {
	c := e.newCmdline(cmd, flagsNone)
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if err := c.noArgs(pos); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprintln(e.Stdout, versionLine(info))
	return nil
}

// versionLine is "marquee v1.2.0 (commit 0123abcd4567, 2026-11-30T10:00:00Z)",
// with "modified" when the tree had uncommitted changes.
func versionLine(info *debug.BuildInfo) string {
	if info == nil {
		return "marquee (no build information)"
	}
	version := info.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var commit, when, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			commit = s.Value
		case "vcs.time":
			when = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = ", modified"
			}
		}
	}
	if commit == "" {
		return "marquee " + version + " (no commit recorded)"
	}
	if len(commit) > 12 {
		commit = commit[:12]
	}
	if when != "" {
		when = ", " + when
	}
	return fmt.Sprintf("marquee %s (commit %s%s%s)", version, commit, when, modified)
}
