package format

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		want string
	}{{0, "0 rows"}, {1, "1 row"}, {2, "2 rows"}, {-1, "-1 rows"}, {1000, "1000 rows"}} {
		if got := Count(c.n, "row", "rows"); got != c.want {
			t.Errorf("Count(%d) = %q, want %q", c.n, got, c.want)
		}
	}
	if got := Plural(1, "line item", "line items"); got != "line item" {
		t.Errorf("Plural(1) = %q", got)
	}
}
