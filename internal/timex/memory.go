package timex

import (
	"math"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// EventMemory remembers when the events an archive talks about happened,
// learned from its dated articles, so that an undated article referring to
// the same events can be dated. It holds distinctive word pairs ("chinese
// balloon", "spy balloon") found near a resolved date in a sentence of a
// dated article, each with the dates it was anchored to, and counts in how
// many learned articles each pair occurs (its document frequency).
//
// A pair whose anchored dates disagree (an event that recurs, or a phrase
// too common to name one event), a pair made of the words of a known
// recurring event ("Munich Security Conference"), or one learned from a
// sentence calling the event annual or numbering it ("the 59th ...") never
// dates anything. Pairs are weighed by rarity: a pair, and the rarer of
// its two words, count fully while at most two learned articles (or one in
// ten) use them, and less the more articles share them, so pairs of words
// common in the archive ("chinese leader") name no event.
//
// An EventMemory is built by Learn and read by Recall and
// Tagger.InferDocDateWith; Learn must not run concurrently with other
// methods. It keeps no text, only the pairs and their dates.
type EventMemory struct {
	docs  int
	pairs map[string]*pairMemo
	// words counts the learned documents each content word occurs in.
	words map[string]*wordMemo
}

// wordMemo is the document frequency of one content word.
type wordMemo struct {
	df, lastDoc int
}

// pairMemo is what the memory knows of one word pair.
type pairMemo struct {
	df        int         // learned documents containing the pair
	obs       []eventSpan // dates the pair was anchored to
	recurring bool        // named an annual or ordinal-numbered event
	lastDoc   int         // the document that last counted towards df
}

// eventSpan is a time span [Start, End) an event lies in, with the weight
// of the evidence (the confidence of the source's date).
type eventSpan struct {
	start, end time.Time
	w          float64
}

// NewEventMemory returns an empty memory.
func NewEventMemory() *EventMemory {
	return &EventMemory{pairs: map[string]*pairMemo{}, words: map[string]*wordMemo{}}
}

// Docs returns the number of documents learned.
func (m *EventMemory) Docs() int { return m.docs }

// anchorWindow is how far, in bytes, a word pair may lie from the date in
// its sentence that anchors it.
const anchorWindow = 160

// maxEventSpan is the coarsest date that anchors a pair: a year. Decades
// and centuries name eras, not events.
const maxEventSpan = 367 * 24 * time.Hour

// Learn adds one dated document: its text, its creation date, the
// confidence of that date in (0, 1] and its temporal expressions as tagged
// against that date (byte offsets into text). Every word pair within
// anchorWindow bytes of a resolved date of at most a year in the same
// sentence is remembered with that date. A zero date or confidence adds
// nothing.
func (m *EventMemory) Learn(text string, date time.Time, conf float64, tx []Timex) {
	if date.IsZero() || conf <= 0 {
		return
	}
	m.docs++
	doc := m.docs
	for _, s := range sentences(text) {
		sent := text[s[0]:s[1]]
		ws := words(sent)
		for _, w := range ws {
			if !w.content {
				continue
			}
			wm := m.words[w.low]
			if wm == nil {
				wm = &wordMemo{}
				m.words[w.low] = wm
			}
			if wm.lastDoc != doc {
				wm.lastDoc = doc
				wm.df++
			}
		}
		annual := hasAnnualCue(ws)
		ps := pairsOf(ws, sent)
		for _, p := range ps {
			pm := m.pairs[p.key]
			if pm == nil {
				pm = &pairMemo{}
				m.pairs[p.key] = pm
			}
			if pm.lastDoc != doc {
				pm.lastDoc = doc
				pm.df++
			}
			if annual || p.ordinal {
				pm.recurring = true
			}
		}
		// Dates in this sentence anchor the pairs near them.
		for _, x := range tx {
			if x.Start < s[0] || x.End > s[1] || x.Type != "DATE" && x.Type != "TIME" {
				continue
			}
			st, en, ok := ValueRange(x.Value)
			if !ok || en.Sub(st) > maxEventSpan {
				continue
			}
			st, en = narrowByMod(st, en, x.Mod)
			for _, p := range ps {
				if dist(p.start+s[0], p.end+s[0], x.Start, x.End) > anchorWindow || p.start+s[0] < x.End && x.Start < p.end+s[0] {
					continue
				}
				pm := m.pairs[p.key]
				pm.obs = append(pm.obs, eventSpan{st, en, conf})
			}
		}
	}
}

// narrowByMod narrows [s, e) to its first, middle or last third for the
// mods START, MID and END ("the beginning of last year").
func narrowByMod(s, e time.Time, mod string) (time.Time, time.Time) {
	third := e.Sub(s) / 3
	if third < 24*time.Hour {
		return s, e
	}
	switch mod {
	case "START":
		return s, s.Add(third).Truncate(24 * time.Hour)
	case "MID":
		return s.Add(third).Truncate(24 * time.Hour), s.Add(2 * third).Truncate(24 * time.Hour)
	case "END":
		return s.Add(2 * third).Truncate(24 * time.Hour), e
	}
	return s, e
}

func dist(s1, e1, s2, e2 int) int {
	switch {
	case e1 <= s2:
		return s2 - e1
	case e2 <= s1:
		return s1 - e2
	}
	return 0
}

// EventRecall is one remembered event found in a text: the word pair that
// names it, the sentence it is mentioned in, the span the event lies in,
// and the weight of the evidence (rarity times the confidence of the
// sources, at most 1).
type EventRecall struct {
	Pair     string `json:"pair"`
	Sentence string `json:"sentence"`
	// PairStart and PairEnd are the byte span of the pair in Sentence.
	PairStart, PairEnd int
	Start, End         time.Time
	Weight             float64 `json:"weight"`
}

// agreeSlack is how far apart two remembered dates of one pair may be and
// still count as the same event.
const agreeSlack = 45 * 24 * time.Hour

// Recall returns the remembered events text mentions, at most one per
// sentence (the best-weighed pair), in text order. Pairs that recur, whose
// dates disagree, or that never had a date are left out.
func (m *EventMemory) Recall(text string) []EventRecall {
	if m == nil || m.docs == 0 {
		return nil
	}
	var out []EventRecall
	for _, s := range sentences(text) {
		sent := text[s[0]:s[1]]
		ws := words(sent)
		if hasAnnualCue(ws) {
			continue
		}
		best := EventRecall{}
		for _, p := range pairsOf(ws, sent) {
			if p.ordinal {
				continue
			}
			pm := m.pairs[p.key]
			if pm == nil || pm.recurring || len(pm.obs) == 0 {
				continue
			}
			st, en, w, ok := agreed(pm.obs)
			if !ok {
				continue
			}
			a, b, _ := strings.Cut(p.key, " ")
			w *= m.rarity(pm.df) * math.Max(m.wordRarity(a), m.wordRarity(b))
			if w > best.Weight {
				best = EventRecall{Pair: p.key, Sentence: sent, PairStart: p.start, PairEnd: p.end, Start: st, End: en, Weight: math.Min(1, w)}
			}
		}
		if best.Weight > 0 {
			out = append(out, best)
		}
	}
	return out
}

// agreed returns the span all observations share (their intersection,
// widened to the union when they lie within agreeSlack of each other) and
// the mean weight, or ok false when they disagree.
func agreed(obs []eventSpan) (time.Time, time.Time, float64, bool) {
	st, en := obs[0].start, obs[0].end
	lo, hi := st, en
	w := 0.0
	for _, o := range obs {
		if o.start.After(lo) {
			lo = o.start
		}
		if o.end.Before(hi) {
			hi = o.end
		}
		if o.start.Before(st) {
			st = o.start
		}
		if o.end.After(en) {
			en = o.end
		}
		w += o.w
	}
	if hi.Add(agreeSlack).Before(lo) {
		return time.Time{}, time.Time{}, 0, false
	}
	if lo.Before(hi) {
		st, en = lo, hi
	}
	return st, en, w / float64(len(obs)), true
}

// rarity weighs a pair by its document frequency: 1 while it occurs in at
// most two learned documents or one in ten, then falling as 1/df.
func (m *EventMemory) rarity(df int) float64 {
	limit := max(2, float64(m.docs)/10)
	if float64(df) <= limit {
		return 1
	}
	return limit / float64(df)
}

// wordRarity weighs a word by its document frequency as rarity does a
// pair: a distinctive pair needs one word that few learned documents use
// ("balloon"), so pairs of words common in the archive ("top diplomat",
// "chinese leader") name no event.
func (m *EventMemory) wordRarity(w string) float64 {
	wm := m.words[w]
	if wm == nil {
		return 0
	}
	return m.rarity(wm.df)
}

// hasAnnualCue reports whether a sentence calls its event recurring.
func hasAnnualCue(ws []word0) bool {
	for _, w := range ws {
		switch w.low {
		case "annual", "annually", "yearly", "biennial", "anniversary":
			return true
		}
	}
	return false
}

// word0 is one word of a sentence for pairing: its lower-cased, lightly
// stemmed form and byte span, and whether it is a content word.
type word0 struct {
	low        string
	start, end int
	content    bool
	ordinal    bool // "59th"
}

// words splits a sentence into words: runs of letters and digits, with
// inner apostrophes and hyphens dropped from the key ("balloon’s" →
// "balloon" "s").
func words(s string) []word0 {
	var out []word0
	i := 0
	for i < len(s) {
		r, n := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			i += n
			continue
		}
		j := i
		for j < len(s) {
			r, n := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				break
			}
			j += n
		}
		low := strings.ToLower(s[i:j])
		w := word0{low: stem(low), start: i, end: j}
		w.ordinal = isOrdinalNum(low)
		w.content = len(low) >= 3 && !isStopWord(low) && !startsWithDigit(low) && !isTimeWord(low) && !(s[i] >= 'a' && s[i] <= 'z' && isVerbForm(low))
		out = append(out, w)
		i = j
	}
	return out
}

