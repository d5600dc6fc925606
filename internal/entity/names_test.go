package entity

import "testing"

func TestNormName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Antony Blinken", "antony blinken"},
		{"  Antony   Blinken ", "antony blinken"},
		{"U.S.", "us"},
		{"Washington, D.C.", "washington, dc"},
		{"People’s Daily", "people's daily"},
		{"the United States", "united states"},
		{"Blinken's", "blinken"},
		{"José Müller", "jose muller"},
		{"BLOOMBERG", "bloomberg"},
		{"", ""},
	}
	for _, tc := range tests {
		if got := normName(tc.in); got != tc.want {
			t.Errorf("normName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestDisplayName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"NATO", "NATO"},
		{"AFP", "AFP"},
		{"People’s  Daily", "People's Daily"},
		{"Xi Jinping", "Xi Jinping"},
	}
	for _, tc := range tests {
		if got := displayName(tc.in); got != tc.want {
			t.Errorf("displayName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestSplitTitles(t *testing.T) {
	tests := []struct{ in, name, role string }{
		{"US Secretary of State Antony Blinken", "Antony Blinken", "US Secretary of State"},
		{"Mr Blinken", "Blinken", ""},
		{"Mr. Blinken", "Blinken", ""},
		{"Chinese Foreign Minister Wang Yi", "Wang Yi", "Chinese Foreign Minister"},
		{"President Xi", "Xi", "President"},
		{"Deputy Secretary of State Kurt Campbell", "Kurt Campbell", "Deputy Secretary of State"},
		{"Dr Jill Biden", "Jill Biden", ""},
		{"President", "President", ""}, // a name keeps one word
		{"Wang Yi", "Wang Yi", ""},
	}
	for _, tc := range tests {
		name, role := splitTitles(tc.in)
		if name != tc.name || role != tc.role {
			t.Errorf("splitTitles(%q) = %q, %q; want %q, %q", tc.in, name, role, tc.name, tc.role)
		}
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		max  int
		want int
	}{
		{"anthony", "antony", 2, 1},
		{"kitten", "sitting", 3, 3},
		{"kitten", "sitting", 1, 2},
		{"", "abc", 3, 3},
		{"same", "same", 0, 0},
		{"müller", "muller", 2, 1},
	}
	for _, tc := range tests {
		if got := editDistance(tc.a, tc.b, tc.max); got != tc.want {
			t.Errorf("editDistance(%q, %q, %d) = %d, want %d", tc.a, tc.b, tc.max, got, tc.want)
		}
	}
}

func TestMatchNames(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"Antony Blinken", "Antony Blinken", exactMatch},
		{"Anthony Blinken", "Antony Blinken", fuzzyMatch},
		{"George W. Bush", "George Bush", exactMatch},
		{"Joe Biden", "Hunter Biden", noMatch},
		{"Wang Yi", "Wang Wenbin", noMatch},
		{"Wang Yi", "Wang Yu", noMatch}, // short words: no spelling variants
		{"Kim Jong Un", "Kim Jong Il", noMatch},
		{"Blinken", "Antony Blinken", noMatch},   // one word is not a full name
		{"Mark Smith", "Mary Smith", fuzzyMatch}, // only context tells these apart (Index)
	}
	for _, tc := range tests {
		if got := matchNames(nameTokens(tc.a), nameTokens(tc.b)); got != tc.want {
			t.Errorf("matchNames(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestRoleClass(t *testing.T) {
	tests := []struct{ role, want string }{
		{"US Secretary of State", "diplomat"},
		{"top US diplomat", "diplomat"},
		{"Chinese Foreign Minister", "diplomat"},
		{"Chinese President", "leader"},
		{"Chinese leader", "leader"},
		{"Vice President", "president"},
		{"State Department spokesman", "spokesman"},
		{"Chinese counterpart", ""},
	}
	for _, tc := range tests {
		if got := roleClass(roleWords(tc.role)); got != tc.want {
			t.Errorf("roleClass(%q) = %q, want %q", tc.role, got, tc.want)
		}
	}
}

func TestGivenVariant(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"fred", "frederick", true},
		{"bill", "william", true},
		{"jon", "john", true},
		{"anthony", "antony", true},
		{"joe", "hunter", false},
		{"yi", "wenbin", false},
		{"mark", "mary", true}, // one edit: a variant, which the Index accepts only with context
	}
	for _, tc := range tests {
		if got := givenVariant(tc.a, tc.b); got != tc.want {
			t.Errorf("givenVariant(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
		}
	}
}
