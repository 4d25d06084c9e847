package cli

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"marquee/store"
)

// Env is where a command runs: the environment variables, working
// directory and standard streams it uses, and nothing of the process
// around it. main fills it from the process; a command sent over the
// control socket gets its caller's, never the server's.
type Env struct {
	LookupEnv func(key string) (string, bool) // nil: no variables at all
	Dir       string                          // the working directory; "" leaves relative paths as they are
	Stdin     io.Reader
	Stdout    io.Writer
	Stderr    io.Writer

	// served is the database of the process this command runs inside,
	// through the control socket; nil in a process of its own.
	served *store.DB
	// host names that process for a refusal: "marquee serve".
	host string
	// ctx, for a served command, ends when its client goes away or the
	// server stops: a long import stops then, storing nothing of its file.
	ctx context.Context
}

// forwardedVars are the variables a command sent over the control socket
// takes along: those marquee reads to find its files and to format.
var forwardedVars = [...]string{
	"MARQUEE_DB", "HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
	"USERPROFILE", "LocalAppData", "NO_COLOR", "TZ", "TERM",
}

func (e Env) getenv(key string) string {
	if e.LookupEnv == nil {
		return ""
	}
	v, _ := e.LookupEnv(key)
	return v
}

// vars is the caller's part of the environment that travels with a
// forwarded command, as KEY=value.
func (e Env) vars() []string {
	var out []string
	for _, k := range forwardedVars {
		if e.LookupEnv == nil {
			break
		}
		if v, ok := e.LookupEnv(k); ok {
			out = append(out, k+"="+v)
		}
	}
	return out
}

// lookupIn looks variables up in a KEY=value list, and nowhere else.
func lookupIn(vars []string) func(string) (string, bool) {
	return func(key string) (string, bool) {
		for _, kv := range vars {
			if k, v, ok := strings.Cut(kv, "="); ok && k == key {
				return v, true
			}
		}
		return "", false
	}
}

// path resolves a path the caller named against the caller's directory.
func (e Env) path(p string) string {
	if p == "" || e.Dir == "" || filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(e.Dir, p)
}

func (e Env) paths(ps []string) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = e.path(p)
	}
	return out
}

// home is the caller's home directory, as os.UserHomeDir finds it, or "".
func (e Env) home() string {
	switch runtime.GOOS {
	case "windows":
		return e.getenv("USERPROFILE")
	case "plan9":
		return e.getenv("home")
	}
	return e.getenv("HOME")
}

// dataDir is $XDG_DATA_HOME/marquee, else ~/.local/share/marquee.
func (e Env) dataDir() string {
	if d := e.getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(e.path(d), "marquee")
	}
	if home := e.home(); home != "" {
		return filepath.Join(home, ".local", "share", "marquee")
	}
	return filepath.Join(os.TempDir(), "marquee")
}

// cacheDir is the caller's cache folder, as os.UserCacheDir finds it.
func (e Env) cacheDir() string {
	switch runtime.GOOS {
	case "windows":
		if d := e.getenv("LocalAppData"); d != "" {
			return d
		}
	case "darwin", "ios":
		if home := e.home(); home != "" {
			return filepath.Join(home, "Library", "Caches")
		}
	default:
		if d := e.getenv("XDG_CACHE_HOME"); d != "" && filepath.IsAbs(d) {
			return d
		}
		if home := e.home(); home != "" {
			return filepath.Join(home, ".cache")
		}
	}
	return os.TempDir()
}

// defaultDB is where the database lives when --db does not say:
// $MARQUEE_DB, else $XDG_DATA_HOME/marquee/marquee.db.
func (e Env) defaultDB() string {
	if p := e.getenv("MARQUEE_DB"); p != "" {
		return e.path(p)
	}
	return filepath.Join(e.dataDir(), "marquee.db")
}

// demoPath is the demo's own database, in the caller's cache: the demo
// never touches the real database.
func (e Env) demoPath() string {
	return filepath.Join(e.cacheDir(), "marquee", "demo-v1.db")
}