// isVerbForm reports whether a lower-case word looks like a participle or
// a past tense ("shot", "opened", "drawing"): names of events are noun
// phrases, so a verb form breaks a pair.
func isVerbForm(s string) bool {
	if len(s) > 4 && (strings.HasSuffix(s, "ed") || strings.HasSuffix(s, "ing")) {
		return true
	}
	switch s {
	case "shot", "drew", "drawn", "held", "met", "sent", "left", "led", "won", "lost", "began", "begun",
		"came", "went", "gave", "given", "took", "taken", "brought", "fought", "flew", "flown", "struck", "broke", "broken":
		return true
	}
	return false
}

func startsWithDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// isOrdinalNum reports whether s is a numeric ordinal ("59th", "2nd").
func isOrdinalNum(s string) bool {
	n := len(s)
	if n < 3 || !startsWithDigit(s) {
		return false
	}
	switch s[n-2:] {
	case "th", "st", "nd", "rd":
		return isDigits(s[:n-2])
	}
	return false
}

// stem folds a regular plural ("balloons" → "balloon").
func stem(s string) string {
	if len(s) > 4 && strings.HasSuffix(s, "s") && !strings.HasSuffix(s, "ss") && !strings.HasSuffix(s, "us") && !strings.HasSuffix(s, "is") {
		return s[:len(s)-1]
	}
	return s
}

