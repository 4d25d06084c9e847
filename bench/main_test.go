package main

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as the harness's child process, as
// the harness's own binary does under `go run`.
func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		os.Exit(childMain(mode, os.Stdout))
	}
	os.Exit(m.Run())
}
