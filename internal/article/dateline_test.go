package article

import (
	"testing"
	"time"
)

func TestDatelineDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" when s is no dateline
	}{
		{"May 2 , 2013 , 1 : 12 PM", "2013-05-02"},
		{"Posted 11 / 27 / 2005 7 : 21 AM", "2005-11-27"},
		{"Sunday , 21 July 2013", "2013-07-21"},
		{"Thursday , December 11 , 2008", "2008-12-11"},
		{"November 28th , 2005 , 09 : 11 GMT", "2005-11-28"},
		{"9 : 53 AM , MON 22 JUL 2013", "2013-07-22"},
		{"Sunday , March 17 , 2013 | 5 : 00 PM", "2013-03-17"},
		{"Published : 09th June 2013", "2013-06-09"},
		{"8 / 2 / 13 at 1 : 30 PM", "2013-08-02"},
		{"15 / 09 / 2013", "2013-09-15"},
		{"Jan 05 , 2011", "2011-01-05"},
		// not datelines: words besides the date, or no full date
		{"Ellen DeGeneres to Host Oscars", ""},
		{"8 : 24am :", ""},
		{"May 2013", ""},
		{"Quake hits Iran on May 2 , 2013", ""},
		{"February 30 , 2013", ""},
		{"", ""},
	}
	for _, tt := range tests {
		d, ok := datelineDate(tt.in)
		got := ""
		if ok {
			got = d.Format(time.DateOnly)
		}
		if got != tt.want || isDateline(tt.in) != ok {
			t.Errorf("datelineDate(%q) = %s, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
