package event

import (
	"sort"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/text"
	"github.com/storyline-news/storyline/internal/timex"
)

// Event kinds (DESIGN.md, events JSONL contract).
const (
	KindMeeting = "meeting"
	KindTalks   = "talks"
	KindSummit  = "summit"
	KindCall    = "call"
	KindVisit   = "visit"
)

// Event statuses.
const (
	StatusHappened  = "happened"
	StatusPlanned   = "planned"
	StatusPossible  = "possible"
	StatusPostponed = "postponed"
	StatusCancelled = "cancelled"
)

// PloverConsult is the PLOVER event type of every contact kind.
const PloverConsult = "CONSULT"

// Sources of Event.When.
const (
	// WhenTimex: a temporal expression of the article (WhenText,
	// WhenEvidence) attached to the event's clause or sentence.
	WhenTimex = "timex"
	// WhenEvent: the day of another event of the article the clause
	// places it next to ("shortly before his meeting with ..."); the
	// evidence is that phrase.
	WhenEvent = "event"
	// WhenArticleDate: the article date, for an event the article reports
	// in the present tense ("the talks are being held"); the evidence is
	// the verb.
	WhenArticleDate = "article-date"
	// WhenNone: no date applies and When is empty. The article date then
	// only bounds the event through its Status (happened: before it;
	// planned: after it).
	WhenNone = "none"
)

// Span is a byte range [Start, End) of the article text with its text:
// Text == text[Start:End].
type Span struct {
	Start int    `json:"start"`
	End   int    `json:"end"`
	Text  string `json:"text"`
}

// Participant is one actor of an event. Persons are preferred: a country or
// organisation is a participant only when the mention names no person.
type Participant struct {
	// Name is the entity's fullest name in the article.
	Name string `json:"name"`
	// Type is PER, ORG or LOC.
	Type string `json:"type"`
	// EntityKey is the entity.Entity.Key of the participant in this article.
	EntityKey string `json:"entity"`
	// Evidence is the words that gave the participant: a name, a role
	// ("China's top envoy"), a pronoun ("he") or a plural ("the two").
	Evidence Span `json:"evidence"`
}

// Mention is one report of an event in the article: its trigger, the
// sentence, and the status this mention gives.
type Mention struct {
	Trigger  Span   `json:"trigger"`
	Sentence Span   `json:"sentence"`
	Status   string `json:"status"`
	Negated  bool   `json:"negated,omitempty"`
	// Anaphoric is true for a mention that names no participants of its own
	// ("the meeting", "Sunday's talks") and was joined to the event it
	// refers back to.
	Anaphoric bool `json:"anaphoric,omitempty"`
}

// Event is one contact event of one article, merged over its mentions: the
// first (full) mention gives Trigger, Sentence and Status; later mentions
// fill a missing place or time and are listed in Mentions (first included),
// in text order.
type Event struct {
	// Kind is meeting, talks, summit, call or visit.
	Kind string `json:"kind"`
	// Plover is the PLOVER event type (CONSULT).
	Plover       string        `json:"plover"`
	Trigger      Span          `json:"trigger"`
	Sentence     Span          `json:"sentence"`
	Participants []Participant `json:"participants"`
	// Place is the place name ("Munich"), "" when unknown; for a visit, the
	// destination.
	Place         string `json:"place,omitempty"`
	PlaceEvidence *Span  `json:"place_evidence,omitempty"`
	// When is a TIMEX3 value ("2024-02-16", "2023-11", "2024-SP",
	// "FUTURE_REF") or "" when no date applies; Mod is the TIMEX3 mod of
	// the expression that gave it ("START", "END"), never a guess from the
	// tense. WhenFrom says where When came from (see the WhenFrom
	// constants); WhenEvidence is the words that gave it and WhenText their
	// text when they are a temporal expression.
	When         string `json:"when,omitempty"`
	WhenText     string `json:"when_text,omitempty"`
	WhenEvidence *Span  `json:"when_evidence,omitempty"`
	Mod          string `json:"mod,omitempty"`
	WhenFrom     string `json:"when_from"`
	// Status is happened, planned, possible, postponed or cancelled, as
	// this article reports it (a planned date already past stays planned).
	Status         string `json:"status"`
	StatusEvidence *Span  `json:"status_evidence,omitempty"`
	// Negated is true for "did not meet", "no meeting".
	Negated  bool      `json:"negated,omitempty"`
	Mentions []Mention `json:"mentions"`
}

// Names returns the participants' names, in order.
func (e Event) Names() []string {
	out := make([]string, len(e.Participants))
	for i, p := range e.Participants {
		out[i] = p.Name
	}
	return out
}

// Extractor finds contact events. It is immutable and safe for concurrent
// use.
type Extractor struct{}

// NewExtractor returns an Extractor with the built-in English lexicons.
func NewExtractor() *Extractor { return &Extractor{} }

// Extract returns the contact events of one cleaned article text, in order
// of first mention. date is the article date (zero when unknown), place the
// dateline place ("" when none), ents the entities of text (Resolver.Article)
// and tx its temporal expressions (Tagger.Tag anchored at date). Every span
// lies within text. Repeated mentions of one event (same kind family, same
// participants, compatible time) are merged into one Event.
func (x *Extractor) Extract(txt string, date time.Time, place string, ents []entity.Entity, tx []timex.Timex) []Event {
	sents, toks := split(txt)
	return x.ExtractSplit(txt, sents, toks, date, place, ents, tx)
}

// ExtractSplit is Extract for a text already split into sentences and
// tokens, sents and toks as text.AppendSentences returns them for txt, so
// that the analyses of one article share one tokenisation. They are only
// read, and not kept.
func (x *Extractor) ExtractSplit(txt string, sents []text.Span, toks []text.Token, date time.Time, place string, ents []entity.Entity, tx []timex.Timex) []Event {
	d := newDoc(txt, sents, toks, date, place, ents, tx)
	var ms []*mention
	for si := range d.sents {
		ms = append(ms, d.sentenceMentions(si, ms)...)
	}
	return d.merge(ms)
}

// family groups kinds that may name the same event.
func family(kind string) string {
	switch kind {
	case KindMeeting, KindTalks, KindSummit:
		return "meet"
	}
	return kind
}

// ---- document preparation ----

type entMention struct {
	ent    *entity.Entity
	m      entity.Mention
	ts, te int // token range
}

