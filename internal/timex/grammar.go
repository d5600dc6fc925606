package timex

import (
	"strconv"
	"strings"
	"time"
)

// parser holds the state of one Tag call.
type parser struct {
	text string
	toks []token
	a    time.Time // anchor date (UTC midnight)
	has  bool      // anchor known
	out  []Timex
}

// res is the result of matching one expression over tokens [i, end).
type res struct {
	end                    int
	typ, val, mod, q, freq string
	// A second expression produced by a range ("Feb. 5-6", "1957-58").
	has2       bool
	s2, e2     int
	val2, typ2 string
}

var none token

func (p *parser) t(i int) *token {
	if i < 0 || i >= len(p.toks) {
		return &none
	}
	return &p.toks[i]
}

func (p *parser) low(i int) string { return p.t(i).low }
func (p *parser) w(i int) word     { return p.t(i).lx.w }

// glued reports whether token i directly follows token i-1 (no space).
func (p *parser) glued(i int) bool { return i > 0 && i < len(p.toks) && !p.toks[i].sp }

func (p *parser) isPunct(i int, s string) bool {
	t := p.t(i)
	return t.kind == kPunct && t.low == s
}

// run tags the whole token sequence.
func (p *parser) run() {
	for i := 0; i < len(p.toks); {
		r, ok := p.match(i)
		if !ok {
			i++
			continue
		}
		if p.inTitle(i, r.end) {
			i = r.end
			continue
		}
		p.emit(i, r.end, r.typ, r.val, r.mod, r.q, r.freq)
		if r.has2 {
			p.emit(r.s2, r.e2, r.typ2, r.val2, "", "", "")
			if r.e2 > r.end {
				r.end = r.e2
			}
		}
		i = r.end
	}
}

func (p *parser) emit(i, j int, typ, val, mod, q, freq string) {
	if j <= i || j > len(p.toks) {
		return
	}
	s, e := p.toks[i].start, p.toks[j-1].end
	if n := len(p.out); n > 0 && p.out[n-1].End > s {
		return
	}
	p.out = append(p.out, Timex{Start: s, End: e, Text: p.text[s:e], Type: typ, Value: val, Mod: mod, Quant: q, Freq: freq})
}

// inTitle reports whether the expression over tokens [i, end) is part of a
// name or title: one of its temporal words other than a month, weekday or
// holiday is capitalised in mid-sentence after another word ("VOA Today",
// ABC's "This Week", CBS's "60 Minutes", "High Noon"). Ordinary prose
// writes those words in lower case, and TimeBank and AQUAINT annotate no
// such expression. Capitalised in running text ("in Spring") it stays a
// date.
func (p *parser) inTitle(i, end int) bool {
	if isHolidayStart(p.low(i)) {
		return false
	}
	for k := i; k < end; k++ {
		t := &p.toks[k]
		l := t.lx
		if t.kind != kWord || !t.upper || t.sentStart || l.month != 0 || l.wday != 0 {
			continue
		}
		if l.unit == uNone && l.w == wNone && l.pod == 0 && l.season == 0 {
			continue
		}
		if l.unit == uYear && p.low(k-1) == "new" {
			continue // "early in the New Year"
		}
		b, quoted := k-1, false
		for b >= 0 && !p.toks[b].sentStart && (p.toks[b].kind == kNum || isQuote(p.toks[b].low)) {
			quoted = quoted || p.toks[b].kind == kPunct
			b--
		}
		if b < 0 || p.toks[b].kind != kWord || p.toks[b].sentStart {
			continue
		}
		// After an opening quote or a capitalised word, or before a
		// capitalised word: "Midnight Oil", "Spring Festival".
		if n := p.t(k + 1); quoted || p.toks[b].upper || n.kind == kWord && n.upper && n.lx.month == 0 && n.lx.wday == 0 {
			return true
		}
	}
	return false
}

// isModal reports whether s is a modal verb that looks ahead from the
// present ("may soon seek").
func isModal(s string) bool {
	switch s {
	case "may", "might", "could", "can", "should", "must":
		return true
	}
	return false
}

// isQuote reports whether s is a quotation mark token.
func isQuote(s string) bool {
	switch s {
	case "\"", "'", "`", "``", "''", "“", "”", "‘":
		return true
	}
	return false
}

// startCandidate is a cheap filter: can an expression start at token i?
func (p *parser) startCandidate(i int) bool {
	t := &p.toks[i]
	if t.kind == kNum {
		return true
	}
	if t.kind == kPunct {
		return t.low == "'"
	}
	l := t.lx
	return l.month != 0 || l.wday != 0 || l.isNumw || l.ord != 0 || l.unit != uNone || l.season != 0 || l.pod != 0 || l.w != wNone || isSetWord(t.low) || isHolidayStart(t.low) || t.low == "another" || t.low == "q" || t.low == "that" || t.low == "post" || t.low == "pre"
}

// match tries every rule at token i and returns the expression found.
func (p *parser) match(i int) (res, bool) {
	if !p.startCandidate(i) {
		return res{}, false
	}
	j, mod := p.prefix(i)
	if j > i {
		if r, ok := p.core(j); ok && p.prefixFits(r, mod) {
			if mod != "" && r.mod == "" {
				r.mod = pointMod(r.typ, mod)
				if p.after(r) {
					r.mod = laterMod(r.mod)
				}
			}
			return p.openEnd(r), true
		}
		if r, ok := p.midPod(j, mod); ok {
			return r, true
		}
	}
	r, ok := p.core(i)
	if ok {
		r = p.openEnd(r)
	}
	return r, ok
}

// pointMod turns a comparative mod of a quantity into the mod of the point
// it locates, as the TimeML guidelines do for dates: "more than a decade
// ago" is BEFORE 1989, "less than a year ago" AFTER, "at least two years
// ago" ON_OR_BEFORE, "at most a week ago" ON_OR_AFTER. Durations keep
// their mod.
func pointMod(typ, mod string) string {
	if typ != "DATE" {
		return mod
	}
	switch mod {
	case "MORE_THAN":
		return "BEFORE"
	case "LESS_THAN":
		return "AFTER"
	case "EQUAL_OR_MORE":
		return "ON_OR_BEFORE"
	case "EQUAL_OR_LESS":
		return "ON_OR_AFTER"
	}
	return mod
}

// prefixFits reports whether a comparative prefix ("more than", "over",
// "less than", "at least", "at most", "up to") quantifies r: a duration
// ("more than two years") or a date measured from now ("more than a decade
// ago", "over a year later"). Before a calendar point it is a signal or a
// comparison outside the expression, as in TimeBank: "up to Sunday", "up to
// now", "at least 2001", "more than last year".
func (p *parser) prefixFits(r res, mod string) bool {
	switch mod {
	case "MORE_THAN", "LESS_THAN", "EQUAL_OR_MORE", "EQUAL_OR_LESS":
	default:
		return true
	}
	if r.typ != "DATE" && r.typ != "TIME" {
		return true
	}
	switch p.low(r.end - 1) {
	case "ago", "earlier", "before", "back":
		return true
	}
	return p.after(r)
}

// after reports whether the date r is measured forward from its reference
// ("two years later", "a week from now", "months after").
func (p *parser) after(r res) bool {
	switch p.low(r.end - 1) {
	case "later", "after", "hence":
		return true
	case "now":
		return p.w(r.end-2) == wFrom
	}
	return false
}

// laterMod mirrors the point mod of a date measured backwards ("more than
// a year ago" → BEFORE) for one measured forwards ("more than a year
// later" → AFTER).
func laterMod(mod string) string {
	switch mod {
	case "BEFORE":
		return "AFTER"
	case "AFTER":
		return "BEFORE"
	case "ON_OR_BEFORE":
		return "ON_OR_AFTER"
	case "ON_OR_AFTER":
		return "ON_OR_BEFORE"
	}
	return mod
}

// weekendModifier reports whether "weekend" at j modifies the noun after
// it ("a weekend rally", "a weekend meeting"): it then names the weekend
// of the event, not a length of time ("a weekend of talks").
func (p *parser) weekendModifier(j int) bool {
	n := p.t(j + 1)
	if n.kind != kWord || n.upper || isFunctionWord(n.low) || n.lx.w != wNone || n.lx.unit != uNone {
		return false
	}
	switch n.low {
	case "ago", "later", "earlier", "away", "off", "trip":
		return false
	}
	return true
}

// atoiYear reads the year of a value that starts with one ("2007",
// "2007-03"), or 0.
func atoiYear(v string) int {
	if len(v) < 4 || !isDigits(v[:4]) {
		return 0
	}
	y, _ := strconv.Atoi(v[:4])
	return y
}

// isPossessive reports whether s is a possessive determiner.
func isPossessive(s string) bool {
	switch s {
	case "its", "his", "her", "their", "our", "my", "your":
		return true
	}
	return false
}

// nounCompound reports whether the unit word at j begins a hyphenated
// compound that names no time, as "quarter" (a fourth) and "second" (an
// ordinal) do: "quarter-finals", "quarter-point", "second-hand",
// "second-floor". Compounds of time stay temporal: "quarter-end",
// "second-quarter", "quarter-century".
func (p *parser) nounCompound(j int) bool {
	if !p.isPunct(j+1, "-") || !p.glued(j+1) || !p.glued(j+2) {
		return false
	}
	n := p.t(j + 2)
	if n.kind != kWord || n.lx.unit != uNone || n.lx.ord != 0 || n.lx.isNumw {
		return false
	}
	switch n.low {
	case "end", "earlier", "ago", "long", "old", "to", "over":
		return false
	}
	return true
}

// midPod matches a part of day after "mid-" at token j: "mid-afternoon",
// "mid-morning yesterday".
func (p *parser) midPod(j int, mod string) (res, bool) {
	pod := p.t(j).lx.pod
	if mod != "MID" || pod == 0 || pod == podNI || p.t(j).lx.plural {
		return res{}, false
	}
	if !p.has {
		return res{end: j + 1, typ: "TIME", val: "PRESENT_REF"}, true
	}
	d, end := p.a, j+1
	switch p.w(j + 1) {
	case wYesterday:
		d, end = d.AddDate(0, 0, -1), end+1
	case wToday:
		end++
	case wTomorrow:
		d, end = d.AddDate(0, 0, 1), end+1
	}
	return res{end: end, typ: "TIME", val: fmtDate(d) + "T" + podCode[pod]}, true
}

// openEnd extends a specific date by a following "or later", "and beyond",
// "or earlier" into an open interval: "1994 or later" → 1994 ON_OR_AFTER.
func (p *parser) openEnd(r res) res {
	if r.typ != "DATE" || r.mod != "" || r.has2 || valueGrain(r.val) == uNone {
		return r
	}
	if c := p.low(r.end); c != "or" && c != "and" {
		return r
	}
	switch p.low(r.end + 1) {
	case "later", "beyond", "after", "thereafter":
		r.mod = "ON_OR_AFTER"
	case "earlier", "before", "sooner":
		r.mod = "ON_OR_BEFORE"
	default:
		return r
	}
	// "in 1994 or later years" is a different construction.
	if n := p.t(r.end + 2); n.kind == kWord && n.lx.unit != uNone {
		r.mod = ""
		return r
	}
	r.end += 2
	return r
}

// prefix consumes modifiers such as "about", "more than", "early", "the end
// of" and returns the index after them and the TIMEX3 mod they express.
func (p *parser) prefix(i int) (int, string) {
	// "post-1959", "pre-1990": after or before the year.
	if s := p.low(i); (s == "post" || s == "pre") && p.isPunct(i+1, "-") && p.glued(i+1) && p.glued(i+2) && p.t(i+2).kind == kNum && p.t(i+2).ndig == 4 {
		if s == "post" {
			return i + 2, "AFTER"
		}
		return i + 2, "BEFORE"
	}
	switch p.w(i) {
	case wSome:
		// "some 30 years": about 30 years
		if n := p.t(i + 1); n.kind == kNum || n.lx.isNumw && n.lx.numw > 1 {
			return i + 1, "APPROX"
		}
	case wNearly:
		if p.low(i) == "almost" {
			return i + 1, "LESS_THAN"
		}
		return i + 1, "APPROX"
	case wMore:
		if p.w(i+1) == wThan {
			return i + 2, "MORE_THAN"
		}
	case wLess:
		if p.w(i+1) == wThan {
			return i + 2, "LESS_THAN"
		}
	case wOver:
		if p.t(i+1).kind == kNum || p.w(i+1) == wA || p.t(i+1).lx.isNumw {
			return i + 1, "MORE_THAN"
		}
	case wAt:
		if p.w(i+1) == wLeast {
			return i + 2, "EQUAL_OR_MORE"
		}
		if p.low(i+1) == "most" {
			return i + 2, "EQUAL_OR_LESS"
		}
	case wUp:
		if p.w(i+1) == wTo {
			return i + 2, "EQUAL_OR_LESS"
		}
	case wEarly:
		j := i + 1
		if p.isPunct(j, "-") {
			j++
		}
		return j, "START"
	case wLate:
		j := i + 1
		if p.isPunct(j, "-") {
			j++
		}
		return j, "END"
	case wMid:
		j := i + 1
		if p.isPunct(j, "-") {
			j++
		}
		return j, "MID"
	case wEarlier:
		if p.w(i+1) == wThis || p.w(i+1) == wToday || p.low(i+1) == "that" {
			return i + 1, "START"
		}
	case wLater:
		if p.w(i+1) == wThis || p.w(i+1) == wToday || p.low(i+1) == "that" {
			return i + 1, "END"
		}
	case wThe:
		j := i + 1
		var mod string
		switch p.w(j) {
		case wEnd:
			mod = "END"
		case wBeginning, wStart:
			mod = "START"
		case wMiddle:
			mod = "MID"
		case wEarly:
			mod = "START"
		case wLate:
			mod = "END"
		case wMid:
			mod = "MID"
		default:
			return i, ""
		}
		if p.w(j+1) == wOf {
			return j + 2, mod
		}
		if mod != "" && (p.w(j) == wEarly || p.w(j) == wLate || p.w(j) == wMid) {
			k := j + 1
			if p.isPunct(k, "-") {
				k++
			}
			return k, mod
		}
	case wEnd, wBeginning, wStart, wMiddle:
		if p.w(i+1) == wOf {
			m := "END"
			switch p.w(i) {
			case wBeginning, wStart:
				m = "START"
			case wMiddle:
				m = "MID"
			}
			return i + 2, m
		}
	}
	return i, ""
}

