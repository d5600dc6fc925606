package entity

import (
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/ner"
)

// tag builds NER tags for the given phrases (each "TYPE:text", matched at
// its first occurrence after the previous one), to feed Resolve with the
// tagger's possible mistakes.
func tag(t *testing.T, txt string, spec ...string) []ner.Entity {
	t.Helper()
	var out []ner.Entity
	from := 0
	for _, s := range spec {
		typ, phrase, _ := strings.Cut(s, ":")
		i := strings.Index(txt[from:], phrase)
		if i < 0 {
			t.Fatalf("%q not found after %d", phrase, from)
		}
		start := from + i
		out = append(out, ner.Entity{Start: start, End: start + len(phrase), Text: phrase, Type: typ})
		from = start + len(phrase)
	}
	return out
}

// TestResolveRobust feeds Resolve with the tagger's typical mistakes.
func TestResolveRobust(t *testing.T) {
	r := testResolver(t)
	tests := []struct {
		name   string
		txt    string
		tags   []string
		person string // the person entity to check
		n      int    // its mention count
		source []string
	}{
		{
			name:   "short form tagged ORG",
			txt:    "Secretary of State Antony Blinken arrived in Tokyo. Blinken talks with Japanese officials began on Monday.",
			tags:   []string{"PER:Antony Blinken", "LOC:Tokyo", "ORG:Blinken"},
			person: "Antony Blinken", n: 2,
		},
		{
			name:   "short form missed",
			txt:    "Senator Maria Cantwell spoke first. Later, Cantwell said the bill would pass.",
			tags:   []string{"PER:Maria Cantwell"},
			person: "Maria Cantwell", n: 2,
		},
		{
			name:   "outlet tagged PER with a reporting cue",
			txt:    "Bloomberg reported that Jane Fraser would attend, according to Bloomberg.",
			tags:   []string{"PER:Bloomberg", "PER:Jane Fraser", "PER:Bloomberg"},
			person: "Jane Fraser", n: 1, source: []string{"Bloomberg"},
		},
		{
			name:   "outlet in capitals tagged PER",
			txt:    "The minister, Jean Dupont, arrived on Sunday. AFP, BLOOMBERG",
			tags:   []string{"PER:Jean Dupont", "PER:AFP", "PER:BLOOMBERG"},
			person: "Jean Dupont", n: 1, source: []string{"AFP", "Bloomberg"},
		},
		{
			name:   "title inside the tagged span",
			txt:    "President Xi Jinping met the delegation. Xi said relations were improving.",
			tags:   []string{"PER:President Xi Jinping", "PER:Xi"},
			person: "Xi Jinping", n: 2,
		},
		{
			name:   "person named like an outlet stays a person",
			txt:    "Michael Bloomberg donated to the campaign. Bloomberg has long supported it.",
			tags:   []string{"PER:Michael Bloomberg", "PER:Bloomberg"},
			person: "Michael Bloomberg", n: 2,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ents := r.Resolve(tc.txt, tag(t, tc.txt, tc.tags...))
			e := findEntity(ents, tc.person)
			if e == nil || e.Type != "PER" || len(e.Mentions) != tc.n {
				t.Errorf("%s: got %+v, want a person with %d mentions\n%s", tc.person, e, tc.n, describe(ents))
			}
			for _, s := range tc.source {
				if e := findEntity(ents, s); e == nil || !e.Source || e.Type != "ORG" {
					t.Errorf("%s: got %+v, want a source\n%s", s, e, describe(ents))
				}
			}
		})
	}
}

// TestResolveBadTags checks that tags outside the text or out of order
// are ignored without panic.
func TestResolveBadTags(t *testing.T) {
	r := testResolver(t)
	txt := "Olaf Scholz spoke."
	tags := []ner.Entity{{Start: 50, End: 60, Type: "PER"}, {Start: 3, End: 1, Type: "PER"}, {Start: 0, End: 11, Type: "PER"},
		{Start: 5, End: 11, Type: "ORG"}, {Start: 12, End: 17, Type: "X"}}
	ents := r.Resolve(txt, tags)
	if len(ents) != 1 || ents[0].Name != "Olaf Scholz" {
		t.Fatalf("got %s", describe(ents))
	}
}

// TestNationNotPerson checks that a nation tagged PER is not a person,
// unless it is a person's surname.
func TestNationNotPerson(t *testing.T) {
	r := testResolver(t)
	txt := "Chinese officials met in Jordan. Michael Jordan did not attend, Jordan said."
	ents := r.Resolve(txt, tag(t, txt, "PER:Chinese", "PER:Jordan", "PER:Michael Jordan", "PER:Jordan"))
	for _, e := range ents {
		if e.Type == "PER" && e.Name != "Michael Jordan" {
			t.Errorf("person %q\n%s", e.Name, describe(ents))
		}
	}
	if e := findEntity(ents, "Michael Jordan"); e == nil || len(e.Mentions) != 2 {
		t.Errorf("Michael Jordan: %+v\n%s", e, describe(ents))
	}
}

func TestAcronyms(t *testing.T) {
	r := testResolver(t)
	txt := "The North Atlantic Treaty Organization (NATO) met in Brussels. NATO said it would act. The Kuomintang (KMT) lost; the KMT conceded."
	ents := r.Resolve(txt, tag(t, txt, "ORG:North Atlantic Treaty Organization", "ORG:NATO", "LOC:Brussels", "ORG:NATO", "ORG:KMT", "ORG:KMT"))
	if e := findEntity(ents, "North Atlantic Treaty Organization"); e == nil || len(e.Mentions) != 3 {
		t.Errorf("NATO: %+v\n%s", e, describe(ents))
	}
	if e := findEntity(ents, "KMT"); e == nil || len(e.Mentions) != 3 || !containsString(e.Aliases, "Kuomintang") {
		t.Errorf("KMT: %+v\n%s", e, describe(ents))
	}
	for _, tc := range []struct {
		acr, name string
		want      bool
	}{
		{"NATO", "North Atlantic Treaty Organization", true},
		{"DPP", "Democratic Progressive Party", true},
		{"ISIS", "Islamic State of Iraq and Syria", true},
		{"FBI", "Democratic Progressive Party", false},
	} {
		if got := initialsMatch(tc.acr, tc.name); got != tc.want {
			t.Errorf("initialsMatch(%q, %q) = %v", tc.acr, tc.name, got)
		}
	}
}

func TestCourtesyNames(t *testing.T) {
	r := testResolver(t)
	txt := "Mrs Okonjo-Iweala arrived late. Mr Tanaka said the talks went well."
	ents := r.Resolve(txt, nil)
	for _, n := range []string{"Okonjo-Iweala", "Tanaka"} {
		if e := findEntity(ents, n); e == nil || e.Type != "PER" {
			t.Errorf("%s: %+v\n%s", n, e, describe(ents))
		}
	}
}
