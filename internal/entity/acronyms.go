package entity

import "unicode"

// findAcronyms finds names introduced with an acronym in parentheses
// ("the Democratic Progressive Party (DPP)", "Kuomintang (KMT)") and
// returns, for each acronym's normalised form, the normalised full name,
// so that later mentions of the acronym join the full name. A full name
// the tagger missed becomes a mention, typed as the acronym's mention
// (ORG when untagged). The acronym must match the initials of the full
// name's capitalised words, or the full name must be one word.
func (a *analysis) findAcronyms() map[string]string {
	var alias map[string]string
	var added []*mention
	for i := 1; i+2 < len(a.toks); i++ {
		if a.toks[i].Text != "(" || a.toks[i+2].Text != ")" || !isAcronym(a.toks[i+1].Text) {
			continue
		}
		acr := a.toks[i+1].Text
		full := a.covered(i - 1)
		if full != nil && (full.t1 != i || full.typ == "PER" || full.source) {
			continue
		}
		if full == nil {
			start := i
			for start > 0 && i-start < 8 && a.nameWord(start-1) {
				start--
				if a.sentEndBefore(start) {
					break // a name may open a sentence, nothing before it
				}
			}
			for start < i && (!isCapitalised(a.toks[start].Text) || determiners[a.low[start]]) {
				start++ // "The", "of", "and" cannot open a name
			}
			if start == i || a.anyCovered(start, i) {
				continue
			}
			typ := "ORG"
			if am := a.covered(i + 1); am != nil && am.typ != "PER" {
				typ = am.typ
			}
			full = &mention{typ: typ, ent: -1}
			a.setSpan(full, start, i)
			added = append(added, full)
		}
		if !initialsMatch(acr, a.txt[full.start:full.end]) && len(full.toks) > 1 {
			continue
		}
		if alias == nil {
			alias = map[string]string{}
		}
		alias[normName(acr)] = full.norm
	}
	for _, m := range added {
		a.insert(m)
	}
	return alias
}

// nameWord reports whether token i may stand inside an organisation's
// name: a capitalised word or a connector ("of", "for", "and", "the").
func (a *analysis) nameWord(i int) bool {
	switch a.low[i] {
	case "of", "for", "and", "the", "on", "de":
		return true
	}
	return isCapitalised(a.toks[i].Text) && isWordToken(a.toks[i].Text)
}

// sentEndBefore reports whether token i opens a sentence.
func (a *analysis) sentEndBefore(i int) bool { return i == 0 || a.sentEnd[i-1] }

// isAcronym reports whether w looks like an acronym: two to eight
// characters, capital letters (and digits or "&"), at least two letters.
func isAcronym(w string) bool {
	if len(w) < 2 || len(w) > 8 {
		return false
	}
	letters := 0
	for _, r := range w {
		switch {
		case r >= 'A' && r <= 'Z':
			letters++
		case r >= '0' && r <= '9', r == '&':
		default:
			return false
		}
	}
	return letters >= 2
}

// initialsMatch reports whether acr spells the initials of the capitalised
// words of name ("NATO", "North Atlantic Treaty Organization"), in order,
// allowing initials the acronym skips.
func initialsMatch(acr, name string) bool {
	var initials []rune
	word := true
	for _, r := range name {
		if unicode.IsSpace(r) || r == '-' {
			word = true
			continue
		}
		if word && unicode.IsUpper(r) {
			initials = append(initials, r)
		}
		word = false
	}
	j := 0
	for _, r := range acr {
		if r < 'A' || r > 'Z' {
			continue
		}
		for j < len(initials) && initials[j] != r {
			j++
		}
		if j == len(initials) {
			return false
		}
		j++
	}
	return len(initials) > 0 && initials[0] == rune(acr[0])
}
