package timex

import "strings"

// tense guesses the direction (dirPast, dirFuture or dirNone) of the clause
// around tokens [i, j): the nearest tense cue inside the sentence wins, the
// left side on ties.
func (p *parser) tense(i, j int) int {
	const window = 12
	if p.deadlineMoved(i) {
		return dirFuture
	}
	left, ld := dirNone, window+1
	for k := i - 1; k >= 0 && i-k <= window; k-- {
		if d := p.cue(k); d != dirNone {
			left, ld = d, i-k
			if d == dirPresent {
				left = dirNone
			}
			break
		}
		if p.toks[k].sentStart {
			break
		}
	}
	right, rd := dirNone, window+1
	for k := j; k < len(p.toks) && k-j < window; k++ {
		if p.toks[k].sentStart {
			break
		}
		if d := p.cue(k); d != dirNone {
			if d == dirPast && k == j+1 && p.low(j) == "," && strings.HasSuffix(p.low(k), "ed") {
				// "Beginning July 1, unleaded petrol will ...": right
				// after the comma no subject has come yet, so a word in
				// -ed is an adjective or a participle, not the verb.
				continue
			}
			right, rd = d, k-j+1
			// A progressive after the expression describes the present
			// ("In October, rains are compounding the drought"); only
			// one governing the expression is a plan.
			if d == dirPresent || d == dirFuture && p.isProgressive(k) {
				right = dirNone
			}
			break
		}
	}
	// The clause of the expression is usually on its left ("met on
	// Monday"); a cue on the right decides only when there is none on the
	// left ("On Monday, officials said").
	if ld <= window {
		return left
	}
	if rd <= window {
		return right
	}
	return dirNone
}

// cue classifies token k as a past or future tense cue.
func (p *parser) cue(k int) int {
	t := &p.toks[k]
	if t.kind != kWord {
		return dirNone
	}
	s := t.low
	switch s {
	case "is", "are", "am", "says", "say", "remains", "remain", "continues", "continue", "runs", "lasts":
		if p.low(k+1) == "to" || p.low(k+1) == "expected" || p.low(k+1) == "scheduled" || p.low(k+1) == "due" || p.low(k+1) == "set" {
			return dirFuture
		}
		// The present progressive with a time expression is a plan:
		// "she is flying to Paris on Monday".
		if p.isProgressive(k) {
			return dirFuture
		}
		return dirPresent
	case "will", "shall", "ll", "wo", "tomorrow", "upcoming", "scheduled", "planning", "plans", "plan", "going", "expected", "expects", "expect", "would", "intends", "hopes", "aims", "set", "due", "forthcoming", "next", "planned", "payable", "effective", "expire", "expires":
		if s == "planned" && p.low(k+1) != "to" {
			// "Protesters planned a demonstration on Saturday": what is
			// planned lies ahead of the plan. ("plans a" and "plan
			// the" are as often the noun.)
			switch p.low(k + 1) {
			case "a", "an", "another", "the":
			default:
				return dirNone
			}
			if p.low(k-1) == "had" { // "had planned a rally": overtaken
				return dirPast
			}
		}
		if (s == "set" || s == "due" || s == "going" || s == "plans" || s == "plan") && p.low(k+1) != "to" {
			return dirNone
		}
		if s == "next" && p.low(k+1) == "to" { // "next to the embassy"
			return dirNone
		}
		// A plan in the past perfect was overtaken: "had been due to
		// expire Friday", "had been scheduled for Monday".
		for b := k - 1; b >= 0 && b >= k-4; b-- {
			if p.low(b) == "been" && (p.low(b-1) == "had" || p.low(b-2) == "had") {
				return dirPast
			}
		}
		if s == "expected" && (p.low(k-1) == "than" || p.low(k-1) == "as") {
			return dirNone
		}
		if s == "ll" && p.low(k-1) != "'" {
			return dirNone
		}
		// "would have been" looks back.
		if s == "would" && p.low(k+1) == "have" {
			return dirPast
		}
		return dirFuture
	case "was", "were", "had", "did", "said", "told", "met", "made", "took", "gave", "came", "went", "saw", "held", "left",
		"began", "spoke", "sold", "bought", "rose", "fell", "won", "lost", "paid", "sent", "brought", "thought", "found", "got",
		"led", "ran", "became", "wrote", "knew", "felt", "kept", "meant", "stood", "struck", "broke", "chose", "drove", "flew",
		"grew", "threw", "wore", "ate", "fought", "sought", "taught", "caught", "spent", "built", "shot", "ago", "yesterday",
		"last", "earlier", "previously", "slid", "froze", "sank", "swung", "fled", "dealt",
		"arose", "rang", "sang", "withdrew", "overtook", "underwent", "ended", "closed":
		switch p.low(p.beforeAdverb(k)) {
		case "be":
			return p.passiveAux(p.beforeAdverb(k))
		case "being", "to", "is", "are", "am":
			// "elections are held on July 20": a present passive
			// carries no past.
			return dirNone
		}
		return dirPast
	}
	if len(s) > 4 && strings.HasSuffix(s, "ed") && !t.upper {
		if b := p.beforeAdverb(k); p.low(b) == "be" {
			return p.passiveAux(b)
		}
		switch p.low(k - 1) {
		case "being", "the", "a", "an", "its", "their", "his", "her", "our", "to", "is", "are":
			return dirNone
		}
		// "a still unspecified date", "the newly elected board": an
		// adjective after a determiner and an adverb.
		if isDeterminer(p.low(k-2)) && (strings.HasSuffix(p.low(k-1), "ly") || p.low(k-1) == "still" || p.low(k-1) == "well" || p.low(k-1) == "long" || p.low(k-1) == "much") {
			return dirNone
		}
		switch s {
		case "need", "speed", "indeed", "proceed", "exceed", "succeed", "embed", "based", "united", "limited", "proposed", "expected", "scheduled", "planned", "supposed", "related", "concerned", "interested", "involved", "used", "unidentified", "unnamed", "armed", "advanced", "detailed", "red", "bed", "feed", "seed", "weed", "breed", "bleed", "greed", "shed", "sled", "shred":
			return dirNone
		}
		return dirPast
	}
	return dirNone
}