type doc struct {
	txt      string
	date     time.Time
	dateline string
	ents     []entity.Entity
	toks     []text.Token
	low      []string
	sents    []text.Span
	sentTok  [][2]int // token range per sentence
	tokEnt   []int    // index into ems, -1
	ems      []entMention
	tx       []timex.Timex
	tokTx    []int // index into tx, -1
	country  map[string]string
}

// split returns the sentences and tokens of txt in one pass.
func split(txt string) ([]text.Span, []text.Token) {
	return text.AppendSentences(nil, txt, make([]text.Token, 0, len(txt)/5+1))
}

func newDoc(txt string, sents []text.Span, toks []text.Token, date time.Time, place string, ents []entity.Entity, tx []timex.Timex) *doc {
	d := &doc{txt: txt, date: date, dateline: place, ents: ents, sents: sents, toks: toks}
	d.low = make([]string, len(d.toks))
	for i, t := range d.toks {
		d.low[i] = normTok(t.Text)
	}
	d.sentTok = make([][2]int, len(d.sents))
	for i, s := range d.sents {
		d.sentTok[i] = [2]int{d.tokAt(s.Start), d.tokAt(s.End)}
	}
	d.tokEnt = make([]int, len(d.toks))
	for i := range d.tokEnt {
		d.tokEnt[i] = -1
	}
	d.country = map[string]string{}
	for ei := range ents {
		e := &ents[ei]
		if e.Country != "" {
			d.country[strings.ToLower(e.Name)] = e.Country
			for _, a := range e.Aliases {
				d.country[strings.ToLower(a)] = e.Country
			}
			for _, m := range e.Mentions {
				d.country[strings.ToLower(m.Text)] = e.Country
			}
		}
		for _, m := range e.Mentions {
			if m.Start < 0 || m.End > len(txt) || m.Start >= m.End {
				continue
			}
			ts, te := d.tokAt(m.Start), d.tokAt(m.End)
			if ts >= te {
				continue
			}
			d.ems = append(d.ems, entMention{ent: e, m: m, ts: ts, te: te})
		}
	}
	sort.SliceStable(d.ems, func(i, j int) bool { return d.ems[i].ts < d.ems[j].ts })
	for k, em := range d.ems {
		for t := em.ts; t < em.te; t++ {
			if d.tokEnt[t] < 0 {
				d.tokEnt[t] = k
			}
		}
	}
	d.tokTx = make([]int, len(d.toks))
	for i := range d.tokTx {
		d.tokTx[i] = -1
	}
	for _, t := range tx {
		if t.Start < 0 || t.End > len(txt) || t.Start >= t.End || t.Type != "DATE" && t.Type != "TIME" {
			continue
		}
		d.tx = append(d.tx, t)
	}
	sort.SliceStable(d.tx, func(i, j int) bool { return d.tx[i].Start < d.tx[j].Start })
	for k, t := range d.tx {
		for i := d.tokAt(t.Start); i < d.tokAt(t.End); i++ {
			if d.tokTx[i] < 0 {
				d.tokTx[i] = k
			}
		}
	}
	return d
}

// tokAt returns the index of the first token ending after byte offset off.
func (d *doc) tokAt(off int) int {
	return sort.Search(len(d.toks), func(i int) bool { return d.toks[i].End > off })
}

func normTok(s string) string {
	s = strings.ToLower(s)
	switch s {
	case "’s":
		return "'s"
	case "“", "”", "\"", "«", "»":
		return "\""
	case "’", "‘":
		return "'"
	case "n’t":
		return "n't"
	case "’d":
		return "'d"
	case "’ll":
		return "'ll"
	}
	return s
}

func (d *doc) span(start, end int) Span {
	return Span{Start: start, End: end, Text: d.txt[start:end]}
}

func (d *doc) tokSpan(i, j int) Span { // tokens [i, j)
	return d.span(d.toks[i].Start, d.toks[j-1].End)
}

// ---- mentions ----

type part struct {
	ent *entity.Entity
	ev  Span
}

type mention struct {
	kind        string
	trig        [2]int // token range
	sent        int
	parts       []part
	partial     bool // names fewer participants than the kind needs
	plural      bool // "meetings": refers back only
	place       string
	placeEnt    *entity.Entity
	placeEv     *Span
	tx          *timex.Timex
	txEnd       int // byte end of a range ("Feb. 5-6")
	status      string
	statusEv    *Span
	negated     bool
	present     bool
	presentEv   *Span    // the present-tense word
	nextTo      *mention // "shortly before <nextTo>": on its day
	nextToEv    *Span
	objects     map[*entity.Entity]bool
	sameSubject bool // the subject is an earlier trigger's of the sentence
	unresolved  bool // a first-person subject: unknown who
	cued        bool // the status comes from a cue word, not the default
	indef       bool // an indefinite noun trigger ("a meeting")
	bare        bool // a singular noun trigger without determiner ("continued dialogue")
}

func (m *mention) keys() string {
	ks := make([]string, 0, len(m.parts))
	for _, p := range m.parts {
		ks = append(ks, p.ent.Key)
	}
	sort.Strings(ks)
	return strings.Join(ks, ",")
}

func (m *mention) has(e *entity.Entity) bool {
	for _, p := range m.parts {
		if p.ent == e {
			return true
		}
	}
	return false
}

func (m *mention) add(e *entity.Entity, ev Span) {
	if e == nil || m.has(e) {
		return
	}
	m.parts = append(m.parts, part{ent: e, ev: ev})
}

