package entity

import (
	"fmt"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/ner"
	"github.com/storyline-news/storyline/internal/text"
)

// Mention is one occurrence of an entity in an article's text.
type Mention struct {
	// Start and End are byte offsets into the article text, End exclusive:
	// Text == text[Start:End].
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
	// Role is the title or role the text gives the entity at this mention
	// ("US Secretary of State", "spokesperson for the Chinese Foreign
	// Ministry"), "" when none.
	Role string `json:"role,omitempty"`
	// RoleOnly is true for a mention by role alone ("the top US
	// diplomat") that the article makes unambiguous.
	RoleOnly bool `json:"role_only,omitempty"`
}

// Entity is one entity of one article: every mention of one person,
// organisation, place or other name in that article.
type Entity struct {
	// Key identifies the entity within its article: "e1", "e2", ... in
	// order of first mention.
	Key string `json:"key"`
	// Type is PER, ORG, LOC or MISC. Sources are always ORG.
	Type string `json:"type"`
	// Name is the fullest name the article gives, titles removed (the
	// most frequent among the longest); a country's GeoNames name ("United
	// States" for "US"); an outlet's usual name ("AP" for "Associated
	// Press").
	Name string `json:"name"`
	// Aliases are the other names the article uses for the entity ("Mr
	// Blinken" gives "Blinken"), without Name.
	Aliases []string `json:"aliases,omitempty"`
	// Roles are the distinct titles and roles the article gives it.
	Roles []string `json:"roles,omitempty"`
	// Mentions are the entity's mentions in text order.
	Mentions []Mention `json:"mentions"`
	// Source is true for a news outlet or agency ("Reuters", "CCTV"): a
	// source of the report, never an actor in it.
	Source bool `json:"source,omitempty"`
	// Country is, for a place, the country it is in or is, and for a
	// demonym ("Chinese") the country it names.
	Country string `json:"country,omitempty"`
	// Admin is a place's first-level division when known ("California").
	Admin string `json:"admin,omitempty"`
	// GeoID is the GeoNames id of a linked city or country, 0 otherwise.
	GeoID int `json:"geoid,omitempty"`
}

// Resolver finds the entities of articles. It is immutable after
// NewResolver and safe for concurrent use.
type Resolver struct {
	tagger *ner.Model
	gaz    *gazetteer
}

// NewResolver loads the embedded NER model (ner.Default) and the embedded
// place table, each once per process.
func NewResolver() (*Resolver, error) {
	m, err := ner.Default()
	if err != nil {
		return nil, fmt.Errorf("entity: load NER model: %w", err)
	}
	g, err := loadGazetteer()
	if err != nil {
		return nil, err
	}
	return &Resolver{tagger: m, gaz: g}, nil
}

// Article tags a cleaned article text (clean.Cleaner's output) with the NER
// model and returns its entities, ordered by first mention. Every mention
// lies within the text. It is Resolve with the tagger's output.
func (r *Resolver) Article(txt string) []Entity {
	return r.Resolve(txt, r.tagger.TagText(txt))
}

// ArticleTokens is Article for a text already tokenised: toks are the
// tokens of txt as text.Tokens returns them (text.AppendSentences gives
// them with the sentences), so that the analyses of one article share one
// tokenisation. toks is only read, and not kept.
func (r *Resolver) ArticleTokens(txt string, toks []text.Token) []Entity {
	return r.resolve(txt, toks, r.tagger.TagText(txt))
}

// Resolve returns the entities of a text given its NER tags (as returned
// by ner.Model.TagText for the same text), for callers that tag once and
// share the tags. Tags outside the text, of another type, or overlapping
// an earlier tag are ignored. Mistyped or missed
// mentions are repaired where the article allows: a short form tagged
// ORG or MISC, or not tagged, joins the person whose name it shortens; an
// outlet tagged as a person becomes a source.
func (r *Resolver) Resolve(txt string, tags []ner.Entity) []Entity {
	return r.resolve(txt, text.Tokens(txt), tags)
}