// core matches an expression without leading modifiers at token i.
func (p *parser) core(i int) (res, bool) {
	t := p.t(i)
	if t.kind == kNum {
		if r, ok := p.numericDate(i); ok {
			return r, true
		}
		if s := p.low(i + 1); (s == "th" || s == "st" || s == "nd" || s == "rd") && p.glued(i+1) && p.t(i+2).lx.unit == uCentury && !p.t(i+2).lx.plural && t.num >= 1 && t.num <= 21 {
			return res{end: i + 3, typ: "DATE", val: pad2(t.num - 1)}, true
		}
		if r, ok := p.dayMonth(i); ok {
			return r, true
		}
		if r, ok := p.clock(i); ok {
			return r, true
		}
		if r, ok := p.year(i); ok {
			return r, true
		}
		return p.quantity(i)
	}
	if t.kind == kPunct {
		if t.low == "'" && p.t(i+1).kind == kNum && p.t(i+1).ndig == 2 && p.glued(i+1) && p.low(i+2) == "s" && p.glued(i+2) {
			return res{end: i + 3, typ: "DATE", val: strconv.Itoa(190 + p.t(i+1).num/10)}, true
		}
		return res{}, false
	}
	l := t.lx
	switch {
	case l.month != 0:
		return p.monthExpr(i)
	case l.wday != 0:
		return p.weekdayExpr(i)
	}
	if t.low == "that" {
		return p.anaphor(i)
	}
	switch l.w {
	case wThe:
		if p.low(i+1) == "same" {
			if r, ok := p.anaphor(i); ok {
				return r, true
			}
		}
		return p.theExpr(i)
	case wThis, wLast, wNext, wPast, wComing, wPrevious, wFollowing:
		if l.w == wFollowing && (p.t(i+1).lx.wday != 0 || p.t(i+1).lx.month != 0) {
			// Without "the", "following" is the preposition "after":
			// "fled following Wednesday's explosion".
			return res{}, false
		}
		return p.relExpr(i, i)
	case wToday, wYesterday, wTomorrow, wTonight:
		return p.dayWord(i)
	case wNow:
		if p.low(i+1) == "on" {
			return res{}, false
		}
		if t.upper && p.isPunct(i+1, ",") {
			// "Now, he says, ...": a discourse marker opening the
			// sentence, not a reference to the present (not annotated
			// in TimeBank or AQUAINT, 3 of 3).
			return res{}, false
		}
		return res{end: i + 1, typ: "DATE", val: "PRESENT_REF"}, true
	case wCurrent:
		if t.low == "current" {
			if u := p.t(i + 1).lx.unit; u != uNone && !p.t(i+1).lx.plural {
				return p.thisUnit(i, i+2, u, 0)
			}
			if p.t(i+1).lx.w == wFiscal {
				return res{}, false
			}
		}
		return res{end: i + 1, typ: "DATE", val: "PRESENT_REF"}, true
	case wRecently:
		return res{end: i + 1, typ: "DATE", val: "PAST_REF"}, true
	case wRecent:
		if u := p.t(i + 1).lx.unit; u != uNone && p.t(i+1).lx.plural {
			if u == uYear {
				return res{end: i + 2, typ: "DATE", val: "PAST_REF"}, true
			}
			return res{end: i + 2, typ: "DURATION", val: durVagueVal(u)}, true
		}
		if n := p.t(i + 1); n.kind == kWord && !n.upper && n.lx.w == wNone && n.lx.unit == uNone {
			return res{}, false
		}
		return res{end: i + 1, typ: "DATE", val: "PAST_REF"}, true
	case wFuture:
		if u := p.t(i + 1).lx.unit; u != uNone && p.t(i+1).lx.plural {
			return res{end: i + 2, typ: "DATE", val: "FUTURE_REF"}, true
		}
		return res{}, false
	case wSoon:
		if p.low(i-1) == "as" || p.low(i+1) == "as" || p.low(i+1) == "after" || p.low(i+1) == "thereafter" {
			return res{}, false
		}
		if p.tense(i, i+1) == dirPast && !isModal(p.low(i-1)) {
			// "was soon released": shortly after a past event, no
			// reference to the future (not annotated in TimeBank or
			// AQUAINT).
			return res{}, false
		}
		return res{end: i + 1, typ: "DATE", val: "FUTURE_REF"}, true
	case wNowadays:
		return res{end: i + 1, typ: "DATE", val: "PRESENT_REF"}, true
	case wThese:
		if p.low(i+1) == "days" {
			return res{end: i + 2, typ: "DATE", val: "PRESENT_REF"}, true
		}
	case wFiscal:
		return p.fiscal(i)
	case wEvery, wEach:
		return p.setEvery(i)
	case wPer:
		if u := p.t(i + 1).lx.unit; u != uNone && !p.t(i+1).lx.plural {
			return res{end: i + 2, typ: "SET", val: durVal(1, u)}, true
		}
	case wTwice, wOnce:
		if (p.w(i+1) == wA || p.w(i+1) == wPer) && p.t(i+2).lx.unit != uNone {
			f := "1X"
			if p.t(i).lx.w == wTwice {
				f = "2X"
			}
			return res{end: i + 3, typ: "SET", val: durVal(1, p.t(i+2).lx.unit), freq: f}, true
		}
	}
	if t.low == "q" && t.upper && p.glued(i+1) && p.t(i+1).kind == kNum && p.t(i+1).ndig == 1 && p.t(i+1).num >= 1 && p.t(i+1).num <= 4 {
		// "Q3 2020", "Q3"
		q := strconv.Itoa(p.t(i + 1).num)
		if y, e, ok := p.yearAt(i + 2); ok {
			return res{end: e, typ: "DATE", val: itoa4(y) + "-Q" + q}, true
		}
		if p.has {
			y := p.a.Year()
			if p.t(i+1).num > quarterOf(p.a.Month()) {
				y--
			}
			return res{end: i + 2, typ: "DATE", val: itoa4(y) + "-Q" + q}, true
		}
		return res{end: i + 2, typ: "DATE", val: "XXXX-Q" + q}, true
	}
	if l.season != 0 {
		if p.t(i+1).kind == kNum && p.t(i+1).ndig == 4 {
			return res{end: i + 2, typ: "DATE", val: strconv.Itoa(p.t(i+1).num) + "-" + seasonCode[l.season]}, true
		}
		switch p.low(i - 1) {
		case "early", "late", "mid", "-", "in", "this", "during", "since", "until", "by":
			return p.seasonExpr(i, i+1, int(l.season), 0)
		}
		return res{}, false
	}
	if l.ord != 0 {
		return p.ordinalExpr(i, -1)
	}
	if s := setWordVal(t.low); s != "" {
		if n := p.t(i + 1); n.kind == kWord && !n.upper && n.lx.w == wNone && n.lx.unit == uNone && !isFunctionWord(n.low) &&
			t.low != "daily" && t.low != "weekly" && t.low != "hourly" && t.low != "nightly" {
			return res{}, false
		}
		return res{end: i + 1, typ: "SET", val: s}, true
	}
	if r, ok := p.holiday(i); ok {
		return r, true
	}
	if l.w == wA && p.low(i+1) == "while" && p.low(i-1) == "for" {
		// "for a while": an unspecified duration
		return res{end: i + 2, typ: "DURATION", val: "PXX"}, true
	}
	if l.w == wA && p.low(i+1) == "later" && p.low(i+2) == "date" {
		return res{end: i + 3, typ: "DATE", val: "FUTURE_REF"}, true
	}
	if l.isNumw {
		if y, e, ok := p.spokenYear(i); ok && y >= 1900 && y <= 2099 {
			return res{end: e, typ: "DATE", val: itoa4(y)}, true
		}
	}
	if t.low == "another" && p.t(i+1).lx.unit != uNone && !p.t(i+1).lx.plural {
		return res{end: i + 2, typ: "DURATION", val: durVal(1, p.t(i+1).lx.unit)}, true
	}
	if t.low == "one" && p.t(i+1).lx.unit == uDay && !p.t(i+1).lx.plural {
		// "Islam will one day be ...", "he hopes he one day follows":
		// some time in the future, not a day's duration.
		switch p.low(i - 1) {
		case "will", "would", "could", "may", "might", "can", "shall", "should", "he", "she", "they", "we", "i", "you", "it":
			return res{end: i + 2, typ: "DATE", val: "FUTURE_REF"}, true
		}
	}
	if l.isNumw || l.w == wA || l.w == wFew || l.w == wSeveral || l.w == wMany || l.w == wSome || l.w == wHalf || l.w == wCouple {
		return p.quantity(i)
	}
	if l.unit == uYear && !l.plural && p.isPunct(i+1, "-") && p.glued(i+1) && (p.low(i+2) == "earlier" || p.low(i+2) == "ago") {
		if !p.has {
			return res{end: i + 3, typ: "DATE", val: "PAST_REF"}, true
		}
		if p.quarterContext(i) {
			r, _ := p.quarterRel(i, i+3, -4)
			return r, true
		}
		return res{end: i + 3, typ: "DATE", val: itoa4(p.a.Year() - 1)}, true
	}
	if l.unit == uYear && !l.plural && (p.isPunct(i+1, "-") && p.low(i+2) == "end" || p.low(i+1) == "end" || p.low(i+1) == "'" && p.low(i+2) == "s" && p.low(i+3) == "end") {
		// "year-end", "year end", "year's end"
		e := i + 2
		switch {
		case p.low(i+1) == "'":
			e = i + 4
		case p.low(i+1) != "end":
			e = i + 3
		}
		if !p.has {
			return res{end: e, typ: "DATE", val: "XXXX", mod: "END"}, true
		}
		return res{end: e, typ: "DATE", val: itoa4(p.a.Year()), mod: "END"}, true
	}
	if l.unit != uNone && l.unit != uWeekend && p.isPunct(i+1, "-") && p.glued(i+1) && p.glued(i+2) && p.low(i+2) == "long" {
		// "a week-long visit", "decades-long", "day-long": the
		// duration the compound measures.
		if l.plural {
			return res{end: i + 3, typ: "DURATION", val: durVagueVal(l.unit)}, true
		}
		return res{end: i + 3, typ: "DURATION", val: durVal(1, l.unit)}, true
	}
	if l.unit == uWeekend && !l.plural && p.w(i-1) == wA && p.weekendModifier(i) {
		// "a weekend rally": the weekend it happens on, as "the weekend".
		rel := 0
		if wd := p.a.Weekday(); p.has && wd != time.Saturday && wd != time.Sunday && p.tense(i, i+1) != dirFuture {
			rel = -1
		}
		return p.thisUnit(i, i+1, uWeekend, rel)
	}
	if pv := p.t(i - 1); l.unit != uNone && l.plural && (pv.kind == kNum || pv.lx.isNumw || pv.low == "hundreds" || pv.low == "thousands" || pv.low == "of" && (p.low(i-2) == "hundreds" || p.low(i-2) == "thousands")) {
		// the number was rejected (an age, "52 years old"), or "hundreds of years"
		return res{}, false
	}
	if l.unit != uNone && l.plural && p.w(i+1) == wAgo && l.unit != uWeekend {
		// "decades ago", "months ago"
		return res{end: i + 2, typ: "DATE", val: "PAST_REF"}, true
	}
	if l.unit != uNone && l.plural {
		// bare plural unit: "for years", "weeks"; other bare plurals
		// ("days", "months") are mostly not annotated.
		if l.unit != uYear && l.unit != uWeek {
			return res{}, false
		}
		c, _ := l.unit.durCode()
		return res{end: i + 1, typ: "DURATION", val: durPrefix(l.unit) + "X" + c}, true
	}
	if l.pod != 0 && t.low != "overnight" {
		return res{}, false
	}
	if l.w == wNoon || l.w == wMidnight {
		return p.noon(i, i+1, p.a)
	}
	return res{}, false
}

func durPrefix(u unit) string {
	if _, tm := u.durCode(); tm {
		return "PT"
	}
	return "P"
}