func (d *doc) sentenceMentions(si int, prev []*mention) []*mention {
	st, en := d.sentTok[si][0], d.sentTok[si][1]
	type trig struct {
		kind   string
		i, j   int // trigger tokens
		verb   bool
		plural bool
	}
	var trigs []trig
	for i := st; i < en; i++ {
		k, j, verb, plural := d.trigger(i, en)
		if k == "" {
			continue
		}
		trigs = append(trigs, trig{k, i, j, verb, plural})
		i = j - 1
	}
	var out []*mention
	objects := map[*entity.Entity]bool{}
	for ti, t := range trigs {
		lo := st
		if ti > 0 {
			lo = trigs[ti-1].j
		}
		hi := en
		if ti+1 < len(trigs) {
			hi = trigs[ti+1].i
		}
		L := d.leftBound(t.i, lo)
		R := d.rightBound(t.j, hi)
		m := &mention{kind: t.kind, trig: [2]int{t.i, t.j}, sent: si, plural: t.plural, objects: map[*entity.Entity]bool{}}
		if m.kind == "conversation" {
			m.kind = KindTalks
			for i := st; i < en; i++ {
				if d.low[i] == "call" || d.low[i] == "phone" || d.low[i] == "calls" {
					m.kind = KindCall
				}
			}
		}
		// Objects first, so that a subject search can skip them.
		hedged := d.objects(m, t.verb, R)
		for e := range m.objects {
			objects[e] = true
		}
		d.status(m, L, R)
		d.subject(m, L, objects, out, append(prev, out...))
		if m.sameSubject {
			// The clause is the earlier trigger's: only the words right
			// before this trigger give its status.
			d.status(m, max(L, t.i-3), R)
		}
		if m.kind != KindVisit && len(m.parts) < 2 {
			// Fall back on countries and organisations named in the clause.
			if !d.hasPER(m) {
				d.orgParticipants(m, L, R)
			}
		}
		// Subjects first, then objects.
		sort.SliceStable(m.parts, func(a, b int) bool { return !m.objects[m.parts[a].ent] && m.objects[m.parts[b].ent] })
		d.place(m, L, R)
		if !t.verb {
			m.indef, m.bare = d.determiner(m.trig[0], st)
		}
		if m.unresolved {
			continue
		}
		d.when(m, L, R, len(trigs) == 1, st, en)
		if m.tx == nil {
			d.nextTo(m, st, out)
		}
		d.tenseFix(m)
		need := 2
		if m.kind == KindVisit {
			need = 1
		}
		m.partial = len(m.parts) < need || m.plural && !d.heldBy(m)
		if m.kind == KindVisit && m.place == "" && strings.HasPrefix(d.low[t.i], "arriv") {
			m.partial = true // "arrived in court" is no visit
		}
		out = append(out, m)
		for _, h := range hedged {
			hm := *m
			hm.parts = nil
			for _, p := range m.parts {
				if !m.objects[p.ent] {
					hm.parts = append(hm.parts, p)
				}
			}
			hm.parts = append(hm.parts, h)
			hm.status = StatusPossible
			ev := h.ev
			hm.statusEv = &ev
			hm.partial = len(hm.parts) < 2
			out = append(out, &hm)
		}
	}
	return out
}

// heldBy reports whether a plural trigger is the object of "held"/"had"
// with at least two participants named by name ("The United States and
// China have held separate meetings"): new events, not a reference back.
func (d *doc) heldBy(m *mention) bool {
	if len(m.parts) < 2 {
		return false
	}
	subject := false
	for _, p := range m.parts {
		if isPronounEvidence(p.ev.Text) {
			return false
		}
		subject = subject || !m.objects[p.ent]
	}
	if !subject {
		return false // "others have had conversations with X and Y"
	}
	for k := m.trig[0] - 1; k >= 0 && k >= m.trig[0]-3; k-- {
		switch d.low[k] {
		case "held", "hold", "holds", "holding", "had":
			return true
		}
	}
	return false
}

// determiner reads the noun phrase a noun trigger at token i heads, back
// over up to three lower-case modifiers: indef for "a"/"an"/"another" ("a
// moderated online conversation"), bare for a mass noun ("dialogue",
// "conversation") with no determiner, possessive, number or name.
func (d *doc) determiner(i, st int) (indef, bare bool) {
	for k := i - 1; k >= st && k >= i-4; k-- {
		switch w := d.low[k]; {
		case w == "a" || w == "an" || w == "another":
			return true, false
		case determiners[w] || d.tokEnt[k] >= 0 || d.tokTx[k] >= 0:
			return false, false
		case !isLowerWord(d.toks[k].Text):
			// A name, a number or punctuation ends the phrase.
			return false, massNoun(d.low[i]) && (w == "," || w == ".")
		}
	}
	return false, massNoun(d.low[i])
}

// determiners open a noun phrase that refers to a particular thing.
var determiners = map[string]bool{
	"the": true, "this": true, "that": true, "these": true, "those": true, "their": true, "his": true, "her": true,
	"its": true, "our": true, "my": true, "your": true, "'s": true, "such": true, "any": true, "no": true, "each": true,
	"first": true, "last": true, "next": true, "previous": true, "latest": true,
}

func massNoun(w string) bool { return w == "dialogue" || w == "conversation" }

func isLowerWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r == '-') {
			return false
		}
	}
	return true
}

func (d *doc) hasPER(m *mention) bool {
	for _, p := range m.parts {
		if p.ent.Type == "PER" {
			return true
		}
	}
	return false
}