// isTimeWord reports whether s is a calendar or temporal word: these
// belong to the date, not to the event.
func isTimeWord(s string) bool {
	l, ok := lexicon[s]
	return ok && (l.month != 0 || l.wday != 0 || l.unit != uNone || l.season != 0 || l.pod != 0 || l.w != wNone)
}

// pair is a word pair of a sentence: two content words adjacent, or with
// one content word between them, with no function word or punctuation
// other than a hyphen between them.
type pair struct {
	key        string
	start, end int
	ordinal    bool // follows a numeric ordinal ("the 59th Munich ...")
}

// pairsOf returns the word pairs of a sentence.
func pairsOf(ws []word0, sent string) []pair {
	var out []pair
	joined := func(a, b int) bool { // nothing but spaces and hyphens between
		for _, c := range sent[ws[a].end:ws[b].start] {
			if c != ' ' && c != '-' {
				return false
			}
		}
		return true
	}
	for i := range ws {
		if !ws[i].content {
			continue
		}
		ord := i > 0 && ws[i-1].ordinal || i > 1 && ws[i-2].ordinal && ws[i-1].content
		for j := i + 1; j <= i+2 && j < len(ws); j++ {
			if !ws[j].content || !joined(j-1, j) {
				break
			}
			if j == i+2 && !ws[i+1].content {
				break
			}
			a, b := ws[i].low, ws[j].low
			if a == b || recurringKeyWords[a] && recurringKeyWords[b] {
				continue // "security conference" names a recurring event
			}
			out = append(out, pair{key: a + " " + b, start: ws[i].start, end: ws[j].end, ordinal: ord})
		}
	}
	return out
}

