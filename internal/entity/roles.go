package entity

import "strings"

// maxRoleWords bounds the length of a role phrase.
const maxRoleWords = 9

// findRoles gives each person mention the role the text attaches to it:
// a title phrase right before the name ("US Secretary of State Antony
// Blinken", "Chinese Foreign Ministry spokesperson Wang Wenbin", "China's
// top diplomat, Wang Yi") or an appositive right after it ("Lin Jian, a
// spokesperson for the Chinese Foreign Ministry,"). A role phrase must
// contain a role noun (roleNouns); the words between its last role noun
// and the name may only be an "of" phrase ("Secretary of State").
func (a *analysis) findRoles() {
	for _, m := range a.ms {
		if m.typ != "PER" || m.roleOnly {
			continue
		}
		if r := a.roleBefore(m); r != "" {
			m.role = r
		} else if m.role == "" {
			m.role = a.roleAfter(m)
		}
	}
}

// roleWord reports whether token i may stand inside a role phrase.
func (a *analysis) roleWord(i int) bool {
	t := a.toks[i].Text
	l := a.lower(i)
	if roleNouns[l] || roleModifiers[l] || isNationality(l) || isPossessive(t) {
		return true
	}
	if l == "of" || l == "for" {
		return true
	}
	if !isCapitalised(t) {
		return false
	}
	if o := a.covered(i); o != nil {
		return o.typ != "PER" || o.source
	}
	// an untagged capitalised word opening a sentence is most likely not
	// part of a title ("Yesterday", "But")
	return i > 0 && !a.sentEnd[i-1]
}

// roleBefore returns the title phrase right before m, or "".
func (a *analysis) roleBefore(m *mention) string {
	end := m.t0 // exclusive
	if end > 0 && a.toks[end-1].Text == "," {
		// "China's top diplomat, Wang Yi, said": an appositive name,
		// closed by a comma or the sentence end
		end--
		if end == 0 || !roleNouns[a.lower(end-1)] || !a.appositiveName(end) {
			return ""
		}
	}
	start := end
	for start > 0 && end-start < maxRoleWords && !a.sentEnd[start-1] && a.roleWord(start-1) {
		start--
	}
	return a.rolePhrase(start, end, true)
}

// rolePhrase checks tokens [start, end) as a role phrase and returns its
// text, or "". With nameAfter, trailing words after the last role noun
// must form an "of" phrase.
func (a *analysis) rolePhrase(start, end int, nameAfter bool) string {
	// leading connectors and possessive markers cannot open a role
	for start < end {
		l := a.lower(start)
		if l == "of" || l == "for" || isPossessive(a.toks[start].Text) {
			start++
			continue
		}
		break
	}
	last := -1
	for i := start; i < end; i++ {
		if roleNouns[a.lower(i)] {
			last = i
		}
	}
	if last < 0 {
		return ""
	}
	if nameAfter && last+1 < end {
		if l := a.lower(last + 1); l != "of" && l != "for" {
			end = last + 1
		}
	}
	for i := last + 1; i < end; i++ {
		if a.isPerson(i) {
			end = last + 1 // "head of the Clinton campaign": not a title
		}
	}
	for end > last+1 { // "head of": a connector cannot close a role
		if l := a.lower(end - 1); l == "of" || l == "for" || l == "the" {
			end--
			continue
		}
		break
	}
	// a possessive must follow a name: "China's top diplomat"
	if isPossessive(a.toks[start].Text) {
		return ""
	}
	return displayName(a.txt[a.toks[start].Start:a.toks[end-1].End])
}

// roleAfter returns an appositive role right after m: ", a spokesperson
// for the Chinese Foreign Ministry," or "".
func (a *analysis) roleAfter(m *mention) string {
	i := m.t1
	if i >= len(a.toks) || a.toks[i].Text != "," {
		return ""
	}
	i++
	if i < len(a.toks) && determiners[a.lower(i)] {
		i++
	}
	start := i
	head := -1
	for i < len(a.toks) && i-start < maxRoleWords {
		if a.isPerson(i) {
			return "" // the phrase introduces another person: "X, former secretary of state Y"
		}
		l := a.lower(i)
		if roleNouns[l] {
			head = i
		} else if head < 0 && !(roleModifiers[l] || isNationality(l) || isPossessive(a.toks[i].Text) || isCapitalised(a.toks[i].Text)) {
			return ""
		} else if head >= 0 && !(l == "of" || l == "for" || l == "the" || l == "at" || l == "to" || roleModifiers[l] || isCapitalised(a.toks[i].Text) || isNationality(l)) {
			break
		}
		if a.sentEnd[i] {
			break
		}
		i++
	}
	if head < 0 {
		return ""
	}
	end := i
	if end < len(a.toks) && a.sentEnd[end] && end > head {
		end-- // leave the full stop out
	}
	for end > head+1 {
		l := a.lower(end - 1)
		if l == "of" || l == "for" || l == "the" || l == "at" || l == "to" || !isWordToken(a.toks[end-1].Text) {
			end--
			continue
		}
		break
	}
	if end <= head {
		end = head + 1
	}
	return a.rolePhrase(start, end, false)
}

// roleClass is the kind of office a role names, for matching a role-only
// mention with a named person: "diplomat" (foreign ministers, secretaries
// of state, envoys), "leader" (heads of state and government), or the
// role's last role noun.
func roleClass(words []string) string {
	has := func(w string) bool {
		for _, x := range words {
			if x == w {
				return true
			}
		}
		return false
	}
	switch {
	case has("diplomat") || has("envoy") || has("secretary") && has("state") || has("foreign") && has("minister"):
		return "diplomat"
	case (has("president") || has("leader") || has("premier") || has("chancellor") || has("prime") && has("minister")) && !has("vice") && !has("deputy"):
		return "leader"
	}
	for i := len(words) - 1; i >= 0; i-- {
		if roleNouns[words[i]] && words[i] != "counterpart" {
			return words[i]
		}
	}
	return ""
}