func fmtNum(n float64) string {
	if n == float64(int(n)) {
		return strconv.Itoa(int(n))
	}
	return strconv.FormatFloat(n, 'f', -1, 64)
}

func durVal(n float64, u unit) string {
	if u == uYear && n != float64(int(n)) && n*12 == float64(int(n*12)) {
		// "2 1/2 years" → P2Y6M
		y := int(n)
		return "P" + strconv.Itoa(y) + "Y" + strconv.Itoa(int((n-float64(y))*12+0.5)) + "M"
	}
	switch u {
	case uQuarter:
		return "P" + fmtNum(3*n) + "M"
	case uDecade:
		return "P" + fmtNum(10*n) + "Y"
	case uCentury:
		return "P" + fmtNum(100*n) + "Y"
	}
	c, _ := u.durCode()
	if u == uWeekend {
		return "P" + fmtNum(n) + "WE"
	}
	return durPrefix(u) + fmtNum(n) + c
}

var setWords = map[string]string{
	"daily": "P1D", "weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "annually": "P1Y", "quarterly": "P3M",
	"hourly": "PT1H", "nightly": "P1D", "biweekly": "P2W", "semiannually": "P6M", "annual": "",
}

func isSetWord(s string) bool    { _, ok := setWords[s]; return ok }
func setWordVal(s string) string { return setWords[s] }

// ---- numbers and durations ----

// number parses a cardinal at i: digits ("40", "1.5", "1,000"), words
// ("twenty four", "a hundred"), "a"/"an" (1), vague quantities ("several",
// "a few": ok with vague=true). It returns the index after it.
func (p *parser) number(i int) (n float64, end int, vague bool, ok bool) {
	t := p.t(i)
	if t.kind == kNum {
		n = float64(t.num)
		j := i + 1
		for p.isPunct(j, ",") && p.glued(j) && p.t(j+1).kind == kNum && p.t(j+1).ndig == 3 && p.glued(j+1) {
			n = n*1000 + float64(p.t(j+1).num)
			j += 2
		}
		if p.isPunct(j, ".") && p.glued(j) && p.t(j+1).kind == kNum && p.glued(j+1) {
			f, err := strconv.ParseFloat("0."+p.low(j+1), 64)
			if err == nil {
				n += f
				j += 2
			}
		} else if a, b := p.t(j), p.t(j+2); a.kind == kNum && a.sp && a.num > 0 && p.isPunct(j+1, "/") && b.kind == kNum && b.num > a.num && p.glued(j+1) && p.glued(j+2) {
			// "2 1/2"
			n += float64(a.num) / float64(b.num)
			j += 3
		}
		return n, j, false, true
	}
	switch t.lx.w {
	case wA:
		if p.t(i+1).lx.w == wFew {
			return 0, i + 2, true, true
		}
		if p.t(i+1).lx.w == wCouple {
			j := i + 2
			if p.w(j) == wOf {
				j++
			}
			return 2, j, false, true
		}
		if p.t(i+1).lx.isNumw && p.t(i+1).lx.numw >= 100 {
			return p.number(i + 1)
		}
		if p.t(i+1).lx.w == wHalf {
			return 0.5, i + 2, false, true
		}
		return 1, i + 1, false, true
	case wFew, wSeveral, wMany, wSome:
		return 0, i + 1, true, true
	case wCouple:
		if p.w(i+1) == wOf {
			return 2, i + 2, false, true
		}
	case wHalf:
		j := i + 1
		if p.w(j) == wA {
			j++
		}
		return 0.5, j, false, true
	}
	if !t.lx.isNumw {
		return 0, i, false, false
	}
	total, cur := 0.0, 0.0
	j, last := i, i
	for {
		l := p.t(j).lx
		if !l.isNumw {
			j = last
			break
		}
		v := float64(l.numw)
		if c := int(cur) % 100; v < 100 && c != 0 && (v >= 10 || c%10 != 0) {
			// "two one-day matches": two numbers, not twenty-one.
			j = last
			break
		}
		switch {
		case v == 100:
			if cur == 0 {
				cur = 1
			}
			cur *= 100
		case v == 1000:
			if cur == 0 {
				cur = 1
			}
			total += cur * 1000
			cur = 0
		default:
			cur += v
		}
		j++
		last = j
		if p.isPunct(j, "-") && p.glued(j) && p.t(j+1).lx.isNumw {
			j++
		}
		if p.w(j) == wAnd && p.t(j+1).lx.isNumw {
			j++
		}
	}
	return total + cur, j, false, true
}

// quantity matches durations ("two days", "40 years", "seven and a half
// hours", "a 30-year", "several weeks") and N-unit-ago dates.
func (p *parser) quantity(i int) (res, bool) {
	n, j, vague, ok := p.number(i)
	if !ok || j == i {
		return res{}, false
	}
	if p.w(i) == wA {
		switch pv := p.t(i - 1); {
		case pv.kind == kNum, pv.low == "million", pv.low == "billion", pv.low == "cents", pv.low == "%", pv.low == "share", pv.low == "times", pv.low == "dollars":
			if nw := p.w(j + 1); nw != wAgo && nw != wEarlier {
				return res{}, false
			}
		}
	}
	if p.w(j) == wAnd && p.w(j+1) == wA && p.w(j+2) == wHalf {
		n += 0.5
		j += 3
	} else if p.w(j) == wAnd && p.w(j+1) == wHalf && !vague {
		// "six and half years"
		n += 0.5
		j += 2
	} else if p.isPunct(j, "-") && p.glued(j) && p.low(j+1) == "and" && p.isPunct(j+2, "-") && p.w(j+3) == wA && p.isPunct(j+4, "-") && p.w(j+5) == wHalf && p.glued(j+5) && !vague {
		// "three-and-a-half years"
		n += 0.5
		j += 6
	}
	if p.w(i) == wHalf && p.t(j).lx.plural {
		// "half" measures one unit: "half a year", not "half years"
		return res{}, false
	}
	if p.low(j) == "times" && (p.w(j+1) == wA || p.w(j+1) == wPer) && !vague {
		// "three times a week"
		if u := p.t(j + 2).lx.unit; u != uNone && !p.t(j+2).lx.plural {
			return res{end: j + 3, typ: "SET", val: durVal(1, u), freq: fmtNum(n) + "X"}, true
		}
	}
	if p.isPunct(j, "-") && p.glued(j) {
		j++
	}
	if p.low(j) == "more" || p.low(j) == "additional" || p.low(j) == "straight" || p.low(j) == "consecutive" {
		j++
	}
	// "eight trading days", "five business days", "30 calendar days",
	// "two full years": a kind of the unit, counted like the unit (after
	// a count, not "a": "a calendar year" is a notion, not a duration).
	workdays := false
	switch p.low(j) {
	case "trading", "business", "working", "calendar", "full", "whole":
		if p.w(i) != wA && p.t(j+1).lx.unit != uNone {
			workdays = p.low(j) == "trading" || p.low(j) == "business" || p.low(j) == "working"
			j++
		}
	}
	u := p.t(j).lx.unit
	if s := p.low(j); u == uNone && (s == "fortnight" || s == "fortnights") && !vague {
		// "a fortnight ago": two weeks
		u, n = uWeek, 2*n
	}
	if u == uNone {
		return res{}, false
	}
	if u == uSecond && j == i+1 && p.w(i) == wA {
		// "a second term" is an ordinal, not a duration; so are "a
		// second and final day", "a second or third test".
		if nx := p.t(j + 1); nx.kind == kWord && nx.lx.w != wAgo && nx.lx.w != wLater && nx.lx.w != wEarlier && nx.lx.w != wAnd && nx.low != "or" {
			return res{}, false
		}
		if c := p.low(j + 1); (c == "and" || c == "or") && p.w(j+2) != wA && p.t(j+2).kind != kNum && !p.t(j+2).lx.isNumw {
			return res{}, false
		}
	}
	if u == uQuarter && p.isPunct(j+1, "-") && p.glued(j+1) && p.glued(j+2) && p.t(j+2).lx.unit == uCentury && !p.t(j+2).lx.plural {
		// "a quarter-century": 25 years
		return res{end: j + 3, typ: "DURATION", val: durVal(25*n, uYear)}, true
	}
	if u == uSecond && p.w(i) == wA && j == i+1 && p.isPunct(j+1, "-") && p.glued(j+1) || (u == uSecond || u == uQuarter) && p.nounCompound(j) {
		// "a second-floor window", "a second-quarter loss" (an
		// ordinal), "a quarter-point rise".
		return res{}, false
	}
	if p.w(i) == wA && j == i+1 && p.isPunct(j+1, "-") && p.glued(j+1) && p.glued(j+2) && p.t(j+2).kind == kWord {
		// "a" goes with a compound of the unit: "a week-long visit",
		// "a year-on-year rise", "a year-ending match".
		return res{}, false
	}
	if p.w(i) == wA && j == i+1 && !p.t(j).lx.plural && !vague {
		// "300,000 barrels a day", "four flights a week": a rate of a
		// counted quantity is a set.
		pv, pv2 := p.t(i-1), p.t(i-2)
		if pv.kind == kWord && !pv.upper && len(pv.low) > 3 && strings.HasSuffix(pv.low, "s") && !strings.HasSuffix(pv.low, "ss") && pv.lx.unit == uNone && (pv2.kind == kNum || pv2.lx.isNumw || pv2.low == "million" || pv2.low == "billion") {
			switch p.w(j + 1) {
			case wAgo, wEarlier, wLater, wAfter, wBefore:
			default:
				return res{end: j + 1, typ: "SET", val: durVal(1, u)}, true
			}
		}
	}
	if u == uWeekend && p.w(i) == wA && j == i+1 && p.weekendModifier(j) {
		return res{}, false
	}
	if p.w(i) == wA && j == i+1 && p.t(j).lx.plural {
		// "a months-long standoff", "a decades-old song": "a" goes with
		// the compound, it counts no unit.
		return res{}, false
	}
	if p.t(j).lx.plural && p.isPunct(j+1, "-") && p.glued(j+1) && p.low(j+2) == "old" {
		// an age: "decades-old"
		return res{}, false
	}
	if p.isPunct(j+1, "-") && p.glued(j+1) && (p.low(j+2) == "earlier" || p.low(j+2) == "ago" || p.low(j+2) == "end") && j == i+1 && p.w(i) == wA {
		return res{}, false
	}
	if p.low(j+1) == "old" && u == uYear && p.t(j).lx.plural {
		// an age: "52 years old"
		return res{}, false
	}
	if u == uQuarter && p.isPunct(j-1, "-") && p.w(j+1) == wOf {
		// a fraction: "three-quarters of"
		return res{}, false
	}
	if u == uQuarter && p.t(j).lx.plural && p.w(j+1) == wOf && isDeterminer(p.low(j+2)) && p.t(j+3).lx.unit == uNone && p.t(j+3).kind != kNum {
		// a fraction: "three quarters of a million", "two quarters of
		// the vote" (but "several quarters of losses")
		return res{}, false
	}
	if u == uQuarter && !p.t(j).lx.plural && p.w(j+1) == wOf && p.t(j+2).lx.unit == uNone && p.t(j+3).lx.unit == uNone && p.t(j+2).kind != kNum && p.t(j+3).kind != kNum {
		// a fraction: "a quarter of the market" (but "a quarter of a
		// century", "the first quarter of 1990")
		return res{}, false
	}
	if p.isPunct(j+1, "-") && p.glued(j+1) && (p.low(j+2) == "old" || p.low(j+2) == "olds") {
		if vague || u == uYear {
			return res{}, false
		}
		return res{end: j + 3, typ: "DURATION", val: durVal(n, u)}, true
	}
	end := j + 1
	if p.w(end) == wAnd && p.w(end+1) == wA && p.w(end+2) == wHalf {
		n += 0.5
		end += 3
	}
	if u == uHalf {
		return res{}, false
	}
	// "a week or so ago": an approximate date.
	if p.low(end) == "or" && p.low(end+1) == "so" && p.w(end+2) == wAgo {
		r := p.agoDate(i, end+3, n, vague, u, -1)
		r.mod = "APPROX"
		return r, true
	}
	// "two trading days ago": Saturdays and Sundays do not count.
	if workdays && u == uDay && !vague && p.has && n == float64(int(n)) && n <= 1000 {
		switch {
		case p.w(end) == wAgo:
			return res{end: end + 1, typ: "DATE", val: fmtDate(addWorkdays(p.a, -int(n)))}, true
		case p.w(end) == wFrom && p.w(end+1) == wNow:
			return res{end: end + 2, typ: "DATE", val: fmtDate(addWorkdays(p.a, int(n)))}, true
		}
	}
	// N units ago / earlier / later / from now
	switch p.w(end) {
	case wAgo:
		return p.agoDate(i, end+1, n, vague, u, -1), true
	case wEarlier:
		// "a year earlier" is a date; "a day earlier" is annotated as the
		// duration it measures.
		if vague {
			break
		}
		if u != uYear {
			return res{end: end + 1, typ: "DURATION", val: durVal(n, u)}, true
		}
		return p.agoDate(i, end+1, n, vague, u, -1), true
	case wLater:
		if u == uYear && !vague {
			// "in 1951 ... eight years later": counted from the year
			// mentioned just before, else from the anchor.
			if d, ok := p.refDate(i, uYear); ok && n == float64(int(n)) {
				return res{end: end + 1, typ: "DATE", val: itoa4(d.Year() + int(n))}, true
			}
			return p.agoDate(i, end+1, n, vague, u, 1), true
		}
	case wFrom:
		if p.w(end+1) == wNow {
			return p.agoDate(i, end+2, n, vague, u, 1), true
		}
	}
	if vague {
		if u == uWeekend {
			return res{}, false
		}
		c, _ := u.durCode()
		return res{end: end, typ: "DURATION", val: durPrefix(u) + "X" + c}, true
	}
	if n == 0.5 && u == uHour {
		return res{end: end, typ: "DURATION", val: "PT30M"}, true
	}
	r := res{end: end, typ: "DURATION", val: durVal(n, u)}
	if n == float64(int(n)) {
		r = p.compoundDur(r, u)
	}
	return r, true
}

