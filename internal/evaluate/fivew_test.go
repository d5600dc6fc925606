package evaluate

import "testing"

func TestOverlaps(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"Croydon", "Croydon, Near London", true},
		{"Donald Trump", "President-elect Trump", true},
		{"the White House", "at the White House", true},
		{"Paris", "in London", false},
		{"the", "the", false},
		{"", "Sunday", false},
	} {
		if got := Overlaps(c.a, c.b); got != c.want {
			t.Errorf("Overlaps(%q, %q) = %v", c.a, c.b, got)
		}
	}
}

func TestScoreFiveW(t *testing.T) {
	g := FiveWGold{Who: []string{"Donald Trump", "President Obama"}, When: []string{"Thursday"}}
	s := ScoreFiveW(g, FiveWAnswer{Who: []string{"Barack Obama"}, When: "Friday", Where: "Washington"})
	if s.Who != (FiveWQuestion{1, 1, 1}) || s.When != (FiveWQuestion{1, 1, 0}) || s.Where != (FiveWQuestion{}) {
		t.Errorf("got %+v", s)
	}
}