// trigger reports whether a contact trigger starts at token i (< end) and
// returns its kind, the token after it, whether it is a verb, and whether it
// is a plural noun that can only refer back.
func (d *doc) trigger(i, end int) (kind string, j int, verb, plural bool) {
	w := d.low[i]
	next := func(k int) string {
		if i+k < end {
			return d.low[i+k]
		}
		return ""
	}
	prev := ""
	if i > 0 {
		prev = d.low[i-1]
	}
	switch w {
	case "meet", "meets", "met":
		switch next(1) {
		case "expectations", "demand", "demands", "needs", "targets", "criteria", "requirements", "deadline", "standards", "goals":
			return "", 0, false, false // "met the demands" is no contact
		}
		if next(2) == "expectations" || next(2) == "demands" || next(2) == "needs" || next(2) == "requirements" {
			return "", 0, false, false
		}
		return KindMeeting, i + 1, true, false
	case "meeting":
		if prev == "is" || prev == "are" || prev == "was" || prev == "were" || prev == "been" || prev == "be" || prev == "considering" {
			return KindMeeting, i + 1, true, false
		}
		switch next(1) {
		case "room", "place", "point", "rooms":
			return "", 0, false, false
		}
		return KindMeeting, i + 1, false, false
	case "meetings":
		return KindMeeting, i + 1, false, true
	case "sit", "sat", "sits", "sitting":
		if next(1) == "down" && next(2) == "with" {
			return KindMeeting, i + 2, true, false
		}
	case "face-to-face":
		switch next(1) {
		case "meeting", "meetings", "talks", "summit":
			return "", 0, false, false
		}
		if prev == "a" || prev == "their" || prev == "first" {
			return KindMeeting, i + 1, false, false
		}
	case "summit":
		return KindSummit, i + 1, false, false
	case "summits":
		return KindSummit, i + 1, false, true
	case "talks":
		if prev == "peace" || prev == "trade" || prev == "ceasefire" || prev == "coalition" {
			return "", 0, false, false
		}
		return KindTalks, i + 1, false, false
	case "conversation", "dialogue":
		return "conversation", i + 1, false, false
	case "conversations":
		return "conversation", i + 1, false, true
	case "call":
		if next(1) == "between" || next(1) == "with" || prev == "phone" || prev == "telephone" || prev == "video" {
			if prev == "phone" || prev == "telephone" || prev == "video" {
				return KindCall, i + 1, false, false
			}
			switch prev {
			case "a", "the", "this", "that", "their", "his", "her", "phone":
				return KindCall, i + 1, false, false
			}
		}
		switch prev {
		case "a", "the", "this", "their", "his", "her":
			switch next(1) {
			case "for", "to", "on", "from", "of":
				return "", 0, false, false
			}
			return KindCall, i + 1, false, false
		}
	case "phone":
		if next(1) == "call" || next(1) == "conversation" {
			return KindCall, i + 2, false, false
		}
	case "spoke", "speak", "speaks", "speaking", "talked":
		if next(1) == "by" && (next(2) == "phone" || next(2) == "telephone") {
			return KindCall, i + 3, true, false
		}
		if next(1) == "on" && next(2) == "the" && next(3) == "phone" {
			return KindCall, i + 4, true, false
		}
		if next(1) == "to" || next(1) == "with" {
			for k := 2; k < 7 && i+k < end; k++ {
				if e := d.tokEnt[i+k]; e >= 0 {
					if d.ems[e].ent.Type == "PER" && !d.ems[e].ent.Source {
						return KindTalks, i + 2, true, false
					}
					if d.ems[e].ent.Type != "MISC" {
						break
					}
				}
			}
		}
	case "visit", "visits", "visited", "visiting", "trip":
		if next(1) == "by" {
			return "", 0, false, false // passive: "visited by millions"
		}
		if w == "visiting" && (prev == "a" || prev == "an" || prev == "the" || next(1) == "professor" || next(1) == "scholar" || next(1) == "fellow") {
			return "", 0, false, false // an adjective: "a visiting official"
		}
		return KindVisit, i + 1, w != "trip" && prev != "a" && prev != "the" && prev != "his" && prev != "her" && prev != "their" && prev != "'s", false
	case "trips":
		return KindVisit, i + 1, false, true
	case "flight":
		// A person's flight to a place: "as he boarded his flight for
		// Munich".
		switch prev {
		case "his", "her", "their", "'s":
		default:
			return "", 0, false, false
		}
		if (next(1) == "to" || next(1) == "for") && i+2 < end {
			if e := d.tokEnt[i+2]; e >= 0 && d.ems[e].ent.Type == "LOC" {
				return KindVisit, i + 1, false, false
			}
		}
	case "travel", "travels", "traveled", "travelled", "traveling", "travelling":
		if w == "travel" {
			switch prev { // the verb, not the noun ("non-essential travel to")
			case "to", "will", "would", "could", "may", "might", "'ll", "'d", "must", "not", "n't", "also":
			default:
				return "", 0, false, false
			}
		}
		if next(1) == "to" {
			return KindVisit, i + 1, true, false
		}
	case "arrive", "arrives", "arrived", "arriving":
		if next(1) == "in" {
			return KindVisit, i + 1, true, false
		}
	case "host", "hosts", "hosted", "hosting":
		for k := i + 1; k < end && k < i+6; k++ {
			if e := d.tokEnt[k]; e >= 0 && d.ems[e].ent.Type == "PER" && !d.ems[e].ent.Source {
				return KindVisit, i + 1, true, false
			}
		}
	}
	return "", 0, false, false
}

// clause boundary words.
var boundary = map[string]bool{
	";": true, "\"": true, "that": true, "which": true, "who": true, "whose": true,
	"but": true, "said": true, "says": true, "say": true, "told": true, "reported": true,
	"according": true, "when": true, "while": true, "after": true, "before": true,
	"although": true, "though": true, "because": true, "since": true, ":": true, "(": true, ")": true,
}

func (d *doc) leftBound(i, lo int) int {
	for k := i - 1; k >= lo; k-- {
		if boundary[d.low[k]] {
			return k + 1
		}
	}
	return lo
}

func (d *doc) rightBound(j, hi int) int {
	for k := j; k < hi; k++ {
		if boundary[d.low[k]] && d.low[k] != "after" && d.low[k] != "before" {
			return k
		}
	}
	return hi
}

// ---- status ----

type cue struct {
	status string
	rank   int
}

var leftCues = map[string]cue{
	"cancelled": {StatusCancelled, 5}, "canceled": {StatusCancelled, 5}, "cancel": {StatusCancelled, 5}, "cancels": {StatusCancelled, 5},
	"scrapped": {StatusCancelled, 5}, "scrap": {StatusCancelled, 5},
	"postponed": {StatusPostponed, 4}, "postpone": {StatusPostponed, 4}, "postpones": {StatusPostponed, 4}, "delayed": {StatusPostponed, 4}, "delay": {StatusPostponed, 4}, "rescheduled": {StatusPostponed, 4},
	"could": {StatusPossible, 3}, "may": {StatusPossible, 3}, "might": {StatusPossible, 3}, "likely": {StatusPossible, 3}, "possible": {StatusPossible, 3},
	"possibly": {StatusPossible, 3}, "potential": {StatusPossible, 3}, "potentially": {StatusPossible, 3}, "perhaps": {StatusPossible, 3},
	"considering": {StatusPossible, 3}, "consider": {StatusPossible, 3}, "considers": {StatusPossible, 3}, "hopes": {StatusPossible, 3}, "hope": {StatusPossible, 3}, "hoped": {StatusPossible, 3}, "hoping": {StatusPossible, 3},
	"negotiations": {StatusPossible, 3}, "negotiating": {StatusPossible, 3}, "expectations": {StatusPossible, 3}, "seeking": {StatusPossible, 3}, "seeks": {StatusPossible, 3},
	"requested": {StatusPossible, 3}, "request": {StatusPossible, 3}, "proposed": {StatusPossible, 3}, "unlikely": {StatusPossible, 3}, "exploring": {StatusPossible, 3}, "mulling": {StatusPossible, 3},
	"will": {StatusPlanned, 2}, "'ll": {StatusPlanned, 2}, "would": {StatusPlanned, 2}, "'d": {StatusPlanned, 2}, "shall": {StatusPlanned, 2}, "must": {StatusPlanned, 2},
	"plans": {StatusPlanned, 2}, "plan": {StatusPlanned, 2}, "planned": {StatusPlanned, 2}, "planning": {StatusPlanned, 2},
	"scheduled": {StatusPlanned, 2}, "due": {StatusPlanned, 2}, "set": {StatusPlanned, 2}, "expected": {StatusPlanned, 2},
	"offer": {StatusPlanned, 2}, "accepted": {StatusPlanned, 2}, "agreed": {StatusPlanned, 2}, "upcoming": {StatusPlanned, 2}, "next": {StatusPlanned, 2},
	"intends": {StatusPlanned, 2}, "preparing": {StatusPlanned, 2}, "invited": {StatusPlanned, 2}, "invitation": {StatusPlanned, 2}, "going": {StatusPlanned, 2},
}