// compoundDur extends a duration by a finer one that follows it: "35
// minutes and 38 seconds" → PT35M38S, "17 years and three months" →
// P17Y3M, "1 hour 26 minutes", "14 years, nine months". Weeks, quarters
// and larger units do not combine.
func (p *parser) compoundDur(r res, u unit) res {
	if !combinable(u) {
		return r
	}
	k := r.end
	if p.w(k) == wAnd || p.isPunct(k, ",") {
		k++
	}
	if p.t(k).kind != kNum && !p.t(k).lx.isNumw {
		return r
	}
	n2, j, vague, ok := p.number(k)
	if !ok || vague || j == k || n2 != float64(int(n2)) {
		return r
	}
	u2 := p.t(j).lx.unit
	if u2 >= u || !combinable(u2) {
		return r
	}
	switch p.w(j + 1) {
	case wAgo, wLater, wEarlier:
		return r
	}
	v2 := durVal(n2, u2)
	_, t1 := u.durCode()
	_, t2 := u2.durCode()
	switch {
	case t1 == t2:
		r.val += strings.TrimPrefix(v2[1:], "T")
	case t2:
		r.val += v2[1:]
	default:
		return r
	}
	r.end = j + 1
	return r
}

// combinable reports whether a duration in unit u can be joined with
// another in ISO 8601 (years, months, days, hours, minutes, seconds).
func combinable(u unit) bool {
	switch u {
	case uYear, uMonth, uDay, uHour, uMinute, uSecond:
		return true
	}
	return false
}

// addWorkdays returns the date k weekdays (Monday to Friday) after a, or
// before it when k is negative.
func addWorkdays(a time.Time, k int) time.Time {
	step := 1
	if k < 0 {
		step, k = -1, -k
	}
	for k > 0 {
		a = a.AddDate(0, 0, step)
		if wd := a.Weekday(); wd != time.Saturday && wd != time.Sunday {
			k--
		}
	}
	return a
}

// agoDate normalises "N units ago/earlier/later".
func (p *parser) agoDate(i, end int, n float64, vague bool, u unit, sign int) res {
	r := res{end: end, typ: "DATE"}
	if vague || !p.has || n != float64(int(n)) {
		if sign < 0 {
			r.val = "PAST_REF"
		} else {
			r.val = "FUTURE_REF"
		}
		return r
	}
	k := int(n) * sign
	a := p.a
	switch u {
	case uYear:
		r.val = itoa4(a.Year() + k)
		if k == -1 && p.quarterContext(i) {
			q, _ := p.quarterRel(i, end, -4)
			r.val = q.val
		}
	case uDecade:
		r.val = itoa4(a.Year() + 10*k)[:3]
	case uCentury:
		r.val = itoa4(a.Year() + 100*k)[:2]
	case uQuarter:
		t := a.AddDate(0, 3*k, 0)
		r.val = itoa4(t.Year()) + "-Q" + strconv.Itoa(quarterOf(t.Month()))
	case uMonth:
		t := time.Date(a.Year(), a.Month()+time.Month(k), 1, 0, 0, 0, 0, time.UTC)
		r.val = fmtYM(t.Year(), int(t.Month()))
	case uWeek, uWeekend:
		// "a week ago" names a day (the same weekday last week); "six
		// weeks ago" is only as precise as its unit.
		if k < -1 || k > 1 {
			r.val = fmtWeek(a.AddDate(0, 0, 7*k))
		} else {
			r.val = fmtDate(a.AddDate(0, 0, 7*k))
		}
	case uDay:
		r.val = fmtDate(a.AddDate(0, 0, k))
	default:
		r.typ = "TIME"
		r.val = fmtDate(a)
		if sign < 0 {
			r.val = "PAST_REF"
		} else {
			r.val = "FUTURE_REF"
		}
		r.typ = "DATE"
	}
	return r
}

// ---- absolute dates ----

// numericDate matches 2024-02-05, 02/05/2024, 2/5/24.
func (p *parser) numericDate(i int) (res, bool) {
	t := p.t(i)
	if t.ndig == 4 && p.isPunct(i+1, "-") && p.glued(i+1) && p.t(i+2).kind == kNum && p.t(i+2).ndig == 2 && p.glued(i+2) &&
		p.isPunct(i+3, "-") && p.glued(i+3) && p.t(i+4).kind == kNum && p.t(i+4).ndig == 2 && p.glued(i+4) {
		y, m, d := t.num, p.t(i+2).num, p.t(i+4).num
		if validYMD(y, m, d) {
			return res{end: i + 5, typ: "DATE", val: fmtYMD(y, m, d)}, true
		}
	}
	if t.ndig <= 2 && p.isPunct(i+1, "/") && p.glued(i+1) && p.t(i+2).kind == kNum && p.t(i+2).ndig <= 2 && p.glued(i+2) &&
		p.isPunct(i+3, "/") && p.glued(i+3) && p.t(i+4).kind == kNum && p.glued(i+4) && (p.t(i+4).ndig == 2 || p.t(i+4).ndig == 4) {
		m, d, y := t.num, p.t(i+2).num, p.t(i+4).num
		if p.t(i+4).ndig == 2 {
			if y < 50 {
				y += 2000
			} else {
				y += 1900
			}
		}
		if m > 12 && d <= 12 {
			m, d = d, m
		}
		if validYMD(y, m, d) {
			return res{end: i + 5, typ: "DATE", val: fmtYMD(y, m, d)}, true
		}
	}
	return res{}, false
}

