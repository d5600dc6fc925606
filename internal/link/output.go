package link

import (
	"sort"
	"strings"
	"time"
)

// Events returns the real-world events of the working set (every event
// linked so far with Options.KeepHistory), in order of first report. Their
// mentions are kept with Options.KeepHistory only; otherwise Flush hands
// each new mention over once, for the caller to store.
func (l *Linker) Events() []Event {
	var evs []*linkedEvent
	if l.opts.KeepHistory {
		evs = l.history
	} else {
		for ev := range l.active {
			evs = append(evs, ev)
		}
		sort.Slice(evs, func(i, j int) bool { return evs[i].id < evs[j].id })
		sort.SliceStable(evs, func(i, j int) bool { return firstSeq(evs[i]) < firstSeq(evs[j]) })
	}
	out := make([]Event, 0, len(evs))
	for _, ev := range evs {
		out = append(out, ev.export())
	}
	return out
}

func firstSeq(ev *linkedEvent) int { return ev.seq0 }

func (ev *linkedEvent) export() Event {
	e := Event{ID: ev.id, Kind: ev.kind, Participants: append([]string(nil), ev.parts...), Place: ev.placeRaw,
		When: ev.when, WhenText: ev.whenText, Status: ev.status, Cluster: ev.cluster.root().id, Story: ev.story.root().id,
		Mentions: append([]Mention(nil), ev.mentions...), Seq: ev.ord}
	for _, p := range ev.parts {
		e.Names = append(e.Names, ev.names[p])
	}
	return e
}

// Stories returns the stories of the working set (every story with
// Options.KeepHistory), in order of creation.
func (l *Linker) Stories() []Story {
	out := make([]Story, 0, len(l.storyLog))
	for _, g := range l.storyLog {
		if g.into != nil {
			continue
		}
		out = append(out, l.exportStory(g))
	}
	return out
}

func (l *Linker) exportStory(g *group) Story {
	s := Story{ID: g.id, Title: l.title(g), Start: g.first, End: g.last, Docs: g.docs, Reports: g.reports,
		Clusters: append([]string(nil), g.clusters...), Seq: g.born}
	evs := make([]goneEvent, 0, len(g.gone)+len(g.events))
	evs = append(evs, g.gone...)
	for _, ev := range g.events {
		evs = append(evs, goneEvent{id: ev.id, start: ev.span.start, ok: ev.span.ok})
	}
	key := func(ev goneEvent) time.Time {
		if ev.ok {
			return ev.start
		}
		return time.Time{}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := key(evs[i]), key(evs[j])
		if a.IsZero() != b.IsZero() {
			return !a.IsZero()
		}
		return a.Before(b)
	})
	for _, ev := range evs {
		s.Events = append(s.Events, ev.id)
	}
	return s
}

// title names a story by its key entities (those most of its articles
// name) and its theme (its heaviest words).
func (l *Linker) title(g *group) string {
	var parts []string
	seen := map[string]bool{}
	for _, id := range g.entsByCount() {
		name := g.names[id]
		if name == "" || seen[name] || len(parts) == 3 {
			continue
		}
		seen[name] = true
		parts = append(parts, name)
	}
	var theme []string
	for _, t := range g.heaviest(24) {
		w := l.word(t)
		if w == "" || strings.ContainsAny(w, "@#:") || nameWord(parts, w) {
			continue
		}
		theme = append(theme, w)
		if len(theme) == 3 {
			break
		}
	}
	title := strings.Join(parts, ", ")
	if len(theme) > 0 {
		if title != "" {
			title += ": "
		}
		title += strings.Join(theme, ", ")
	}
	return title
}

// word returns the feature string of t (a reverse lookup, built lazily).
func (l *Linker) word(t term) string {
	if len(l.voc.rev) != len(l.voc.df) {
		l.voc.rev = make([]string, len(l.voc.df))
		for w, id := range l.voc.ids {
			l.voc.rev[id] = w
		}
	}
	return l.voc.rev[t]
}

func nameWord(names []string, w string) bool {
	for _, n := range names {
		for _, f := range strings.Fields(strings.ToLower(n)) {
			if f == w {
				return true
			}
		}
	}
	return false
}

// Changes is what linking changed since the last Flush: the real-world
// events and stories to store again (complete, names resolved, mentions
// left out: Mentions holds the new ones), and the canonical names of the
// entities the articles named (when the Linker assigns canonical ids
// itself). Merges come with each Add's Result.
type Changes struct {
	Events   []Event
	Stories  []Story
	Mentions []Mention
	Names    map[string]string
}

// Flush returns the changes since the last Flush (since New or Restore
// for the first) and forgets them. Events and stories come in order of
// creation; a story merged into another is left out (the merge names it).
func (l *Linker) Flush() Changes {
	var ch Changes
	if l.index != nil && len(l.dirtyEnt) > 0 {
		ch.Names = l.index.Names(l.dirtyEnt)
	}
	evs := make([]*linkedEvent, 0, len(l.dirtyEv))
	for ev := range l.dirtyEv {
		evs = append(evs, ev)
	}
	sort.Slice(evs, func(i, j int) bool { return evs[i].ord < evs[j].ord })
	for _, ev := range evs {
		e := ev.export()
		e.Mentions = nil
		for i, p := range e.Participants {
			if n := ch.Names[p]; n != "" {
				e.Names[i] = n
			}
		}
		ch.Events = append(ch.Events, e)
	}
	sts := make([]*group, 0, len(l.dirtyStory))
	for g := range l.dirtyStory {
		if g.into == nil {
			sts = append(sts, g)
		}
	}
	sort.Slice(sts, func(i, j int) bool { return sts[i].born < sts[j].born })
	for _, g := range sts {
		ch.Stories = append(ch.Stories, l.exportStory(g))
	}
	ch.Mentions = l.mentions
	l.mentions = nil
	clear(l.dirtyEv)
	clear(l.dirtyStory)
	clear(l.dirtyEnt)
	return ch
}