func (r *Resolver) resolve(txt string, toks []text.Token, tags []ner.Entity) []Entity {
	a := newAnalysis(r.gaz, txt, toks, tags)
	a.fixMentions()
	a.findSources()
	a.groupPersons()
	a.groupOthers()
	a.findRoles()
	a.findRoleMentions()
	return a.entities()
}

// mention is a working mention during the analysis of one article.
type mention struct {
	start, end int    // bytes in the text
	t0, t1     int    // tokens [t0, t1)
	typ        string // PER ORG LOC MISC
	tagged     string // the type the tagger gave
	name       string // display form, titles removed
	norm       string // normName(name)
	toks       []string
	role       string
	roleOnly   bool
	source     bool
	ent        int // index into analysis.ents, -1 before grouping
}

type group struct {
	idx    int // position in analysis.ents
	typ    string
	ms     []*mention
	source bool
	full   [][]string // person: normalised full names (two words or more)
	place  *place     // a linked place
}

type analysis struct {
	gaz     *gazetteer
	txt     string
	toks    []text.Token
	low     []string // tokens in lower case, trailing period removed
	sentEnd []bool   // token i ends a sentence
	ms      []*mention
	ents    []*group
	singles map[string]*group // one-word persons without a full name, by word
}

func newAnalysis(g *gazetteer, txt string, toks []text.Token, tags []ner.Entity) *analysis {
	a := &analysis{gaz: g, txt: txt, toks: toks}
	a.low = make([]string, len(a.toks))
	for i, t := range a.toks {
		a.low[i] = strings.ToLower(strings.TrimSuffix(t.Text, "."))
	}
	a.sentEnd = sentenceEnds(txt, a.toks)
	for _, tg := range tags {
		if tg.Start < 0 || tg.End > len(txt) || tg.Start >= tg.End {
			continue
		}
		t0 := sort.Search(len(a.toks), func(i int) bool { return a.toks[i].Start >= tg.Start })
		t1 := t0
		for t1 < len(a.toks) && a.toks[t1].End <= tg.End {
			t1++
		}
		if t1 == t0 {
			continue
		}
		switch tg.Type {
		case "PER", "ORG", "LOC", "MISC":
		default:
			continue
		}
		a.ms = append(a.ms, &mention{t0: t0, t1: t1, typ: tg.Type, tagged: tg.Type, ent: -1})
	}
	// text order, without overlaps (the first of overlapping tags wins)
	sort.SliceStable(a.ms, func(i, j int) bool { return a.ms[i].t0 < a.ms[j].t0 })
	kept := a.ms[:0]
	for _, m := range a.ms {
		if len(kept) == 0 || m.t0 >= kept[len(kept)-1].t1 {
			kept = append(kept, m)
		}
	}
	a.ms = kept
	return a
}

// setSpan sets m's span to tokens [t0, t1) and recomputes its names.
func (a *analysis) setSpan(m *mention, t0, t1 int) {
	m.t0, m.t1 = t0, t1
	m.start, m.end = a.toks[t0].Start, a.toks[t1-1].End
	m.name = displayName(a.txt[m.start:m.end])
	m.norm = normName(m.name)
	m.toks = nameTokens(m.norm)
}

// lower returns token i in lower case without a trailing period.
func (a *analysis) lower(i int) string { return a.low[i] }

// sentenceEnds marks the tokens that end a sentence, as text.Sentences
// splits (a terminal mark before a sentence opener, or a blank line), but
// from tokens already made.
func sentenceEnds(txt string, toks []text.Token) []bool {
	end := make([]bool, len(toks))
	for i := range toks {
		if i+1 == len(toks) {
			end[i] = true
			break
		}
		if strings.Count(txt[toks[i].End:toks[i+1].Start], "\n") >= 2 {
			end[i] = true
			continue
		}
		t := toks[i].Text
		if strings.Trim(t, ".!?") == "" || t == "…" {
			next := toks[i+1].Text
			end[i] = isCapitalised(next) || next[0] >= '0' && next[0] <= '9' || strings.ContainsAny(next[:1], "\"'(“‘[")
		}
	}
	return end
}