func validYMD(y, m, d int) bool {
	if y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > 31 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// dayNum reads a day of month at i ("5", "5th") and returns the index after.
func (p *parser) dayNum(i int) (int, int, bool) {
	t := p.t(i)
	if t.kind != kNum || t.ndig > 2 || t.num < 1 || t.num > 31 {
		return 0, i, false
	}
	j := i + 1
	if s := p.low(j); (s == "st" || s == "nd" || s == "rd" || s == "th") && p.glued(j) {
		j++
	}
	if (p.isPunct(j, ":") || p.isPunct(j, ".")) && p.t(j+1).kind == kNum && p.glued(j+1) {
		return 0, i, false
	}
	return t.num, j, true
}

// yearAt reads a four-digit year (optionally preceded by an apostrophe and
// two digits: '98) at i.
func (p *parser) yearAt(i int) (int, int, bool) {
	t := p.t(i)
	if t.kind == kWord {
		return p.spokenYear(i)
	}
	if t.kind == kNum && t.ndig == 4 && t.num >= 1000 && t.num <= 2199 {
		return t.num, i + 1, true
	}
	if t.kind == kPunct && t.low == "'" && p.t(i+1).kind == kNum && p.t(i+1).ndig == 2 && p.glued(i+1) && p.low(i+2) != "s" {
		y := p.t(i + 1).num
		if y < 50 {
			y += 2000
		} else {
			y += 1900
		}
		return y, i + 2, true
	}
	return 0, i, false
}

// monthAt reads a month name at i (with the full stop of an abbreviation).
func (p *parser) monthAt(i int) (int, int, bool) {
	t := p.t(i)
	m := int(t.lx.month)
	if m == 0 {
		return 0, i, false
	}
	j := i + 1
	if t.lx.abbr {
		if p.isPunct(j, ".") && p.glued(j) {
			j++
		} else if !t.upper || p.t(j).kind != kNum {
			return 0, i, false
		}
	}
	return m, j, true
}

// monthExpr matches expressions that start with a month name.
func (p *parser) monthExpr(i int) (res, bool) {
	t := p.t(i)
	m, j, ok := p.monthAt(i)
	if !ok {
		return res{}, false
	}
	// Reject lower-case months except in clear date context, and "May"/"March" as verbs.
	nextNum := p.t(j).kind == kNum
	if !t.upper && !nextNum {
		return res{}, false
	}
	if (t.low == "may" || t.low == "march") && !nextNum {
		prev := p.low(i - 1)
		if !(prev == "in" || prev == "of" || prev == "the" || prev == "since" || prev == "until" || prev == "by" || prev == "last" || prev == "next" ||
			prev == "this" || prev == "early" || prev == "late" || prev == "mid" || prev == "-" || prev == "from" || prev == "through" ||
			prev == "to" || prev == "before" || prev == "after" || prev == "following" || prev == "during" || prev == "end" || prev == "and" || prev == "or" || prev == ",") {
			return res{}, false
		}
		if t.sentStart {
			return res{}, false
		}
	}
	if d, k, ok := p.dayNum(j); ok {
		// Month Day [, Year] | Month Day-Day
		e := k
		y := 0
		c := e
		if p.isPunct(c, ",") {
			c++
		}
		if yy, ye, ok := p.yearAt(c); ok {
			y, e = yy, ye
		} else if yy, ye, ok := p.relYear(k); ok {
			// "December 23 last year", "Aug. 17 this year": one date
			y, e = yy, ye
		}
		if y == 0 && p.t(j).num > 31 {
			return res{}, false
		}
		if y == 0 {
			if p.has {
				y = resolveMonth(p.a, m, 0, p.tense(i, e))
			}
		}
		if d > 31 {
			return res{}, false
		}
		r := res{end: e, typ: "DATE", val: fmtYMD(y, m, d)}
		if y > 0 && !validYMD(y, m, d) {
			return res{}, false
		}
		if y == 0 && d > 31 {
			return res{}, false
		}
		// range "Feb. 5-6", "April 24 and 25"
		if e == k && (p.isPunct(k, "-") || p.w(k) == wAnd || p.w(k) == wTo) && p.t(k+1).kind == kNum && p.t(k+1).ndig <= 2 {
			if d2, k2, ok := p.dayNum(k + 1); ok && d2 > d {
				y2, e2, c2 := y, k2, k2
				if p.isPunct(c2, ",") {
					c2++
				}
				if yy, ye, ok := p.yearAt(c2); ok {
					y2, e2 = yy, ye
				} else if yy, ye, ok := p.relYear(k2); ok {
					y2, e2 = yy, ye
				}
				vy := y2
				if vy == 0 {
					vy = 2000 // unknown year: allow February 29
				}
				if validYMD(vy, m, d) && validYMD(vy, m, d2) {
					r.val = fmtYMD(y2, m, d)
					r.has2, r.s2, r.e2, r.typ2, r.val2 = true, k+1, e2, "DATE", fmtYMD(y2, m, d2)
				}
			}
		}
		return r, true
	}
	// Month [,|of] Year
	c := j
	if p.isPunct(c, ",") || p.w(c) == wOf {
		c++
	}
	if y, e, ok := p.yearAt(c); ok {
		return res{end: e, typ: "DATE", val: fmtYM(y, m)}, true
	}
	if y, e, ok := p.relYear(c); ok {
		return res{end: e, typ: "DATE", val: fmtYM(y, m)}, true
	}
	y := 0
	if p.has {
		y = resolveMonth(p.a, m, 0, p.tense(i, j))
	}
	return res{end: j, typ: "DATE", val: fmtYM(y, m)}, true
}

// relYear reads "last year", "this year" or "next year" at k, after a
// month or a date ("June last year"), as the anchor's year moved by it.
func (p *parser) relYear(k int) (y, end int, ok bool) {
	w := p.w(k)
	if (w != wLast && w != wNext && w != wThis) || p.low(k+1) != "year" || !p.has {
		return 0, k, false
	}
	y = p.a.Year()
	if w == wLast {
		y--
	} else if w == wNext {
		y++
	}
	return y, k + 2, true
}

// dayMonth matches "5 February 2024", "5th of February".
func (p *parser) dayMonth(i int) (res, bool) {
	d, j, ok := p.dayNum(i)
	if !ok {
		return res{}, false
	}
	if p.w(j) == wOf {
		j++
	}
	m, k, ok := p.monthAt(j)
	if !ok || !p.t(j).upper {
		return res{}, false
	}
	e := k
	y := 0
	c := k
	if p.isPunct(c, ",") {
		c++
	}
	if yy, ye, ok := p.yearAt(c); ok {
		y, e = yy, ye
	} else if p.has {
		y = resolveMonth(p.a, m, 0, p.tense(i, e))
	}
	if y > 0 && !validYMD(y, m, d) {
		return res{}, false
	}
	return res{end: e, typ: "DATE", val: fmtYMD(y, m, d)}, true
}

// year matches a bare year, a decade ("1990s") and year ranges ("1957-58").
func (p *parser) year(i int) (res, bool) {
	t := p.t(i)
	if t.ndig != 4 || t.num < 1000 || t.num > 2199 {
		return res{}, false
	}
	prev := p.t(i - 1)
	if prev.kind == kPunct && (prev.low == "$" || prev.low == "#" || prev.low == "£" || prev.low == "€") {
		return res{}, false
	}
	if prev.kind == kPunct && (prev.low == "," || prev.low == ".") && p.glued(i) && p.t(i-2).kind == kNum {
		return res{}, false
	}
	next := p.t(i + 1)
	// "the 1990s", "in the 1980's," (a round year with "'s" and no noun
	// after it: "1990's budget" is the year's)
	s := i + 1
	if next.low == "'" && p.glued(i+1) && p.t(i+2).low == "s" && p.glued(i+2) && t.num%10 == 0 {
		if n := p.t(i + 3); n.kind != kWord || isFunctionWord(n.low) {
			s++
		}
	}
	if p.t(s).kind == kWord && p.t(s).low == "s" && p.glued(s) {
		if t.num%100 == 0 && t.num%1000 != 0 {
			return res{end: s + 1, typ: "DATE", val: strconv.Itoa(t.num / 100)}, true
		}
		return res{end: s + 1, typ: "DATE", val: strconv.Itoa(t.num / 10)}, true
	}
	if next.kind == kPunct && (next.low == "%" || next.low == "." && p.glued(i+1) && p.t(i+2).kind == kNum) {
		return res{}, false
	}
	if next.kind == kWord && p.glued(i+1) && next.low != "th" {
		// a measure, not a year: "1000g", "2000cc"
		return res{}, false
	}
	if next.kind == kPunct && next.low == "," && p.glued(i+1) && p.t(i+2).kind == kNum && p.glued(i+2) {
		return res{}, false
	}
	if next.kind == kWord && next.lx.w == wNone && next.lx.unit == uNone && next.lx.month == 0 && strings.HasSuffix(next.low, "s") &&
		!next.upper && t.num < 1900 {
		return res{}, false
	}
	if t.num < 1900 || t.num > 2100 {
		pl := prev.low
		if !(pl == "in" || pl == "since" || pl == "of" || pl == "by" || pl == "until" || pl == "from" || pl == "to" || pl == "through" ||
			pl == "during" || pl == "before" || pl == "after" || pl == "fiscal" || pl == "year") {
			return res{}, false
		}
	}
	r := res{end: i + 1, typ: "DATE", val: strconv.Itoa(t.num)}
	// "1957-58", "1989-1990"
	if p.isPunct(i+1, "-") && p.t(i+2).kind == kNum && p.glued(i+2) && p.glued(i+1) {
		n2 := p.t(i + 2)
		y2 := 0
		if n2.ndig == 2 {
			y2 = t.num/100*100 + n2.num
		} else if n2.ndig == 4 {
			y2 = n2.num
		}
		if y2 > t.num && y2-t.num < 100 {
			r.has2, r.s2, r.e2, r.typ2, r.val2 = true, i+2, i+3, "DATE", strconv.Itoa(y2)
		}
	}
	return r, true
}

// fiscal matches "fiscal 1989", "fiscal year 1990", "fiscal 1990's".
func (p *parser) fiscal(i int) (res, bool) {
	j := i + 1
	if p.low(j) == "year" {
		j++
	}
	if y, e, ok := p.yearAt(j); ok {
		return res{end: e, typ: "DATE", val: strconv.Itoa(y)}, true
	}
	if p.t(j).kind == kNum && p.t(j).ndig == 2 {
		return res{end: j + 1, typ: "DATE", val: strconv.Itoa(1900 + p.t(j).num)}, true
	}
	return res{}, false
}

// ordinalExpr matches "third quarter", "third-quarter", "first half" and
// "the first nine months"; thePos is the index of a leading "the" or -1.
func (p *parser) ordinalExpr(i int, thePos int) (res, bool) {
	o := int(p.t(i).lx.ord)
	j := i + 1
	if p.isPunct(j, "-") && p.glued(j) {
		j++
	}
	u := p.t(j).lx.unit
	isHalf := p.w(j) == wHalf
	if u == uDay && j == i+1 && !p.t(j).lx.plural && !p.isPunct(j+1, "-") {
		// "the second day of an offensive", "its eighth day": a day
		// counted in an event, annotated as the day reported on (the
		// anchor). "the first day of March" is not one.
		if thePos < 0 && !isPossessive(p.low(i-1)) {
			return res{}, false
		}
		if c := p.t(j + 2); p.w(j+1) == wOf && (c.lx.month != 0 || c.kind == kNum || c.lx.unit != uNone || p.w(j+2) == wThe && p.t(j+3).lx.unit != uNone) {
			return res{}, false
		}
		if !p.has {
			return res{}, false
		}
		return res{end: j + 1, typ: "DATE", val: fmtDate(p.a)}, true
	}
	if (u == uQuarter || isHalf) && !p.t(j).lx.plural {
		if u == uQuarter && o > 4 || isHalf && o > 2 {
			return res{}, false
		}
		e := j + 1
		y := 0
		c := e
		if p.w(c) == wOf {
			c++
			if p.w(c) == wFiscal {
				c++
			}
			if p.w(c) == wThe && p.low(c+1) == "new" && p.low(c+2) == "year" {
				// "of the new year"
				if r, ok := p.theExpr(c); ok {
					e, y = r.end, atoiYear(r.val)
				}
			} else if p.w(c) == wThe && (p.low(c+1) == "year" || p.low(c+1) == "fiscal") {
				// "of the year": anchor year
				k := c + 1
				if p.low(k) == "fiscal" {
					k++
				}
				if p.low(k) == "year" {
					e = k + 1
					if p.has {
						y = p.a.Year()
					}
				}
			} else if yy, ye, ok := p.yearAt(c); ok {
				y, e = yy, ye
			} else if p.w(c) == wThis || p.w(c) == wLast || p.w(c) == wNext {
				if p.low(c+1) == "year" {
					e = c + 2
					if p.has {
						y = p.a.Year()
						if p.w(c) == wLast {
							y--
						} else if p.w(c) == wNext {
							y++
						}
					}
				}
			}
		} else if yy, ye, ok := p.yearAt(c); ok {
			y, e = yy, ye
		} else if yy, ye, ok := p.relYear(c); ok {
			// "the third quarter last year"
			y, e = yy, ye
		}
		if y == 0 && e == j+1 && p.has {
			y = p.a.Year()
			cq := quarterOf(p.a.Month())
			if u == uQuarter && o > cq && p.tense(i, e) != dirFuture {
				y--
			}
			if isHalf && o == 2 && p.a.Month() <= 6 && p.tense(i, e) != dirFuture {
				y--
			}
		}
		ys := "XXXX"
		if y > 0 {
			ys = itoa4(y)
		}
		if isHalf {
			return res{end: e, typ: "DATE", val: ys + "-H" + strconv.Itoa(o)}, true
		}
		return res{end: e, typ: "DATE", val: ys + "-Q" + strconv.Itoa(o)}, true
	}
	// "the 20th century"
	if p.t(j).lx.unit == uCentury && !p.t(j).lx.plural && o >= 1 && o <= 21 && j == i+1 {
		return res{end: j + 1, typ: "DATE", val: pad2(o - 1)}, true
	}
	// "the first nine months", "the first two weeks", "its first 10
	// years"
	if p.t(i).lx.w == wFirst && (thePos >= 0 || isPossessive(p.low(i-1))) {
		if n, k, vague, ok := p.number(i + 1); ok && k > i+1 && !vague {
			if u2 := p.t(k).lx.unit; u2 != uNone {
				// "of 1997" is tagged as a date of its own.
				return res{end: k + 1, typ: "DURATION", val: durVal(n, u2)}, true
			}
		}
	}
	return res{}, false
}

// ---- weekdays and day words ----

func (p *parser) weekdayExpr(i int) (res, bool) {
	t := p.t(i)
	wd := int(t.lx.wday)
	j := i + 1
	if t.lx.abbr {
		if !t.upper {
			return res{}, false
		}
		if p.isPunct(j, ".") && p.glued(j) {
			// "the Sun.", "Hong In Sun.", "quoted by Sun. It": a name
			// ending a sentence, not a weekday.
			pv, nx := p.t(i-1), p.t(j+1)
			if pv.low == "the" || pv.kind == kWord && pv.upper && !t.sentStart || nx.kind == kWord && nx.upper && nx.lx.month == 0 && pv.low != "on" {
				return res{}, false
			}
			j++
		} else if t.low == "sun" || t.low == "sat" || t.low == "wed" || t.low == "mon" {
			return res{}, false
		}
	}
	if !t.upper {
		return res{}, false
	}
	if t.lx.plural {
		return res{end: j, typ: "SET", val: "XXXX-WXX-" + strconv.Itoa(wd), q: "EVERY"}, true
	}
	// Weekday, Month Day[, Year]
	c := j
	if p.isPunct(c, ",") {
		c++
	}
	if p.t(c).lx.month != 0 {
		// "Thursday, Jan. 6": the weekday takes the explicit date's value;
		// the date is tagged separately. "Friday Oct. 13" is one expression.
		if r, ok := p.monthExpr(c); ok && len(r.val) == 10 && r.val[:4] != "XXXX" {
			r.has2 = false
			return r, true
		}
	}
	val := "XXXX-WXX-" + strconv.Itoa(wd)
	// "Tuesday nights", and "Monday" in "Monday and Tuesday nights":
	// the part of day every week.
	if n := p.t(j); n.lx.pod != 0 && n.lx.plural {
		return res{end: j + 1, typ: "SET", val: val + "T" + podCode[n.lx.pod], q: "EVERY"}, true
	}
	if c := p.low(j); (c == "and" || c == "or") && p.t(j+1).lx.wday != 0 && p.t(j+1).upper {
		if n := p.t(j + 2); n.lx.pod != 0 && n.lx.plural {
			return res{end: j, typ: "SET", val: val + "T" + podCode[n.lx.pod], q: "EVERY"}, true
		}
	}
	var d time.Time
	if p.has {
		dir := p.tense(i, j)
		if dir == dirNone || p.low(j) == "'" && p.low(j+1) == "s" {
			dir = dirPast
		}
		if (p.low(i-1) == "as" || p.low(i-1) == "until") && (p.low(i-2) == "soon" || p.low(i-2) == "early" || p.low(i-2) == "late") {
			dir = dirFuture
		}
		if pv := p.low(i - 1); (pv == "through" || pv == "till") && p.tense(i, j) != dirPast {
			dir = dirFuture
		}
		d = resolveWeekday(p.a, wd, dir, false)
		val = fmtDate(d)
	}
	if pod := p.t(j).lx.pod; pod != 0 {
		// "Thursday evening", "Tuesday afternoon": the part of day of
		// that day (TimeML: date + TEV/TAF). "Friday morning" and
		// "Sunday night" keep the day itself, as TimeBank and AQUAINT
		// mostly annotate them (morning 5 of 8, night 9 of 18 with 6
		// TNI; evening takes TEV in all 3).
		if (pod == 2 || pod == 3) && p.has {
			return res{end: j + 1, typ: "TIME", val: val + "T" + podCode[pod]}, true
		}
		return res{end: j + 1, typ: "DATE", val: val}, true
	}
	return res{end: j, typ: "DATE", val: val}, true
}

// dayWord matches today, yesterday, tomorrow, tonight (+ part of day).
func (p *parser) dayWord(i int) (res, bool) {
	off := 0
	switch p.w(i) {
	case wYesterday:
		off = -1
	case wTomorrow:
		off = 1
	case wTonight:
		if !p.has {
			return res{end: i + 1, typ: "TIME", val: "PRESENT_REF"}, true
		}
		return res{end: i + 1, typ: "TIME", val: fmtDate(p.a) + "TNI"}, true
	}
	if p.low(i+1) == "'" && p.low(i+2) == "s" && p.w(i) == wToday {
		// "today's world" is generic; "today's editions" is a date.
		if n := p.t(i + 3); n.kind == kWord && !n.upper && n.lx.w == wNone && n.lx.unit == uNone && p.w(i-1) != wNone {
			return res{}, false
		}
	}
	if !p.has {
		v := "PRESENT_REF"
		if off < 0 {
			v = "PAST_REF"
		} else if off > 0 {
			v = "FUTURE_REF"
		}
		return res{end: i + 1, typ: "DATE", val: v}, true
	}
	d := fmtDate(p.a.AddDate(0, 0, off))
	if pod := p.t(i + 1).lx.pod; pod != 0 {
		return res{end: i + 2, typ: "TIME", val: d + "T" + podCode[pod]}, true
	}
	return res{end: i + 1, typ: "DATE", val: d}, true
}

// ---- "the ..." ----

func (p *parser) theExpr(i int) (res, bool) {
	j := i + 1
	l := p.t(j).lx
	switch p.low(j) {
	case "latest", "current", "present", "recent":
		if p.low(j+1) == "period" {
			return p.quarterRel(i, j+2, 0)
		}
	case "near":
		switch p.low(j + 1) {
		case "future", "term":
			return res{end: j + 2, typ: "DATE", val: "FUTURE_REF"}, true
		}
	case "short":
		if p.low(j+1) == "term" {
			return res{end: j + 2, typ: "DATE", val: "FUTURE_REF"}, true
		}
	case "nineties", "eighties", "seventies", "sixties", "fifties", "forties", "thirties", "twenties":
		d := map[string]string{"nineties": "199", "eighties": "198", "seventies": "197", "sixties": "196", "fifties": "195", "forties": "194", "thirties": "193", "twenties": "192"}[p.low(j)]
		return res{end: j + 1, typ: "DATE", val: d}, true
	}
	// "early in the new year": the coming year late in a year, the
	// current one early in it. ("the Lunar New Year", "the new year
	// holiday" are holidays, not the year.)
	if p.low(j) == "new" && p.low(j+1) == "year" && p.has {
		if n := p.t(j + 2); (n.kind != kWord || isFunctionWord(n.low)) && n.low != "'" {
			y := p.a.Year()
			if p.a.Month() >= time.July {
				y++
			}
			return res{end: j + 2, typ: "DATE", val: itoa4(y)}, true
		}
	}
	// "the final three months": the last N units of a period
	if p.low(j) == "final" {
		if n, k, vague, ok := p.number(j + 1); ok && k > j+1 && !vague && p.t(k).lx.unit != uNone && p.t(k).lx.plural {
			return res{end: k + 1, typ: "DURATION", val: durVal(n, p.t(k).lx.unit)}, true
		}
	}
	// "in the 20th century": "the" is part of the century, unless the
	// century modifies a noun ("the 11th century temple").
	if t := p.t(j); t.kind == kNum && p.t(j+2).lx.unit == uCentury {
		if r, ok := p.core(j); ok && r.end == j+3 {
			if n := p.t(r.end); n.kind != kWord || isFunctionWord(n.low) {
				return r, true
			}
		}
	}
	// "the day before last Tuesday's hearing", "the day after Nov. 3":
	// the day next to a date.
	if p.low(j) == "day" && (p.low(j+1) == "before" || p.low(j+1) == "after") {
		if r, ok := p.core(j + 2); ok && r.typ == "DATE" && !r.has2 && len(r.val) == 10 {
			if d, err := time.Parse("2006-01-02", r.val); err == nil {
				step := -1
				if p.low(j+1) == "after" {
					step = 1
				}
				return res{end: r.end, typ: "DATE", val: fmtDate(d.AddDate(0, 0, step))}, true
			}
		}
	}
	// the full/whole/current [fiscal] year
	if k := j; p.low(k) == "full" || p.low(k) == "whole" || p.low(k) == "entire" || p.low(k) == "current" || p.low(k) == "fiscal" {
		k++
		if p.low(k) == "fiscal" {
			k++
		}
		if p.low(k) == "year" && !p.isPunct(k+1, "-") {
			if p.low(k+1) == "ended" || p.low(k+1) == "ending" || p.low(i-1) == "throughout" || p.low(i-1) == "over" {
				return res{end: k + 1, typ: "DURATION", val: "P1Y"}, true
			}
			if !p.has {
				return res{end: k + 1, typ: "DATE", val: "PRESENT_REF"}, true
			}
			return res{end: k + 1, typ: "DATE", val: itoa4(p.a.Year())}, true
		}
	}
	// "the first half of 1990", "the last half of 1989" → 1989-H2.
	if (l.w == wLast || l.w == wFirst || p.low(j) == "second") && p.w(j+1) == wHalf && p.w(j+2) == wOf {
		h := "1"
		if l.w != wFirst {
			h = "2"
		}
		if y, e, ok := p.yearAt(j + 3); ok {
			return res{end: e, typ: "DATE", val: itoa4(y) + "-H" + h}, true
		}
	}
	// "the week of March 6" is that week.
	if l.unit == uWeek && !l.plural && p.w(j+1) == wOf && p.t(j+2).lx.month != 0 {
		if r, ok := p.monthExpr(j + 2); ok && len(r.val) == 10 {
			if d, err := time.Parse("2006-01-02", r.val); err == nil {
				return res{end: r.end, typ: "DATE", val: fmtWeek(d)}, true
			}
		}
	}
	switch {
	case l.w == wFuture:
		if p.w(j+1) == wOf {
			// "the future of our peoples": the prospects of something,
			// not a time (not annotated in TimeBank).
			return res{}, false
		}
		return res{end: j + 1, typ: "DATE", val: "FUTURE_REF"}, true
	case l.w == wPast:
		if p.t(j+1).kind == kWord && (p.t(j+1).lx.unit != uNone || p.t(j+1).lx.isNumw || p.t(j+1).lx.w == wFew || p.t(j+1).lx.w == wSeveral) || p.t(j+1).kind == kNum {
			return p.relExpr(i, j)
		}
		return res{end: j + 1, typ: "DATE", val: "PAST_REF"}, true
	case l.w == wPresent:
		if p.t(j+1).kind == kWord && p.t(j+1).lx.w == wNone && p.t(j+1).lx.unit == uNone && !p.t(j+1).upper {
			return res{}, false
		}
		return res{end: j + 1, typ: "DATE", val: "PRESENT_REF"}, true
	case l.w == wThis || l.w == wLast || l.w == wNext || l.w == wComing || l.w == wPrevious || l.w == wFollowing || l.w == wLatest || l.w == wRecent:
		return p.relExpr(i, j)
	case l.ord != 0:
		if p.isPunct(j+1, "-") {
			return res{}, false
		}
		return p.ordinalExpr(j, i)
	case l.w == wFiscal && p.t(j+1).lx.ord != 0:
		return p.ordinalExpr(j+1, i)
	case l.season != 0:
		// "the fall of the Berlin Wall", "the fall in prices" are not seasons.
		if nx := p.low(j + 1); nx == "of" {
			_, _, ok := p.yearAt(j + 2)
			if _, _, rok := p.relYear(j + 2); !ok && !rok {
				return res{}, false
			}
		} else if p.low(j) == "fall" && (nx == "in" || nx == "on" || nx == "from" || nx == "to" || nx == "was" || nx == "is") {
			return res{}, false
		}
		return p.seasonExpr(i, j+1, int(l.season), 0)
	}
	if p.low(j) == "year" && p.isPunct(j+1, "-") && (p.low(j+2) == "earlier" || p.low(j+2) == "ago") && p.low(j+3) == "quarter" {
		return p.quarterRel(i, j+4, -4)
	}
	if p.low(j) == "year" && p.isPunct(j+1, "-") && (p.low(j+2) == "earlier" || p.low(j+2) == "ago") {
		if o := p.t(j + 3).lx.ord; o >= 1 && o <= 4 && p.t(j+4).lx.unit == uQuarter && p.has {
			return res{end: j + 5, typ: "DATE", val: itoa4(p.a.Year()-1) + "-Q" + strconv.Itoa(int(o))}, true
		}
	}
	if (l.w == wLatest || l.w == wPresent || l.w == wCurrent) && p.low(j+1) == "period" {
		return p.quarterRel(i, j+2, 0)
	}
	if p.low(j) == "year" && p.isPunct(j+1, "-") && (p.low(j+2) == "earlier" || p.low(j+2) == "ago") && (p.low(j+3) == "period") {
		return p.quarterRel(i, j+4, -4)
	}
	if l.unit == uYear && p.isPunct(j+1, "-") {
		return res{}, false
	}
	if y, e, ok := p.yearAt(j); ok && p.t(j).kind == kNum {
		if o := p.t(e).lx.ord; o >= 1 && o <= 4 && p.t(e+1).lx.unit == uQuarter {
			return res{end: e + 2, typ: "DATE", val: itoa4(y) + "-Q" + strconv.Itoa(int(o))}, true
		}
		if p.t(e).lx.unit == uQuarter || p.low(e) == "period" {
			if p.has {
				q := quarterOf(p.a.AddDate(0, -3, 0).Month())
				return res{end: e + 1, typ: "DATE", val: itoa4(y) + "-Q" + strconv.Itoa(q)}, true
			}
		}
	}
	if p.t(j).kind == kNum {
		// the 1990s
		if p.t(j).ndig == 4 && p.low(j+1) == "s" && p.glued(j+1) {
			return p.year(j)
		}
		if r, ok := p.dayMonth(j); ok {
			return r, true
		}
		// "the nine months", "the 12 months"
		if n, k, vague, ok := p.number(j); ok && !vague {
			if u := p.t(k).lx.unit; u != uNone && p.t(k).lx.plural {
				return res{end: k + 1, typ: "DURATION", val: durVal(n, u)}, true
			}
		}
		return res{}, false
	}
	if l.isNumw {
		if n, k, vague, ok := p.number(j); ok && !vague {
			if u := p.t(k).lx.unit; u != uNone && p.t(k).lx.plural {
				return res{end: k + 1, typ: "DURATION", val: durVal(n, u)}, true
			}
		}
		return res{}, false
	}
	if p.isPunct(j, "'") {
		return p.core(j)
	}
	if l.unit == uWeekend && !l.plural {
		rel := 0
		if wd := p.a.Weekday(); p.has && wd != time.Saturday && wd != time.Sunday && p.tense(i, j+1) != dirFuture {
			rel = -1
		}
		return p.thisUnit(i, j+1, uWeekend, rel)
	}
	if l.unit == uQuarter && !l.plural {
		if p.nounCompound(j) {
			return res{}, false
		}
		return p.quarterRel(i, j+1, 0)
	}
	if (l.unit == uYear || l.unit == uMonth || l.unit == uWeek) && !l.plural {
		// "the year": a duration after "for"/"over", else the anchor's year
		prev := p.low(i - 1)
		if prev == "over" || prev == "throughout" || p.low(j+1) == "ended" || p.low(j+1) == "ending" {
			return res{end: j + 1, typ: "DURATION", val: durVal(1, l.unit)}, true
		}
		if l.unit == uYear {
			if y, e, ok := p.yearAt(j + 1); ok {
				return res{end: e, typ: "DATE", val: itoa4(y)}, true
			}
		}
		if p.w(j+1) == wOf || p.w(j+1) == wBefore || p.w(j+1) == wAfter || p.low(j+1) == "that" || p.low(j+1) == "when" {
			return res{}, false
		}
		return p.thisUnit(i, j+1, l.unit, 0)
	}
	return res{}, false
}

// quarterRel normalises "the quarter" (the latest completed quarter) shifted
// by off quarters.
func (p *parser) quarterRel(i, end int, off int) (res, bool) {
	if !p.has {
		return res{end: end, typ: "DATE", val: "XXXX-QX"}, true
	}
	t := p.a.AddDate(0, -3+3*off, 0)
	if y, q, ok := p.refQuarter(); ok {
		t = time.Date(y, time.Month(3*q-2), 1, 0, 0, 0, 0, time.UTC).AddDate(0, 3*off, 0)
	}
	return res{end: end, typ: "DATE", val: itoa4(t.Year()) + "-Q" + strconv.Itoa(quarterOf(t.Month()))}, true
}

// refQuarter returns the reference quarter of a results report: the last
// quarter named before ("the fiscal first quarter ... the quarter"), when it
// has ended by the anchor and lies within the year before it. Year-ago
// comparisons are skipped, so "the quarter" after "a year earlier" is still
// the report's own quarter.
func (p *parser) refQuarter() (int, int, bool) {
	for k := len(p.out) - 1; k >= 0; k-- {
		v := p.out[k].Value
		if len(v) != 7 || v[4] != '-' || v[5] != 'Q' || v[6] < '1' || v[6] > '4' {
			continue
		}
		y, ok := atoiSafe(v[:4])
		if !ok {
			continue
		}
		q := int(v[6] - '0')
		end := time.Date(y, time.Month(3*q+1), 1, 0, 0, 0, 0, time.UTC)
		if end.After(p.a) || end.Before(p.a.AddDate(-1, 0, 0)) {
			continue
		}
		return y, q, true
	}
	return 0, 0, false
}

// seasonExpr normalises a season at token j-1 with rel -1 last, 1 next, 2 this, 0 bare.
func (p *parser) seasonExpr(i, end int, s int, rel int) (res, bool) {
	c := end
	if p.w(c) == wOf {
		c++
	}
	if y, e, ok := p.yearAt(c); ok {
		return res{end: e, typ: "DATE", val: itoa4(y) + "-" + seasonCode[s]}, true
	}
	// "autumn next year", "the summer of last year"
	if y, e, ok := p.relYear(c); ok && rel == 0 {
		return res{end: e, typ: "DATE", val: itoa4(y) + "-" + seasonCode[s]}, true
	}
	if !p.has {
		return res{end: end, typ: "DATE", val: "XXXX-" + seasonCode[s]}, true
	}
	y := resolveSeason(p.a, s, rel, p.tense(i, end))
	return res{end: end, typ: "DATE", val: itoa4(y) + "-" + seasonCode[s]}, true
}

// relExpr matches this/last/next/past/coming/previous + unit, weekday,
// month, season, and "the past N units". i is the first token (maybe "the"),
// j the relative word.
func (p *parser) relExpr(i, j int) (res, bool) {
	rw := p.w(j)
	k := j + 1
	thisPast := false
	if rw == wThis && p.w(k) == wPast {
		rw, k, thisPast = wLast, k+1, true
	}
	if rw == wThis && p.w(k) == wComing {
		rw, k = wNext, k+1
	}
	rel := 0
	switch rw {
	case wThis:
		rel = 0
	case wLast, wPast, wPrevious, wLatest, wRecent:
		rel = -1
	case wNext, wComing, wFollowing:
		rel = 1
	}
	t := p.t(k)
	l := t.lx
	the := i < j
	if the && (rw == wFollowing || rw == wPrevious || rw == wNext) && !l.plural {
		// "the following year": relative to the last date mentioned.
		if r, ok := p.relToLast(i, k, l.unit, rel); ok {
			return r, true
		}
		// "the next morning", "the following evening": a part of the
		// day after the reference date, written like a weekday's
		// ("Friday morning" is the day, "Tuesday evening" TEV).
		if l.pod != 0 && rel > 0 {
			if r, ok := p.relToLast(i, k, uDay, rel); ok {
				if l.pod == 2 || l.pod == 3 {
					r.typ, r.val = "TIME", r.val+"T"+podCode[l.pod]
				}
				return r, true
			}
		}
	}
	// "the past few days", "the coming days", "the last several weeks"
	if the || rw == wPast || rw == wComing {
		n, e, vague, ok := p.number(k)
		if ok && e > k && p.t(e).lx.unit != uNone && p.t(e).lx.plural && p.w(k) != wA {
			u := p.t(e).lx.unit
			if vague {
				if rel < 0 {
					return res{end: e + 1, typ: "DATE", val: "PAST_REF"}, true
				}
				if rw == wNext {
					return res{end: e + 1, typ: "DURATION", val: durVagueVal(u)}, true
				}
				return res{end: e + 1, typ: "DATE", val: "FUTURE_REF"}, true
			}
			return res{end: e + 1, typ: "DURATION", val: durVal(n, u)}, true
		}
		if l.unit != uNone && l.plural {
			if rel < 0 {
				return res{end: k + 1, typ: "DATE", val: "PAST_REF"}, true
			}
			if rel > 0 {
				return res{end: k + 1, typ: "DATE", val: "FUTURE_REF"}, true
			}
		}
	}
	switch {
	case l.unit != uNone && !l.plural:
		if the && rw == wPast && l.unit != uYear {
			return res{end: k + 1, typ: "DURATION", val: durVal(1, l.unit)}, true
		}
		if l.unit == uQuarter {
			if rw == wLatest || rw == wRecent {
				return p.quarterRel(i, k+1, 0)
			}
			return p.thisUnit(i, k+1, uQuarter, rel)
		}
		if rw == wLatest || rw == wRecent {
			return res{}, false
		}
		if l.unit == uDay && rel == 0 {
			return res{}, false
		}
		if l.unit == uYear && p.low(k+1) == "'" && p.low(k+2) == "s" && p.has {
			y := p.a.Year() + rel
			if o := p.t(k + 3).lx.ord; o >= 1 && o <= 4 && p.t(k+4).lx.unit == uQuarter {
				return res{end: k + 5, typ: "DATE", val: itoa4(y) + "-Q" + strconv.Itoa(int(o))}, true
			}
			if p.t(k+3).lx.unit == uQuarter {
				q := quarterOf(p.a.AddDate(0, -3, 0).Month())
				return res{end: k + 4, typ: "DATE", val: itoa4(y) + "-Q" + strconv.Itoa(q)}, true
			}
		}
		return p.thisUnit(i, k+1, l.unit, rel)
	case l.wday != 0 && t.upper && !l.plural:
		if !p.has {
			return res{end: k + 1, typ: "DATE", val: "XXXX-WXX-" + strconv.Itoa(int(l.wday))}, true
		}
		var d time.Time
		ref := p.a
		if the && (rw == wPrevious || rw == wFollowing) {
			// "the previous Friday", "the following Monday": relative
			// to the reference date.
			if r, ok := p.refDate(i, uDay); ok {
				ref = r
			}
		}
		switch rel {
		case -1:
			d = resolveWeekday(ref, int(l.wday), dirPast, true)
		case 1:
			d = resolveWeekday(ref, int(l.wday), dirFuture, true)
		default:
			d = resolveWeekday(p.a, int(l.wday), p.tense(i, k+1), false)
		}
		if pod := p.t(k + 1).lx.pod; pod != 0 {
			return res{end: k + 2, typ: "TIME", val: fmtDate(d) + "T" + podCode[pod]}, true
		}
		return res{end: k + 1, typ: "DATE", val: fmtDate(d)}, true
	case l.month != 0 && t.upper:
		m, e, ok := p.monthAt(k)
		if !ok {
			return res{}, false
		}
		if !p.has {
			return res{end: e, typ: "DATE", val: fmtYM(0, m)}, true
		}
		rr := rel
		if rw == wThis {
			rr = 2
		}
		y := resolveMonth(p.a, m, rr, 0)
		// "last Oct. 23": the day in the month so resolved.
		if d, de, ok := p.dayNum(e); ok && validYMD(y, m, d) && p.t(de).kind != kNum {
			return res{end: de, typ: "DATE", val: fmtDate(time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC))}, true
		}
		return res{end: e, typ: "DATE", val: fmtYM(y, m)}, true
	case rw == wLast && t.upper && t.lx.w == wNone:
		if r, ok := p.movableHoliday(k, -1); ok {
			return r, true
		}
		return res{}, false
	case l.season != 0:
		rr := rel
		if rw == wThis {
			rr = 2
		}
		if thisPast {
			if !p.has {
				return res{end: k + 1, typ: "DATE", val: "XXXX-" + seasonCode[l.season]}, true
			}
			return res{end: k + 1, typ: "DATE", val: itoa4(resolveSeason(p.a, int(l.season), 0, dirPast)) + "-" + seasonCode[l.season]}, true
		}
		return p.seasonExpr(i, k+1, int(l.season), rr)
	case l.pod != 0:
		if rw == wThis {
			if !p.has {
				return res{end: k + 1, typ: "TIME", val: "PRESENT_REF"}, true
			}
			return res{end: k + 1, typ: "TIME", val: fmtDate(p.a) + "T" + podCode[l.pod]}, true
		}
		if rw == wLast && l.pod == podNI {
			if !p.has {
				return res{end: k + 1, typ: "TIME", val: "PAST_REF"}, true
			}
			return res{end: k + 1, typ: "TIME", val: fmtDate(p.a.AddDate(0, 0, -1)) + "TNI"}, true
		}
	case l.w == wFiscal && p.low(k+1) == "year":
		return p.thisUnit(i, k+2, uYear, rel)
	}
	return res{}, false
}