var rightCues = map[string]cue{
	"cancelled": {StatusCancelled, 5}, "canceled": {StatusCancelled, 5},
	"postponed": {StatusPostponed, 4}, "delayed": {StatusPostponed, 4},
	"likely": {StatusPossible, 3}, "possible": {StatusPossible, 3}, "unlikely": {StatusPossible, 3},
	"planned": {StatusPlanned, 2}, "scheduled": {StatusPlanned, 2}, "expected": {StatusPlanned, 2},
}

// pastForm holds the past-tense forms of verb triggers.
var pastForm = map[string]bool{"met": true, "sat": true, "spoke": true, "talked": true, "visited": true, "traveled": true, "travelled": true, "arrived": true, "hosted": true}

var modal = map[string]bool{"will": true, "'ll": true, "would": true, "'d": true, "could": true, "may": true, "might": true, "must": true}

var negators = map[string]bool{"not": true, "n't": true, "never": true, "no": true, "neither": true, "nor": true}

func (d *doc) status(m *mention, L, R int) {
	i := m.trig[0]
	best := cue{StatusHappened, 0}
	bestAt := -1
	for k := L; k < i; k++ {
		w := d.low[k]
		c, ok := leftCues[w]
		if !ok {
			if w == "confirmed" || w == "confirm" {
				for q := L; q < k; q++ {
					if negators[d.low[q]] {
						c, ok = cue{StatusPossible, 3}, true
					}
				}
			}
			if (w == "called" || w == "call") && k+1 < i && d.low[k+1] == "off" {
				c, ok = cue{StatusCancelled, 5}, true
			}
			if w == "put" && k+1 < i && d.low[k+1] == "off" {
				c, ok = cue{StatusPostponed, 4}, true
			}
		}
		if !ok {
			continue
		}
		if w == "set" && !(k+1 < len(d.low) && d.low[k+1] == "to") {
			continue
		}
		if w == "due" && !(k+1 < len(d.low) && d.low[k+1] == "to") {
			continue
		}
		if w == "going" && !(k+1 < len(d.low) && d.low[k+1] == "to") {
			continue
		}
		if w == "next" && k+1 != i {
			continue
		}
		if c.rank > best.rank || (c.rank == best.rank && c.rank > 0) {
			best, bestAt = c, k
		}
	}
	for k := m.trig[1]; k < R && k < m.trig[1]+8; k++ {
		if c, ok := rightCues[d.low[k]]; ok && c.rank > best.rank {
			best, bestAt = c, k
		}
	}
	m.status = best.status
	m.cued = bestAt >= 0
	if bestAt >= 0 {
		s := d.tokSpan(bestAt, bestAt+1)
		m.statusEv = &s
	} else {
		s := d.tokSpan(m.trig[0], m.trig[1])
		m.statusEv = &s
	}
	// Negation right before the trigger: "did not meet", "no meeting".
	for k := i - 1; k >= L && k >= i-3; k-- {
		if d.low[k] == "not" || d.low[k] == "n't" || d.low[k] == "never" || (d.low[k] == "no" && k == i-1) {
			m.negated = true
			s := d.tokSpan(k, k+1)
			m.statusEv = &s
			break
		}
	}
	// The present tense: a present form around the trigger ("the talks
	// are being held", "is meeting", "the meeting comes"), not for a
	// past-tense trigger ("the first friend I met").
	if pastForm[d.low[i]] {
		return
	}
	for k := L; k < R && k < m.trig[1]+3; k++ {
		switch d.low[k] {
		case "is", "are", "comes", "come", "being", "taking", "today":
			if !m.present {
				s := d.tokSpan(k, k+1)
				m.present, m.presentEv = true, &s
			}
		}
	}
}

// tenseFix turns a pure-modal status into happened when the event's own
// time lies wholly before the article date ("would follow their last
// conversation in April 2024"), or the trigger is introduced by "last".
func (d *doc) tenseFix(m *mention) {
	if m.status != StatusPlanned && m.status != StatusPossible {
		return
	}
	// Only a modal that governs another verb ("would follow their ...
	// conversation"), not the trigger itself ("will meet").
	if m.statusEv == nil || !modal[normTok(m.statusEv.Text)] || m.statusEv.Start >= d.toks[max(0, m.trig[0]-3)].Start {
		return
	}
	if i := m.trig[0]; i > 0 && (d.low[i-1] == "last" || d.low[i-1] == "previous") {
		m.status, m.statusEv = StatusHappened, nil
		s := d.tokSpan(i-1, i)
		m.statusEv = &s
		return
	}
	if m.tx != nil && !d.date.IsZero() {
		if _, end, ok := timex.ValueRange(m.tx.Value); ok && !end.After(d.date) {
			m.status = StatusHappened
			s := d.span(m.tx.Start, m.tx.End)
			m.statusEv = &s
		}
	}
}

// ---- participants ----

var pronounsSing = map[string]bool{"he": true, "she": true, "him": true, "her": true, "his": true}
var pronounsPlural = map[string]bool{"they": true, "them": true, "their": true, "both": true}

// objectStop ends an object phrase.
var objectStop = map[string]bool{
	"on": true, "in": true, "at": true, "for": true, "during": true, "last": true, "this": true,
	"since": true, "over": true, "from": true, "about": true, "amid": true, "to": true, "as": true,
	".": true, "!": true, "?": true, "later": true, "earlier": true, "next": true, "until": true,
	"by": true, "after": true, "before": true, "when": true, "where": true, "is": true, "was": true,
	"were": true, "are": true, "has": true, "had": true, "have": true, "will": true, "would": true,
}

var hedges = map[string]bool{"potentially": true, "possibly": true, "perhaps": true, "maybe": true}