// roleCountries returns the ISO codes of the nations a role names ("US
// Secretary of State", "China's top diplomat", "Chinese counterpart").
func (a *analysis) roleCountries(words []string) []string {
	var out []string
	for _, w := range words {
		if p, ok := a.gaz.demonym(w); ok {
			out = append(out, p.CountryCode)
		} else if p, ok := a.gaz.country(w); ok {
			out = append(out, p.CountryCode)
		}
	}
	return out
}

func roleWords(role string) []string {
	return strings.Fields(roleSplitter.Replace(normName(role)))
}

// roleSplitter splits possessives and hyphenated words of a normalised role.
var roleSplitter = strings.NewReplacer("'s", " ", "-", " ")

// findRoleMentions adds role-only mentions ("the top US diplomat", "The US
// Secretary of State", "the Chinese leader"): a definite phrase naming a
// nation and a role noun, not followed by a name, whose nation and role
// class match exactly one person of the article mentioned before it with a
// role. Bare roles without a nation ("the diplomat") are left alone: the
// article rarely makes them unambiguous.
func (a *analysis) findRoleMentions() {
	type cand struct {
		g     *group
		cls   map[string]bool
		ccs   map[string]bool
		first int
	}
	var persons []cand
	for _, g := range a.ents {
		if g.typ != "PER" {
			continue
		}
		c := cand{g: g, cls: map[string]bool{}, ccs: map[string]bool{}, first: len(a.txt)}
		for _, m := range g.ms {
			c.first = min(c.first, m.start)
			if m.role == "" {
				continue
			}
			w := roleWords(m.role)
			if cl := roleClass(w); cl != "" {
				c.cls[cl] = true
			} else if cl := a.counterpartClass(m, w); cl != "" {
				c.cls[cl] = true
			}
			for _, cc := range a.roleCountries(w) {
				c.ccs[cc] = true
			}
		}
		if len(c.cls) > 0 && len(c.ccs) > 0 {
			persons = append(persons, c)
		}
	}
	if len(persons) == 0 {
		return
	}
	var added []*mention
	for i := 0; i+2 < len(a.toks); i++ {
		if a.lower(i) != "the" || a.covered(i+1) != nil && a.covered(i+1).typ == "PER" {
			continue
		}
		j := i + 1
		head := -1
		for j < len(a.toks) && j-i <= 6 && (a.roleWord(j) || isNationality(a.lower(j))) && (a.covered(j) == nil || a.covered(j).typ != "PER") {
			if roleNouns[a.lower(j)] {
				head = j
			}
			j++
		}
		if head < 0 {
			continue
		}
		end := head + 1
		if end+1 < len(a.toks) && a.lower(end) == "of" && isCapitalised(a.toks[end+1].Text) {
			end += 2 // "Secretary of State"
		}
		if end < len(a.toks) && (isCapitalised(a.toks[end].Text) && !a.sentEnd[end-1] || a.appositiveName(end)) {
			continue // a name follows: "the Chinese President Xi", "the minister, Wang Yi, said"
		}
		words := roleWords(a.txt[a.toks[i+1].Start:a.toks[end-1].End])
		cls, ccs := roleClass(words), a.roleCountries(words)
		if cls == "" || len(ccs) != 1 {
			continue
		}
		var match *group
		n := 0
		for _, p := range persons {
			if !p.ccs[ccs[0]] || !(p.cls[cls] || cls == "minister" && p.cls["diplomat"]) {
				continue
			}
			if p.first > a.toks[i].Start {
				continue
			}
			match = p.g
			n++
		}
		if n != 1 {
			continue
		}
		m := &mention{typ: "PER", ent: -1, roleOnly: true}
		a.setSpan(m, i, end)
		m.role = displayName(a.txt[a.toks[i+1].Start:a.toks[end-1].End])
		a.join(match, m)
		added = append(added, m)
		i = end - 1
	}
	for _, m := range added {
		a.insert(m)
	}
}

// appositiveName reports whether token i is a comma opening an appositive
// name: ", Wang Yi," or ", Wang Yi." rather than a new clause.
func (a *analysis) appositiveName(i int) bool {
	if a.toks[i].Text != "," || i+1 >= len(a.toks) {
		return false
	}
	m := a.covered(i + 1)
	if m == nil || m.typ != "PER" || m.t0 != i+1 {
		return false
	}
	return m.t1 >= len(a.toks) || a.toks[m.t1].Text == "," || a.sentEnd[m.t1-1]
}

// isPerson reports whether token i lies in a person mention.
func (a *analysis) isPerson(i int) bool {
	m := a.covered(i)
	return m != nil && m.typ == "PER" && !m.source
}

// counterpartClass returns, for a "counterpart" role ("his Turkish
// counterpart Recep Tayyip Erdogan"), the role class of the person it is
// the counterpart of: the nearest person with a role before m in its
// sentence ("Russian President Vladimir Putin").
func (a *analysis) counterpartClass(m *mention, words []string) string {
	if !containsString(words, "counterpart") && !containsString(words, "counterparts") {
		return ""
	}
	for j := len(a.ms) - 1; j >= 0; j-- {
		o := a.ms[j]
		if o.start >= m.start {
			continue
		}
		for k := o.t1; k < m.t0; k++ {
			if a.sentEnd[k] {
				return ""
			}
		}
		if o.typ == "PER" && o.ent != m.ent && o.role != "" {
			if cl := roleClass(roleWords(o.role)); cl != "" {
				return cl
			}
		}
	}
	return ""
}