// thisUnit normalises the calendar unit u containing the anchor, shifted by
// rel units.
func (p *parser) thisUnit(i, end int, u unit, rel int) (res, bool) {
	r := res{end: end, typ: "DATE"}
	if !p.has {
		switch {
		case rel < 0:
			r.val = "PAST_REF"
		case rel > 0:
			r.val = "FUTURE_REF"
		default:
			r.val = "PRESENT_REF"
		}
		return r, true
	}
	a := p.a
	switch u {
	case uYear:
		r.val = itoa4(a.Year() + rel)
	case uMonth:
		t := time.Date(a.Year(), a.Month()+time.Month(rel), 1, 0, 0, 0, 0, time.UTC)
		r.val = fmtYM(t.Year(), int(t.Month()))
	case uWeek:
		r.val = fmtWeek(a.AddDate(0, 0, 7*rel))
	case uWeekend:
		r.val = fmtWeek(a.AddDate(0, 0, 7*rel)) + "-WE"
	case uDay:
		r.val = fmtDate(a.AddDate(0, 0, rel))
	case uQuarter:
		t := time.Date(a.Year(), a.Month()+time.Month(3*rel), 1, 0, 0, 0, 0, time.UTC)
		r.val = itoa4(t.Year()) + "-Q" + strconv.Itoa(quarterOf(t.Month()))
	case uHalf:
		return res{}, false
	case uDecade:
		r.val = itoa4(a.Year() + 10*rel)[:3]
	case uCentury:
		r.val = itoa4(a.Year() + 100*rel)[:2]
	case uHour, uMinute, uSecond:
		r.typ = "DURATION"
		r.val = durVal(1, u)
	default:
		return res{}, false
	}
	return r, true
}