// objects collects the participants named after the trigger: a verb's
// direct object, "with" and "between" phrases; it returns hedged conjuncts
// ("and potentially X") as separate participants.
func (d *doc) objects(m *mention, verb bool, R int) []part {
	var hedged []part
	in := verb
	start := m.trig[1]
	n := 0
	hedge := false
	roleFrom := start
	for k := m.trig[1]; k < R; k++ {
		w := d.low[k]
		if w == "with" || w == "between" {
			in, start, n, roleFrom = true, k+1, 0, k+1
			continue
		}
		if !in {
			continue
		}
		if d.tokTx[k] >= 0 && k == start {
			start++
			roleFrom = start
			continue
		}
		if objectStop[w] || n > 14 {
			d.roleObject(m, roleFrom, k)
			in = false
			continue
		}
		if w == "," {
			if nx := k + 1; nx < R && d.tokEnt[nx] >= 0 && d.ems[d.tokEnt[nx]].ent.Type == "PER" {
				// An appositive name: "China's top diplomat, Wang Yi, on".
				if after := d.ems[d.tokEnt[nx]].te; after >= R || d.low[after] == "," || objectStop[d.low[after]] {
					continue
				}
			}
			d.roleObject(m, roleFrom, k)
			in = false
			continue
		}
		n++
		if hedges[w] {
			hedge = true
			continue
		}
		if w == "and" {
			d.roleObject(m, roleFrom, k)
			roleFrom = k + 1
			continue
		}
		if ei := d.tokEnt[k]; ei >= 0 {
			em := d.ems[ei]
			k = em.te - 1
			if em.ent.Source || em.ent.Type != "PER" {
				continue
			}
			roleFrom = em.te
			ev := d.span(em.m.Start, em.m.End)
			if hedge {
				hedged = append(hedged, part{ent: em.ent, ev: ev})
				m.objects[em.ent] = true
				hedge = false
				continue
			}
			m.add(em.ent, ev)
			m.objects[em.ent] = true
		}
	}
	if in {
		d.roleObject(m, roleFrom, R)
	}
	return hedged
}

// roleObject resolves a role phrase without a name ("China's top envoy",
// "the US-China leaders") in tokens [i, j) to persons of the article.
func (d *doc) roleObject(m *mention, i, j int) {
	if i >= j {
		return
	}
	for k := i; k < j; k++ {
		if e := d.tokEnt[k]; e >= 0 && d.ems[e].ent.Type == "PER" {
			return
		}
	}
	for _, e := range d.resolveRole(i, j) {
		m.add(e, d.tokSpan(i, j))
		m.objects[e] = true
	}
}

var roleHeads = map[string]string{
	"diplomat": "diplomat", "envoy": "diplomat", "counterpart": "counterpart", "minister": "minister",
	"president": "president", "leader": "leader", "leaders": "leader", "premier": "premier",
	"chancellor": "chancellor", "secretary": "secretary",
}

// officeWords name offices a counterpart may hold (role head "office").
var officeWords = []string{"minister", "president", "secretary", "leader", "premier", "chancellor", "diplomat", "envoy", "adviser", "advisor"}

// resolveRole maps a role phrase in tokens [i, j) to the persons whose
// roles share its head noun and country.
func (d *doc) resolveRole(i, j int) []*entity.Entity {
	head := ""
	var countries []string
	for k := i; k < j; k++ {
		if h, ok := roleHeads[d.low[k]]; ok {
			head = h
		}
		for _, w := range strings.Split(d.low[k], "-") {
			if c, ok := d.country[w]; ok {
				countries = append(countries, c)
			}
		}
	}
	if head == "" || len(countries) == 0 {
		return nil
	}
	var out []*entity.Entity
	for _, c := range countries {
		found := d.onlyWithRole(head, c)
		if found == nil && head == "counterpart" {
			// No one called so: the country's one office holder.
			found = d.onlyWithRole("office", c)
		}
		if found != nil {
			out = append(out, found)
		}
	}
	return out
}

// onlyWithRole returns the one person of the article with a role of head
// for country, nil when none or several.
func (d *doc) onlyWithRole(head, country string) *entity.Entity {
	var found *entity.Entity
	for ei := range d.ents {
		e := &d.ents[ei]
		if e.Type != "PER" || e.Source {
			continue
		}
		for _, r := range e.Roles {
			if d.roleMatches(r, head, country) {
				if found != nil && found != e {
					return nil
				}
				found = e
				break
			}
		}
	}
	return found
}

func (d *doc) roleMatches(role, head, country string) bool {
	rl := strings.ToLower(role)
	ok := false
	switch head {
	case "leader":
		ok = strings.Contains(rl, "president") || strings.Contains(rl, "leader") || strings.Contains(rl, "prime minister") || strings.Contains(rl, "chancellor") || strings.Contains(rl, "premier")
	case "diplomat":
		ok = strings.Contains(rl, "diplomat") || strings.Contains(rl, "envoy") || strings.Contains(rl, "foreign minister")
	case "office":
		for _, o := range officeWords {
			ok = ok || strings.Contains(rl, o)
		}
	default:
		ok = strings.Contains(rl, head)
	}
	if !ok {
		return false
	}
	for _, w := range strings.FieldsFunc(rl, func(r rune) bool { return r == ' ' || r == '-' || r == '\'' || r == '’' }) {
		if d.country[w] == country {
			return true
		}
		if strings.HasSuffix(w, "s") && d.country[strings.TrimSuffix(w, "s")] == country {
			return true
		}
	}
	return false
}

// subject collects the participants before the trigger: the nearest person
// and those coordinated with it, else a pronoun or plural resolved by
// recency.
func (d *doc) subject(m *mention, L int, objects map[*entity.Entity]bool, same []*mention, prev []*mention) {
	i := m.trig[0]
	if d.subjectIn(m, L, i, objects, same, prev) {
		return
	}
	// A relative clause ("The two officials, who last spoke", "Xi, whose
	// November meeting") takes its subject from the phrase before it.
	if L > 0 && (d.low[L-1] == "who" || d.low[L-1] == "whose" || d.low[L-1] == "which") {
		r := L - 1
		if r > 0 && d.low[r-1] == "," {
			r--
		}
		if d.low[L-1] == "whose" {
			// The possessor is the nearest person: "Xi, ..., whose meeting".
			for k := r - 1; k >= d.sentTok[m.sent][0]; k-- {
				if ei := d.tokEnt[k]; ei >= 0 && d.ems[ei].ent.Type == "PER" && !d.ems[ei].ent.Source {
					em := d.ems[ei]
					m.add(em.ent, d.span(em.m.Start, em.m.End))
					return
				}
			}
		} else if d.subjectIn(m, d.leftBound(r, d.sentTok[m.sent][0]), r, nil, same, prev) {
			return
		}
	}
	d.subjectRest(m, L, objects, same)
}