// sentences returns the byte spans of the sentences of text (see
// sentenceAround), in order.
func sentences(text string) [][2]int {
	var out [][2]int
	i := 0
	for i < len(text) {
		for i < len(text) && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t') {
			i++
		}
		if i >= len(text) {
			break
		}
		e := i
		for e < len(text) && text[e] != '\n' && !sentenceEnd(text, e) {
			e++
		}
		if e < len(text) && text[e] != '\n' {
			e++ // keep the full stop
		}
		out = append(out, [2]int{i, e})
		i = e
	}
	return out
}

// sentenceEnd reports whether text[i] is a . ! or ? that ends a sentence:
// followed by a space and a word that does not start in lower case.
func sentenceEnd(text string, i int) bool {
	c := text[i]
	if c != '.' && c != '!' && c != '?' {
		return false
	}
	if c == '.' && isAbbrev(text[:i]) {
		return false
	}
	if i+1 < len(text) && text[i+1] != ' ' && text[i+1] != '\n' {
		return false
	}
	j := i + 1
	for j < len(text) && (text[j] == ' ' || text[j] == '\n') {
		j++
	}
	return j >= len(text) || !(text[j] >= 'a' && text[j] <= 'z')
}

// isAbbrev reports whether head ends in an abbreviation that takes a full
// stop inside a sentence: a month ("Feb. 4"), a title ("Mr. Blinken") or
// an initial.
func isAbbrev(head string) bool {
	j := len(head)
	for j > 0 && isASCIILetter(head[j-1]) {
		j--
	}
	w := strings.ToLower(head[j:])
	if len(w) == 1 && head[j] >= 'A' && head[j] <= 'Z' {
		return true
	}
	switch w {
	case "mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "sgt", "capt", "prof", "no", "vs", "jr", "sr":
		return true
	}
	l, ok := lexicon[w]
	return ok && l.month != 0 && l.abbr
}

// recurringKeyWords holds the words of the known recurring events' names:
// a pair made only of them names a recurring event.
var recurringKeyWords = func() map[string]bool {
	m := map[string]bool{}
	for _, ev := range recurringEvents {
		for _, k := range ev.keys {
			for _, w := range words(k) {
				if w.content {
					m[w.low] = true
				}
			}
		}
	}
	return m
}()

// isStopWord reports whether s is a function word or a word too general to
// name an event (reporting verbs, titles, generic nouns of news).
func isStopWord(s string) bool {
	_, ok := stopWords[s]
	return ok
}

var stopWords = func() map[string]struct{} {
	m := map[string]struct{}{}
	for _, w := range strings.Fields(`a an the and or but nor so yet for of in on at by to from with without into onto upon over under
	about above after against along among around before behind below beneath beside between beyond during except inside near off
	out outside since through throughout till toward towards until via within across
	i me my we us our you your he him his she her it its they them their this that these those who whom whose which what
	where when why how there here all any both each few more most other some such no not only own same than too very
	can could will would shall should may might must do does did done doing have has had having be is are was were been
	being am said says say told tell according also just even still already again ever never now then once
	new first last next one two three four five six seven eight nine ten many much several another
	mr mrs ms dr president minister secretary official officials spokesman spokeswoman spokesperson government state
	people country countries year years time times day days week weeks month months today yesterday tomorrow
	news report reports reported reuters agency press told statement meeting meetings talks talk visit
	percent per cent including include includes made make makes making take took taken going go went come came
	top senior chief head leader leaders deputy former foreign domestic national international global public private
	diplomat diplomats ministry department administration office agency committee council party member members
	side sides part parts issue issues matter case period way ways line lines open close relation relations
	relationship ties interest interests effort efforts plan plans progress process level levels area areas point
	group groups number world region regional local major key high low good bad great large small long short`) {
		m[w] = struct{}{}
	}
	return m
}()

