package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// Cold opens and marquee's peak memory are measured in child processes
// (the harness's own binary run again), so that each starts with nothing
// loaded and /proc/self/status VmHWM counts that engine alone.
const (
	childEnv       = "MARQUEE_BENCH_CHILD" // cold_open or dashboard
	childEngineEnv = "MARQUEE_BENCH_ENGINE"
	childDirEnv    = "MARQUEE_BENCH_DIR"
)

// childResult is what a child prints, as one JSON line.
type childResult struct {
	OpenMS  float64 `json:"open_ms"` // open to first metrics
	Metrics metrics `json:"metrics"`
	PeakMB  float64 `json:"peak_rss_mb"`
	Err     string  `json:"error,omitempty"`
}

// childMain runs in the child: cold_open opens the database and produces
// the first metrics; dashboard does that and then the dashboard's work
// (steps 2 to 5 once each), for the peak RSS of a dashboard process.
func childMain(mode string, out io.Writer) int {
	res, err := child(mode, os.Getenv(childEngineEnv), os.Getenv(childDirEnv))
	if err != nil {
		res.Err = err.Error()
	}
	json.NewEncoder(out).Encode(res)
	if err != nil {
		return 1
	}
	return 0
}

func child(mode, name, dir string) (childResult, error) {
	var res childResult
	d, err := newDims()
	if err != nil {
		return res, err
	}
	e, err := engineNamed(name, dir)
	if err != nil {
		return res, err
	}
	start := time.Now()
	if err := e.open(); err != nil {
		return res, err
	}
	defer e.close()
	if res.Metrics, err = e.firstMetrics(); err != nil {
		return res, err
	}
	res.OpenMS = float64(time.Since(start)) / float64(time.Millisecond)
	if mode == "dashboard" {
		if err := dashboardWork(e, d); err != nil {
			return res, err
		}
	}
	res.PeakMB, err = peakRSS()
	return res, err
}

func dashboardWork(e engine, d dims) error {
	if _, err := e.summary(d.filterQuery()); err != nil {
		return err
	}
	if _, err := e.summary(query{}); err != nil {
		return err
	}
	if _, err := e.detail(d.filterQuery()); err != nil {
		return err
	}
	for _, z := range []string{zoneB, zoneA} {
		if err := e.setZone(z); err != nil {
			return err
		}
		if _, err := e.summary(query{}); err != nil {
			return err
		}
	}
	return nil
}

// peakRSS reads VmHWM, the process's peak resident set, in MB.
func peakRSS() (float64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.Atoi(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")))
			return float64(kb) / 1024, err
		}
	}
	return 0, fmt.Errorf("no VmHWM in /proc/self/status")
}

// runChild runs the harness's binary as a child in mode on one engine.
func runChild(mode, name, dir string) (childResult, error) {
	var res childResult
	exe, err := os.Executable()
	if err != nil {
		return res, err
	}
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), childEnv+"="+mode, childEngineEnv+"="+name, childDirEnv+"="+dir)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	runErr := cmd.Run()
	if err := json.Unmarshal(lastLine(stdout.Bytes()), &res); err != nil {
		return res, fmt.Errorf("%s %s child: %v (%v) %s", mode, name, err, runErr, stderr.String())
	}
	if res.Err != "" {
		return res, fmt.Errorf("%s %s child: %s", mode, name, res.Err)
	}
	return res, runErr
}

func lastLine(b []byte) []byte {
	b = bytes.TrimSpace(b)
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return b[i+1:]
	}
	return b
}

func engineNamed(name, dir string) (engine, error) {
	switch name {
	case "marquee":
		return newMarquee(dir), nil
	case "duckdb":
		return newDuck(dir), nil
	case "sqlite":
		return newSQLite(dir), nil
	}
	return nil, fmt.Errorf("no engine %q", name)
}