// passiveAux gives the direction of a passive whose "be" is token b: the
// participle takes its tense from the auxiliary, so "will be named" and
// "would be paid" (with at most one adverb between: "will soon be named")
// look ahead like "will", and the participle, nearer the expression than
// its auxiliary, carries that direction ("will be named commander of the
// Space Shuttle Columbia for a mission in December"). Other auxiliaries
// ("may be", "to be") give no direction.
func (p *parser) passiveAux(b int) int {
	for a := b - 1; a >= 0 && a >= b-2; a-- {
		switch p.low(a) {
		case "will", "shall", "wo", "would":
			return dirFuture
		case "ll":
			if p.low(a-1) == "'" {
				return dirFuture
			}
			return dirNone
		}
		if !strings.HasSuffix(p.low(a), "ly") && p.low(a) != "also" && p.low(a) != "not" && p.low(a) != "soon" {
			return dirNone
		}
	}
	return dirNone
}

// beforeAdverb returns the index of the token before verb k, skipping one
// adverb in -ly ("be formally appointed").
func (p *parser) beforeAdverb(k int) int {
	if w := p.low(k - 1); len(w) > 3 && strings.HasSuffix(w, "ly") {
		return k - 2
	}
	return k - 1
}

// isDeterminer reports whether s opens a noun phrase.
func isDeterminer(s string) bool {
	switch s {
	case "a", "an", "the", "its", "their", "his", "her", "our", "my", "your", "this", "that", "these", "those":
		return true
	}
	return false
}

// isProgressive reports whether token k is "is", "are" or "am" opening a
// present progressive.
func (p *parser) isProgressive(k int) bool {
	switch p.low(k) {
	case "is", "are", "am":
		return p.progressive(k + 1)
	}
	return false
}

// progressive reports whether token k (or k+1 after an adverb in -ly) is
// an -ing verb form.
func (p *parser) progressive(k int) bool {
	if strings.HasSuffix(p.low(k), "ly") {
		k++
	}
	w := p.low(k)
	if len(w) < 5 || !strings.HasSuffix(w, "ing") || p.t(k).upper {
		return false
	}
	switch w {
	case "nothing", "something", "anything", "everything", "morning", "evening", "during", "thing", "being", "king", "spring",
		// aspectual and stative verbs describe the present, not a plan
		"continuing", "remaining", "trying", "becoming", "getting", "living", "working", "doing", "having", "selling", "running":
		return false
	}
	return true
}

// maxMovedSpan bounds how far before "until"/"through" deadlineMoved looks
// for the verb; the sentence start normally stops it first.
const maxMovedSpan = 40

// deadlineMoved reports whether the expression at token i is the new date
// of something postponed, delayed or extended ("postponed until Tuesday",
// "extended the loans through January", "extended its deadline until 9
// a.m. Tuesday"): that date lies ahead even in a past-tense clause. The
// verb may be anywhere before the preposition in the same sentence, however
// long its object ("has extended Control Data up to $90 million in
// revolving loans through January").
func (p *parser) deadlineMoved(i int) bool {
	for k := i - 1; k >= 0 && i-k <= 5; k-- {
		if p.toks[k].sentStart && k < i-1 {
			return false
		}
		switch p.low(k) {
		case "until", "till", "through", "to":
		default:
			continue
		}
		for v := k - 1; v >= 0 && k-v <= maxMovedSpan; v-- {
			w := p.low(v)
			for _, stem := range [...]string{"postpone", "delay", "extend", "adjourn", "defer", "resched"} {
				if strings.HasPrefix(w, stem) {
					return true
				}
			}
			if p.toks[v].sentStart {
				break
			}
		}
		return false
	}
	return false
}
