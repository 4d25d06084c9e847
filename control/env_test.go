package control

import (
	"context"
	"io"
	"slices"
	"testing"
)

// The caller's environment reaches the handler as sent, nothing added.
func TestRequestCarriesTheCallersEnvironment(t *testing.T) {
	got := make(chan []string, 1)
	path, _ := serve(t, func(_ context.Context, req Request, _, _ io.Writer) int {
		got <- req.Env
		return 0
	})
	env := []string{"MARQUEE_DB=/home/ann/m.db", "HOME=/home/ann", "NO_COLOR="}
	if code, err := Call(path, Request{Args: []string{"demo"}, Dir: "/home/ann", Env: env}, io.Discard, io.Discard); err != nil || code != 0 {
		t.Fatalf("Call = %d, %v", code, err)
	}
	if e := <-got; !slices.Equal(e, env) {
		t.Fatalf("the server got %q, want %q", e, env)
	}
}