// subjectIn looks for the subject in tokens [L, i): the nearest person and
// those coordinated with it, else a plural or a singular pronoun.
func (d *doc) subjectIn(m *mention, L, i int, objects map[*entity.Entity]bool, same []*mention, prev []*mention) bool {
	var subj []part
	last := -1
	for k := i - 1; k >= L; k-- {
		ei := d.tokEnt[k]
		if ei < 0 {
			if last >= 0 && !d.coordGap(k) {
				break
			}
			continue
		}
		em := d.ems[ei]
		k = em.ts
		if em.ent.Type != "PER" || em.ent.Source || objects[em.ent] {
			continue
		}
		if last >= 0 && !d.coordOK(em.te, last) {
			break
		}
		subj = append(subj, part{ent: em.ent, ev: d.span(em.m.Start, em.m.End)})
		last = em.ts
	}
	for q := len(subj) - 1; q >= 0; q-- {
		m.add(subj[q].ent, subj[q].ev)
	}
	if len(subj) > 0 {
		return true
	}
	// Plural anaphors: "the two (officials)", "their", "they", "both sides".
	for k := i - 1; k >= L && k >= i-6; k-- {
		w := d.low[k]
		plural := pronounsPlural[w] || (w == "two" && k > 0 && d.low[k-1] == "the")
		if !plural {
			continue
		}
		end := k + 1
		if w == "two" && end < i {
			switch d.low[end] {
			case "officials", "leaders", "sides", "men", "women", "ministers", "diplomats", "presidents":
				end++
			}
		}
		start := k
		if w == "two" {
			start = k - 1
		}
		ev := d.tokSpan(start, end)
		ant := d.pluralAntecedent(m, ev.Text, same, prev)
		if ant != nil {
			for _, p := range ant.parts {
				if p.ent.Type == "PER" {
					m.add(p.ent, ev)
				}
			}
		}
		return true
	}
	// Singular pronouns.
	for k := i - 1; k >= L && k >= i-6; k-- {
		w := d.low[k]
		if firstPerson[w] {
			// "I" in a quotation is its speaker: "“... I met in
			// Beijing,” Xi told Gates".
			if e := d.quoteSpeaker(k); e != nil && w == "i" && !objects[e] {
				m.add(e, d.tokSpan(k, k+1))
				return true
			}
			m.unresolved = true
			return true
		}
		if !pronounsSing[w] {
			continue
		}
		if e := d.pronounAntecedent(m, k, objects); e != nil {
			m.add(e, d.tokSpan(k, k+1))
		}
		return true
	}
	return false
}

var firstPerson = map[string]bool{"i": true, "we": true, "you": true}

// speechVerbs attribute a quotation to its speaker.
var speechVerbs = map[string]bool{"said": true, "says": true, "told": true, "tells": true, "added": true, "adds": true, "recalled": true, "recalls": true}

// quoteSpeaker returns the speaker of the quotation token k lies in, when
// the quotation closes in k's sentence or the next and is attributed right
// after ("“...,” Xi told Gates", "“...,” said Xi"); else nil.
func (d *doc) quoteSpeaker(k int) *entity.Entity {
	si := d.sentOf(k)
	if si >= len(d.sents) || k < d.sentTok[si][0] {
		return nil
	}
	end := d.sentTok[min(si+1, len(d.sents)-1)][1]
	// The quotation opens before k in its sentence.
	open := false
	for q := k - 1; q >= d.sentTok[si][0]; q-- {
		if d.low[q] == "\"" {
			open = true
			break
		}
	}
	if !open {
		return nil
	}
	for q := k + 1; q < end; q++ {
		if d.low[q] != "\"" {
			continue
		}
		r := q + 1
		if r < end && d.low[r] == "," {
			r++
		}
		if r < end && speechVerbs[d.low[r]] {
			r++
		}
		if r >= end {
			return nil
		}
		ei := d.tokEnt[r]
		if ei < 0 {
			return nil
		}
		em := d.ems[ei]
		if em.ent.Type != "PER" || em.ent.Source {
			return nil
		}
		if em.te < end && (speechVerbs[d.low[em.te]] || speechVerbs[d.low[r-1]]) {
			return em.ent
		}
		return nil
	}
	return nil
}

// subjectRest falls back on a role right before the trigger, then on the
// subject of an earlier trigger of the sentence.
func (d *doc) subjectRest(m *mention, L int, objects map[*entity.Entity]bool, same []*mention) {
	i := m.trig[0]
	// A role before the trigger ("the top US diplomat met").
	if rl := max(L, i-6); rl < i {
		for _, e := range d.resolveRole(rl, i) {
			if !objects[e] {
				m.add(e, d.tokSpan(rl, i))
			}
		}
	}
	// A second trigger in the sentence inherits the subject of the first.
	if len(m.parts) == 0 || (len(m.parts) == 1 && m.objects[m.parts[0].ent]) {
		for q := len(same) - 1; q >= 0; q-- {
			for _, p := range same[q].parts {
				if !same[q].objects[p.ent] && !objects[p.ent] {
					m.add(p.ent, p.ev)
					m.sameSubject = true
				}
			}
			break
		}
	}
}

// coordGap reports whether token k may lie between coordinated names.
func (d *doc) coordGap(k int) bool {
	w := d.toks[k].Text
	switch d.low[k] {
	case "and", ",", "the", "of", "'s", "mr", "mrs", "ms", "dr":
		return true
	}
	return w != "" && w[0] >= 'A' && w[0] <= 'Z'
}

// coordOK reports whether tokens [a, b) join two names ("X and Y",
// "X, Commerce Secretary Y").
func (d *doc) coordOK(a, b int) bool {
	and := false
	for k := a; k < b; k++ {
		if d.low[k] == "and" || d.low[k] == "," {
			and = true
		}
		if !d.coordGap(k) {
			return false
		}
	}
	return and
}