// fixMentions trims punctuation, determiners and titles from the tagger's
// spans. A title inside a person's span ("President Xi") becomes its role.
func (a *analysis) fixMentions() {
	out := a.ms[:0]
	for _, m := range a.ms {
		t0, t1 := m.t0, m.t1
		for t0 < t1 && !isWordToken(a.toks[t0].Text) {
			t0++
		}
		for t1 > t0 && (!isWordToken(a.toks[t1-1].Text) || isPossessive(a.toks[t1-1].Text)) {
			t1--
		}
		if t0 < t1 && determiners[a.lower(t0)] && t1-t0 > 1 {
			t0++
		}
		if t0 >= t1 {
			continue
		}
		if m.typ == "PER" && a.bareTitle(t0, t1) {
			continue // "Mayor", "President": a title is not a person
		}
		if m.typ == "PER" && t1-t0 > 1 {
			// "Hurricane Katrina", "Dauphin Island": not persons
			switch {
			case eventFirst[a.lower(t0)]:
				m.typ = "MISC"
			case placeFirst[a.lower(t0)] || placeLast[a.lower(t1-1)]:
				m.typ = "LOC"
			}
		}
		if m.typ == "PER" && t1-t0 > 1 {
			// "Sao Paulo": a country or a big city is not a person
			if p, ok := a.gaz.lookup(a.txt[a.toks[t0].Start:a.toks[t1-1].End], nil, nil); ok && (p.Kind == "country" || p.Population >= 1_000_000) {
				m.typ = "LOC"
			}
		}
		if m.typ == "PER" {
			// a name's words are capitalised, particles aside: "Pierre
			// Thomas placed" ends at "Thomas"; "Nixon aide Fred LaRue"
			// is "Fred LaRue"
			for t1-t0 > 1 && a.lowerWord(t1-1) {
				t1--
			}
			for t1-t0 > 1 && a.lowerWord(t0) {
				t0++ // "to Teixeira"
			}
			for i := t1 - 2; i > t0; i-- {
				if a.lowerWord(i) {
					t0 = i + 1
					break
				}
			}
			s := t0
			for t0 < t1-1 {
				l := a.lower(t0)
				if !(courtesy[l] || roleNouns[l] || roleModifiers[l] || l == "of" || isNationality(l)) {
					break
				}
				t0++
			}
			if s < t0 {
				_, m.role = splitTitles(a.txt[a.toks[s].Start:a.toks[t1-1].End])
			}
		}
		a.setSpan(m, t0, t1)
		out = append(out, m)
	}
	a.ms = out
}

// lowerWord reports whether token i is a lower-case word that cannot be
// part of a name (name particles such as "de", "van", "bin" can).
func (a *analysis) lowerWord(i int) bool {
	t := a.toks[i].Text
	return !isCapitalised(t) && isWordToken(t) && !nameParticles[a.lower(i)] && t[0] > '9'
}

// bareTitle reports whether tokens [t0, t1) are only titles and role
// words.
func (a *analysis) bareTitle(t0, t1 int) bool {
	for i := t0; i < t1; i++ {
		l := a.lower(i)
		if !(courtesy[l] || roleNouns[l] || roleModifiers[l] || l == "of") {
			return false
		}
	}
	return true
}

func isWordToken(s string) bool {
	for _, r := range s {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r > 127 && r != '’' && r != '‘' && r != '“' && r != '”' && r != '—' && r != '–' {
			return true
		}
	}
	return false
}

func isPossessive(s string) bool {
	return s == "'s" || s == "’s" || s == "'" || s == "’"
}

// covered returns the mention covering token i, or nil.
func (a *analysis) covered(i int) *mention {
	j := sort.Search(len(a.ms), func(k int) bool { return a.ms[k].t1 > i })
	if j < len(a.ms) && a.ms[j].t0 <= i {
		return a.ms[j]
	}
	return nil
}

// insert adds a mention keeping a.ms in text order.
func (a *analysis) insert(m *mention) {
	j := sort.Search(len(a.ms), func(k int) bool { return a.ms[k].t0 >= m.t0 })
	a.ms = append(a.ms, nil)
	copy(a.ms[j+1:], a.ms[j:])
	a.ms[j] = m
}
