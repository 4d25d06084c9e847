package format

import "testing"

func TestSanitizeStripsTerminalControl(t *testing.T) {
	cases := []struct{ in, want string }{
		{"Night Ferry", "Night Ferry"},
		{"Evil\x1b]52;c;aGVsbG8=\x07 Film", "Evil Film"},
		{"Clear\x1b[2J\x1b[H Me", "Clear Me"},
		{"Tab\there", "Tab here"},
		{"bell\x07 and DEL\x7f", "bell and DEL"},
		{"Amélie", "Amélie"},
	}
	for _, c := range cases {
		if got := Sanitize(c.in); got != c.want {
			t.Errorf("Sanitize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCSVSafeNeutralisesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=SUM(A1)": "'=SUM(A1)", "+1": "'+1", "-2": "'-2", "@cmd": "'@cmd", "Plain": "Plain", "": ""} {
		if got := CSVSafe(in); got != want {
			t.Errorf("CSVSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