// setEvery matches "every day", "each year", "every two weeks", "every Monday".
func (p *parser) setEvery(i int) (res, bool) {
	j := i + 1
	if l := p.t(j).lx; l.wday != 0 && p.t(j).upper {
		return res{end: j + 1, typ: "SET", val: "XXXX-WXX-" + strconv.Itoa(int(l.wday)), q: "EVERY"}, true
	}
	// "each July": the month in every year
	if m, e, ok := p.monthAt(j); ok && p.t(j).upper {
		if _, _, isDay := p.dayNum(e); !isDay {
			return res{end: e, typ: "SET", val: fmtYM(0, m), q: "EVERY"}, true
		}
	}
	n := 1.0
	if nn, k, vague, ok := p.number(j); ok && k > j && !vague && p.w(j) != wA {
		n, j = nn, k
	} else if p.low(j) == "other" {
		n, j = 2, j+1
	}
	u := p.t(j).lx.unit
	if u == uNone {
		// "every night", "each morning": that part of every day
		if l := p.t(j).lx; l.pod != 0 && !l.plural && n == 1 && j == i+1 {
			return res{end: j + 1, typ: "SET", val: "XXXX-XX-XXT" + podCode[l.pod], q: "EVERY"}, true
		}
		return res{}, false
	}
	return res{end: j + 1, typ: "SET", val: durVal(n, u), q: "EVERY"}, true
}

// holiday matches fixed-date holidays ("Christmas", "New Year's Day") and
// US holidays defined by a weekday rule ("Thanksgiving", "Election Day").
func (p *parser) holiday(i int) (res, bool) {
	if !isHolidayStart(p.low(i)) {
		return res{}, false
	}
	if r, ok := p.movableHoliday(i, 0); ok {
		return r, true
	}
	if !p.t(i).upper {
		return res{}, false
	}
	best, bestEnd := holiday{}, -1
	// The candidate name is built in a stack buffer; a map lookup with
	// string(name) does not allocate.
	var nb [64]byte
	name := append(nb[:0], p.low(i)...)
	for j := i; j < i+5 && j < len(p.toks); j++ {
		if j > i {
			if p.t(j).kind == kPunct && p.low(j) == "'" {
				name = append(name, '\'')
				continue
			}
			if p.low(j-1) != "'" {
				name = append(name, ' ')
			}
			name = append(name, p.low(j)...)
		}
		if h, ok := holidays[string(name)]; ok {
			best, bestEnd = h, j+1
		}
	}
	if bestEnd < 0 {
		return res{}, false
	}
	// "Christmas 2000" is one expression; in "Christmas Eve in 2000" the
	// year is tagged apart but still says which Christmas Eve.
	if y, e, ok := p.yearAt(bestEnd); ok {
		return res{end: e, typ: "DATE", val: fmtYMD(y, best.month, best.day)}, true
	}
	if c := p.low(bestEnd); c == "in" || c == "of" {
		if y, _, ok := p.yearAt(bestEnd + 1); ok {
			return res{end: bestEnd, typ: "DATE", val: fmtYMD(y, best.month, best.day)}, true
		}
	}
	y := 0
	if p.has {
		y = resolveMonth(p.a, best.month, 0, p.tense(i, bestEnd))
	}
	return res{end: bestEnd, typ: "DATE", val: fmtYMD(y, best.month, best.day)}, true
}

// movableHolidays gives, for US holidays defined by a weekday rule, the
// month, weekday and occurrence (n > 0: n-th, n < 0: last).
var movableHolidays = map[string]struct {
	month time.Month
	wd    time.Weekday
	n     int
}{
	"thanksgiving": {time.November, time.Thursday, 4},
	"labor day":    {time.September, time.Monday, 1},
	"memorial day": {time.May, time.Monday, -1},
	"election day": {time.November, time.Tuesday, 0}, // Tuesday after the first Monday
}

func nthWeekday(y int, m time.Month, wd time.Weekday, n int) time.Time {
	if n < 0 {
		d := time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC)
		for d.Weekday() != wd {
			d = d.AddDate(0, 0, -1)
		}
		return d
	}
	if n == 0 { // Election Day
		d := nthWeekday(y, m, time.Monday, 1)
		return d.AddDate(0, 0, 1)
	}
	d := time.Date(y, m, 1, 0, 0, 0, 0, time.UTC)
	for d.Weekday() != wd {
		d = d.AddDate(0, 0, 1)
	}
	return d.AddDate(0, 0, 7*(n-1))
}

// movableHoliday matches a rule-based holiday at i; rel -1 means "last"
// (the latest one before the anchor), 0 the nearest by tense.
func (p *parser) movableHoliday(i int, rel int) (res, bool) {
	if !p.t(i).upper {
		return res{}, false
	}
	name, end := p.low(i), i+1
	if p.low(i+1) == "day" {
		if _, ok := movableHolidays[name+" day"]; ok {
			name, end = name+" day", i+2
		} else if name == "thanksgiving" {
			end = i + 2
		}
	}
	h, ok := movableHolidays[name]
	if !ok {
		return res{}, false
	}
	if !p.has {
		return res{end: end, typ: "DATE", val: "XXXX-" + pad2(int(h.month)) + "-XX"}, true
	}
	y := p.a.Year()
	d := nthWeekday(y, h.month, h.wd, h.n)
	switch {
	case rel < 0 || p.tense(i, end) == dirPast:
		if !d.Before(p.a) {
			d = nthWeekday(y-1, h.month, h.wd, h.n)
		}
	case p.tense(i, end) == dirFuture:
		if d.Before(p.a) {
			d = nthWeekday(y+1, h.month, h.wd, h.n)
		}
	default:
		if d.Sub(p.a) > 120*24*time.Hour {
			d = nthWeekday(y-1, h.month, h.wd, h.n)
		}
	}
	return res{end: end, typ: "DATE", val: fmtDate(d)}, true
}