// maxRecalls bounds the remembered events one inference weighs.
const maxRecalls = 12

// memoryConstraints turns what the memory recalls of text into constraints
// on the document date: a remembered event mentioned in a sentence with a
// relative past or present expression ("a week ago", "last month", "earlier
// this year") must be covered by that expression when it is resolved
// against the candidate date; events recalled in two or more sentences
// that agree bound the date below by the event and above by a year and a
// half after it. A single bare mention adds nothing. It also returns the
// years the events lie in.
func (t *Tagger) memoryConstraints(text string, m *EventMemory) (cheap, costly []constraint, years []int) {
	rec := m.Recall(text)
	if len(rec) == 0 {
		return nil, nil, nil
	}
	// Each constraint re-tags a sentence per candidate day: keep the
	// best-weighed recalls.
	if len(rec) > maxRecalls {
		sort.SliceStable(rec, func(i, j int) bool { return rec[i].Weight > rec[j].Weight })
		rec = rec[:maxRecalls]
	}
	var bare []EventRecall
	for _, r := range rec {
		years = append(years, r.Start.Year(), r.End.Add(-time.Nanosecond).Year())
		// Relative expressions near the pair that look back ("a week
		// ago", "last month", "earlier this year").
		var past []int
		for i, x := range t.Tag(r.Sentence, time.Time{}) {
			if (x.Type == "DATE" || x.Type == "TIME") && looksBack(x) && dist(x.Start, x.End, r.PairStart, r.PairEnd) <= anchorWindow {
				if _, _, ok := ValueRange(x.Value); !ok {
					past = append(past, i)
				}
			}
		}
		if len(past) == 0 {
			bare = append(bare, r)
			continue
		}
		costly = append(costly, constraint{w: 2 * r.Weight, ok: func(d time.Time) bool {
			xs := t.Tag(r.Sentence, d)
			for _, i := range past {
				if i >= len(xs) {
					continue
				}
				s, e, ok := ValueRange(xs[i].Value)
				if !ok {
					continue
				}
				// "a week ago" is a round figure: allow a few days.
				slack := 0
				if strings.Contains(strings.ToLower(xs[i].Text), "ago") {
					slack = 6
				}
				if r.Start.Before(e.AddDate(0, 0, slack)) && s.AddDate(0, 0, -slack).Before(r.End) {
					return true
				}
			}
			return false
		}})
	}
	// Bare mentions count only when two of them agree.
	sort.Slice(bare, func(i, j int) bool { return bare[i].Start.Before(bare[j].Start) })
	for i := 1; i < len(bare); i++ {
		a, b := bare[i-1], bare[i]
		if a.Pair == b.Pair || b.Start.After(a.End.Add(agreeSlack)) {
			continue
		}
		lo := b.Start
		w := math.Min(a.Weight, b.Weight)
		cheap = append(cheap, constraint{w: w, ok: func(d time.Time) bool {
			return !d.Before(lo) && d.Before(lo.AddDate(1, 6, 0))
		}})
	}
	return cheap, costly, years
}

// looksBack reports whether a temporal expression, tagged without an
// anchor, points back from the time of writing: "a week ago", "last
// month", "earlier this year", "yesterday", "recently".
func looksBack(x Timex) bool {
	if x.Value == "PAST_REF" {
		return true
	}
	low := strings.ToLower(x.Text)
	for _, w := range [...]string{"ago", "last", "earlier", "previous", "yesterday", "past"} {
		if strings.Contains(low, w) {
			return true
		}
	}
	return false
}