// pronounAntecedent resolves a singular pronoun at token k: the nearest
// person before it (same sentence or the two before), else, for a fronted
// possessive ("Following his talks with X, Blinken ..."), the person after
// the next comma.
func (d *doc) pronounAntecedent(m *mention, k int, objects map[*entity.Entity]bool) *entity.Entity {
	st := d.sentTok[max(0, m.sent-2)][0]
	sentStart := d.sentTok[m.sent][0]
	for q := k - 1; q >= st; q-- {
		if ei := d.tokEnt[q]; ei >= 0 {
			em := d.ems[ei]
			if em.ent.Type == "PER" && !em.ent.Source && !objects[em.ent] {
				if q < sentStart && (d.low[k] == "his" || d.low[k] == "her") && d.fronted(sentStart, m.sent) != nil {
					return d.fronted(sentStart, m.sent)
				}
				if q < sentStart {
					// Across sentences, the salient person: the earlier
					// sentence's first ("Blinken arrived ... He met Kishida
					// ... he met his Indian counterpart": Blinken).
					if e := d.sentenceSubject(d.sentOf(q), max(0, m.sent-2), objects); e != nil {
						return e
					}
				}
				return em.ent
			}
		}
	}
	if d.low[k] == "his" || d.low[k] == "her" {
		return d.fronted(sentStart, m.sent)
	}
	return nil
}

// sentOf returns the sentence of token k.
func (d *doc) sentOf(k int) int {
	return sort.Search(len(d.sents), func(i int) bool { return d.sentTok[i][1] > k })
}

// sentenceSubject returns the first person named in sentence si, or, when
// a pronoun stands before it ("He met Kishida"), in the sentence before,
// back to sentence lo; nil when none.
func (d *doc) sentenceSubject(si, lo int, objects map[*entity.Entity]bool) *entity.Entity {
	for ; si >= lo && si < len(d.sents); si-- {
		for q := d.sentTok[si][0]; q < d.sentTok[si][1]; q++ {
			if d.low[q] == "he" || d.low[q] == "she" {
				break
			}
			if ei := d.tokEnt[q]; ei >= 0 {
				if e := d.ems[ei].ent; e.Type == "PER" && !e.Source && !objects[e] {
					return e
				}
			}
		}
	}
	return nil
}

// fronted returns the person right after the first comma of a sentence
// that opens with a subordinate phrase.
func (d *doc) fronted(st, si int) *entity.Entity {
	en := d.sentTok[si][1]
	for q := st; q < en; q++ {
		if d.low[q] == "," {
			for r := q + 1; r < en && r < q+8; r++ {
				if ei := d.tokEnt[r]; ei >= 0 {
					if e := d.ems[ei].ent; e.Type == "PER" && !e.Source {
						return e
					}
				}
			}
			return nil
		}
	}
	return nil
}

// pluralAntecedent finds the event mention a plural refers back to: one in
// the same sentence with two persons, else the latest earlier one with two
// persons and a compatible status, officials not leaders when the phrase
// says so.
func (d *doc) pluralAntecedent(m *mention, phrase string, same, prev []*mention) *mention {
	np := func(x *mention) int {
		n := 0
		for _, p := range x.parts {
			if p.ent.Type == "PER" {
				n++
			}
		}
		return n
	}
	for q := len(same) - 1; q >= 0; q-- {
		if np(same[q]) >= 2 {
			return same[q]
		}
	}
	pl := strings.ToLower(phrase)
	wantLeaders := strings.Contains(pl, "leaders") || strings.Contains(pl, "presidents")
	wantOfficials := strings.Contains(pl, "officials") || strings.Contains(pl, "ministers") || strings.Contains(pl, "diplomats")
	happened := m.status == StatusHappened
	var fallback *mention
	for q := len(prev) - 1; q >= 0; q-- {
		x := prev[q]
		if np(x) < 2 || x.sent < m.sent-6 {
			continue
		}
		if (x.status == StatusHappened) != happened {
			if fallback == nil {
				fallback = x
			}
			continue
		}
		leaders := true
		for _, p := range x.parts {
			if !d.isLeader(p.ent) {
				leaders = false
			}
		}
		if (wantOfficials && leaders) || (wantLeaders && !leaders) {
			if fallback == nil {
				fallback = x
			}
			continue
		}
		return x
	}
	return fallback
}

func (d *doc) isLeader(e *entity.Entity) bool {
	for _, r := range e.Roles {
		rl := strings.ToLower(r)
		if strings.Contains(rl, "president") && !strings.Contains(rl, "vice") || strings.Contains(rl, "leader") || strings.Contains(rl, "prime minister") {
			return true
		}
	}
	return false
}

// orgParticipants adds countries and organisations named in the clause,
// for mentions that name no person.
func (d *doc) orgParticipants(m *mention, L, R int) {
	var ps []part
	in := false
	for k := max(L, m.trig[0]-8); k < R; k++ {
		if k >= m.trig[0] && k < m.trig[1] {
			continue
		}
		if k >= m.trig[1] {
			switch w := d.low[k]; {
			case w == "with" || w == "between":
				in = true
			case objectStop[w]:
				in = false
			}
			if !in {
				continue
			}
		}
		ei := d.tokEnt[k]
		if ei < 0 {
			continue
		}
		em := d.ems[ei]
		k = em.te - 1
		e := em.ent
		if e.Source || e.Type == "PER" || e.Type == "MISC" {
			continue
		}
		if e.Type == "LOC" && e.Country != e.Name && !(e.Country != "" && strings.EqualFold(em.m.Text, e.Name) && d.isCountry(e)) {
			continue
		}
		if e.Type == "ORG" && isVenue(e.Name) {
			continue
		}
		// A place after "in"/"at"/"to" is where, not who.
		if em.ts > 0 {
			switch d.low[em.ts-1] {
			case "in", "at", "to", "of", "from", "near":
				continue
			}
		}
		ps = append(ps, part{ent: e, ev: d.span(em.m.Start, em.m.End)})
	}
	if len(ps)+len(m.parts) >= 2 || m.kind == KindVisit {
		for _, p := range ps {
			m.add(p.ent, p.ev)
		}
	}
}

func (d *doc) isCountry(e *entity.Entity) bool {
	return e.Type == "LOC" && e.Country != "" && (e.Country == e.Name || e.Admin == "" && e.GeoID != 0 && e.Country == e.Name)
}

func isVenue(name string) bool {
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "conference", "summit", "forum", "assembly", "games", "congress", "meeting", "dialogue", "expo":
			return true
		}
	}
	return false
}