func isHolidayStart(s string) bool {
	switch s {
	case "christmas", "new", "halloween", "independence", "valentine", "thanksgiving", "labor", "memorial", "election":
		return true
	}
	return false
}

// clock matches "3 p.m.", "10:30 a.m. EST", "14:00".
func (p *parser) clock(i int) (res, bool) {
	h := p.t(i).num
	if p.t(i).ndig > 2 || h > 24 {
		return res{}, false
	}
	j := i + 1
	mi := 0
	hasMin := false
	if p.isPunct(j, ":") && p.glued(j) && p.t(j+1).kind == kNum && p.t(j+1).ndig == 2 && p.glued(j+1) {
		mi = p.t(j + 1).num
		if mi > 59 {
			return res{}, false
		}
		j += 2
		hasMin = true
	}
	ampm := ""
	switch p.low(j) {
	case "a", "p":
		if p.isPunct(j+1, ".") && p.low(j+2) == "m" {
			ampm = p.low(j)
			j += 3
			if p.isPunct(j, ".") && p.glued(j) {
				j++
			}
		}
	case "am", "pm":
		ampm = p.low(j)[:1]
		j++
	case "o":
		if p.low(j+1) == "'" && p.low(j+2) == "clock" {
			j += 3
			ampm = "?"
		}
	case "in":
		// "4 in the morning", "9 in the evening"
		if pod := p.t(j + 2).lx.pod; p.w(j+1) == wThe && pod != 0 && pod != podNI && !hasMin && h >= 1 && h <= 12 {
			ampm = "a"
			if pod != 1 {
				ampm = "p"
			}
			j += 3
		}
	}
	if ampm == "" && !hasMin {
		return res{}, false
	}
	if ampm == "" && hasMin {
		// require a time zone or a time word to accept "10:30"
		if !isTZ(p.low(j)) && p.low(j) != "hours" {
			return res{}, false
		}
	}
	if ampm == "p" && h < 12 {
		h += 12
	}
	if ampm == "a" && h == 12 {
		h = 0
	}
	if h > 23 {
		return res{}, false
	}
	if isTZ(p.low(j)) && p.t(j).upper {
		j++
	}
	date, j := p.clockDay(i, j)
	return res{end: j, typ: "TIME", val: date + "T" + pad2(h) + ":" + pad2(mi)}, true
}

// clockDay reads an optional day after a clock time ("Wednesday", ", Nov.
// 6", "yesterday") and returns the date string and the end index.
func (p *parser) clockDay(i, j int) (string, int) {
	c := j
	if p.isPunct(c, ",") {
		c++
	}
	if p.low(c) == "local" && p.low(c+1) == "time" {
		c += 2
	}
	if p.low(c) == "on" {
		// "3:30 p.m. on Friday": the day dates the time; "Friday" is
		// tagged on its own.
		date, _ := p.clockDay(i, c+1)
		return date, j
	}
	if p.isPunct(c, "(") {
		// "10:35 a.m. (0735 GMT) Friday": likewise past the parenthesis.
		for k := c + 1; k < c+8 && k < len(p.toks); k++ {
			if p.isPunct(k, ")") {
				date, _ := p.clockDay(i, k+1)
				return date, j
			}
		}
	}
	t := p.t(c)
	switch {
	case t.lx.wday != 0 && t.upper && !t.lx.plural && !t.lx.abbr:
		if p.has {
			// A clock time with a weekday is a schedule more often than a
			// report: without a tense cue take the nearest such day.
			dir := p.tense(i, c+1)
			return fmtDate(resolveWeekday(p.a, int(t.lx.wday), dir, false)), c + 1
		}
	case t.lx.month != 0 && t.upper:
		if r, ok := p.monthExpr(c); ok && len(r.val) == 10 {
			return r.val, r.end
		}
	case t.lx.w == wToday || t.lx.w == wYesterday || t.lx.w == wTomorrow:
		if p.has {
			if r, ok := p.dayWord(c); ok && r.typ == "DATE" {
				return r.val, r.end
			}
		}
	}
	// "On Dec. 31, 1999, at 11:59 p.m.": the date just before the time.
	if n := len(p.out); n > 0 && p.out[n-1].Type == "DATE" && len(p.out[n-1].Value) == 10 {
		gap := p.text[p.out[n-1].End:p.t(i).start]
		if len(gap) <= 6 && strings.Trim(gap, " ,at") == "" {
			return p.out[n-1].Value, j
		}
	}
	if p.has {
		return fmtDate(p.a), j
	}
	return "XXXX-XX-XX", j
}

func isTZ(s string) bool {
	switch s {
	case "est", "edt", "et", "gmt", "utc", "pst", "pdt", "cst", "cdt", "mst", "mdt", "bst", "cet":
		return true
	}
	return false
}

func (p *parser) noon(i, end int, d time.Time) (res, bool) {
	hh := "12:00"
	if p.w(i) == wMidnight {
		hh = "24:00"
	}
	date, end := p.clockDay(i, end)
	return res{end: end, typ: "TIME", val: date + "T" + hh}, true
}

func isFunctionWord(s string) bool {
	switch s {
	case "and", "or", "in", "on", "at", "to", "for", "by", "from", "of", "with", "basis", "since", "until", "but", "as", "than", "after", "before":
		return true
	}
	return false
}

// quarterContext reports whether quarterly reporting is being discussed
// near token i ("quarter" or "period" within the preceding 100 tokens or
// later in the sentence).
func (p *parser) quarterContext(i int) bool {
	for k := i - 1; k >= 0 && i-k <= 100; k-- {
		if p.toks[k].lx.unit == uQuarter || p.toks[k].low == "period" {
			return true
		}
	}
	for k := i + 1; k < len(p.toks) && k-i <= 10; k++ {
		if p.toks[k].sentStart {
			break
		}
		if p.toks[k].lx.unit == uQuarter {
			return true
		}
	}
	return false
}

// durVagueVal is the value of an unspecified number of units ("weeks" →
// PXW). Quarters count in months and decades and centuries in years, as
// TimeBank annotates them ("recent quarters" → PXM).
func durVagueVal(u unit) string {
	switch u {
	case uQuarter:
		return "PXM"
	case uDecade, uCentury:
		return "PXY"
	}
	c, _ := u.durCode()
	return durPrefix(u) + "X" + c
}

// spokenYear reads a year written in words: "nineteen ninety-six",
// "nineteen eighty", "two thousand", "two thousand and one".
func (p *parser) spokenYear(i int) (int, int, bool) {
	l := p.t(i).lx
	if !l.isNumw {
		return 0, i, false
	}
	if l.numw >= 11 && l.numw <= 20 && l.numw != 12 {
		tl := p.t(i + 1).lx
		if !tl.isNumw || tl.numw < 20 || tl.numw > 90 || tl.numw%10 != 0 {
			return 0, i, false
		}
		y := int(l.numw)*100 + int(tl.numw)
		j := i + 2
		if p.isPunct(j, "-") && p.glued(j) && p.t(j+1).lx.isNumw && p.t(j+1).lx.numw < 10 {
			y += int(p.t(j + 1).lx.numw)
			j += 2
		}
		return y, j, true
	}
	if l.numw == 2 && p.t(i+1).lx.numw == 1000 && p.t(i+2).lx.unit == uNone {
		y, j := 2000, i+2
		if p.w(j) == wAnd {
			j++
		}
		if n := p.t(j).lx; n.isNumw && n.numw < 20 && p.t(j+1).lx.unit == uNone {
			y += int(n.numw)
			j++
		} else if p.w(i+2) == wAnd {
			j = i + 2
		}
		return y, j, true
	}
	return 0, i, false
}

// relToLast resolves "the following year", "the previous month", "the next
// day" against the reference time: the last date of the unit's granularity
// tagged shortly before token i (see refDate); ok is false when there is
// none.
func (p *parser) relToLast(i, k int, u unit, rel int) (res, bool) {
	s, ok := p.refDate(i, u)
	if !ok {
		return res{}, false
	}
	r := res{end: k + 1, typ: "DATE"}
	switch u {
	case uYear:
		r.val = itoa4(s.Year() + rel)
	case uQuarter:
		t := s.AddDate(0, 3*rel, 0)
		r.val = itoa4(t.Year()) + "-Q" + strconv.Itoa(quarterOf(t.Month()))
	case uMonth:
		t := time.Date(s.Year(), s.Month()+time.Month(rel), 1, 0, 0, 0, 0, time.UTC)
		r.val = fmtYM(t.Year(), int(t.Month()))
	case uDay:
		r.val = fmtDate(s.AddDate(0, 0, rel))
	case uWeek:
		r.val = fmtWeek(s.AddDate(0, 0, 7*rel))
	default:
		return res{}, false
	}
	return r, true
}

// refWindow is how far back, in tokens, an anaphoric expression ("that
// day", "the following month") looks for its reference date.
const refWindow = 150

// refDate returns the start of the reference time for an anaphoric
// expression of unit u at token i: the most recent DATE or TIME tagged
// within refWindow tokens whose value is at least as fine as u ("that
// year" may refer to "June 1998", "that day" only to a day). Vague,
// duration and set values are skipped; a coarser value stops the search,
// since it is the time the text has moved to.
func (p *parser) refDate(i int, u unit) (time.Time, bool) {
	for n := len(p.out) - 1; n >= 0 && n >= len(p.out)-4; n-- {
		x := p.out[n]
		if i-p.tokenAt(x.End) > refWindow {
			break
		}
		if x.Type != "DATE" && x.Type != "TIME" {
			continue
		}
		if k := p.tokenAt(x.Start); comparison(x.Text) && isComparisonPrep(p.low(k-1)) {
			// "rose 9.9% from a year earlier": a point of comparison,
			// not the time the text is about ("Two years ago, he
			// left" is).
			continue
		}
		g := valueGrain(x.Value)
		if g == uNone {
			continue
		}
		if !finerOrEqual(g, u) {
			return time.Time{}, false
		}
		s, _, ok := ValueRange(x.Value)
		if !ok {
			return time.Time{}, false
		}
		return s, true
	}
	return time.Time{}, false
}

// comparison reports whether an expression's text names a point counted
// back for comparison ("a year earlier", "a year ago", "year-earlier").
func comparison(text string) bool {
	n := len(text)
	return n > 7 && (strings.EqualFold(text[n-7:], "earlier") || strings.EqualFold(text[n-3:], "ago"))
}

// isComparisonPrep reports whether s introduces a point of comparison.
func isComparisonPrep(s string) bool {
	switch s {
	case "from", "than", "with", "over", "since":
		return true
	}
	return false
}

// valueGrain is the calendar unit of a specific TIMEX3 date value
// ("1998-10-23" → day, "1998-W43" → week, "1998-Q3" → quarter), or uNone
// for vague, partial and non-date values.
func valueGrain(v string) unit {
	if len(v) < 4 || !isDigits(v[:4]) {
		return uNone
	}
	switch {
	case len(v) == 4:
		return uYear
	case len(v) >= 10 && v[4] == '-' && v[7] == '-' && isDigits(v[5:7]) && isDigits(v[8:10]):
		return uDay
	case len(v) == 7 && v[4] == '-' && isDigits(v[5:7]):
		return uMonth
	case len(v) == 8 && v[5] == 'W' && isDigits(v[6:8]):
		return uWeek
	case len(v) == 7 && v[5] == 'Q' && v[6] >= '1' && v[6] <= '4':
		return uQuarter
	}
	return uNone
}

// finerOrEqual reports whether a value of grain g can serve as the
// reference of an expression of unit u.
func finerOrEqual(g, u unit) bool {
	rank := func(x unit) int {
		switch x {
		case uDay:
			return 0
		case uWeek:
			return 1
		case uMonth:
			return 2
		case uQuarter:
			return 3
		case uYear:
			return 4
		}
		return 5
	}
	if g == uWeek && u != uWeek && u != uYear {
		return false // a week gives no month or quarter
	}
	return rank(g) <= rank(u)
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// anaphor matches "that day", "that same year", "that quarter" (token i is
// "that"): the unit containing the reference time. Without a reference it
// matches nothing, and "that time" is left alone.
func (p *parser) anaphor(i int) (res, bool) {
	k := i + 1
	if p.low(k) == "same" {
		k++
	}
	t := p.t(k)
	switch t.lx.unit {
	case uDay, uWeek, uMonth, uQuarter, uYear:
	default:
		return res{}, false
	}
	if t.lx.plural || p.isPunct(k+1, "-") {
		return res{}, false
	}
	// "the same month of 2001", "the same quarter last year", "that day
	// last week" compare with another time, not the reference.
	switch p.low(k + 1) {
	case "of", "last", "next", "this", "a", "one", "in":
		return res{}, false
	}
	return p.relToLast(i, k, t.lx.unit, 0)
}
