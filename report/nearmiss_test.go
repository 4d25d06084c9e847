package report

import (
	"reflect"
	"testing"

	"marquee/store"
)

type names struct{ titles, channels, countries []string }

func (n names) Titles() []string    { return n.titles }
func (n names) Channels() []string  { return n.channels }
func (n names) Countries() []string { return n.countries }

func TestUnmatched(t *testing.T) {
	n := names{
		titles:    []string{"Night Ferry", "Night Ferry (Director's Cut)", "Salt & Iron"},
		channels:  []string{"Google Play", "Pluto TV", "iTunes"},
		countries: []string{"DE", "GB", "US"},
	}
	for _, tc := range []struct {
		name string
		f    store.Filter
		want []string
	}{
		{"all match", store.Filter{Titles: []string{"Salt & Iron"}, Channels: []string{"iTunes"}, Countries: []string{"GB"}}, nil},
		{"case and spacing", store.Filter{Titles: []string{"night  ferry"}}, []string{
			`warning: --title "night  ferry" matches nothing in this account; did you mean "Night Ferry" or "Night Ferry (Director's Cut)"?`}},
		{"punctuation", store.Filter{Titles: []string{"Salt and Iron"}, Channels: []string{"PlutoTV", "google-play"}}, []string{
			`warning: --title "Salt and Iron" matches nothing in this account`,
			`warning: --channel "PlutoTV" matches nothing in this account; did you mean "Pluto TV"?`,
			`warning: --channel "google-play" matches nothing in this account; did you mean "Google Play"?`}},
		{"a country with no lines", store.Filter{Countries: []string{"FR"}}, []string{
			`warning: --country "FR" matches nothing in this account`}},
	} {
		if got := Unmatched(n, tc.f); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
