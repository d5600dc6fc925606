package link

import (
	"fmt"
	"math"
	"slices"
	"testing"
)

// unitVec is the unit vector over the vocabulary's terms for words, each
// weighing 1 (terms in order).
func unitVec(l *Linker, words ...string) vec {
	v := make(vec, 0, len(words))
	for _, w := range words {
		v = append(v, tw{l.voc.id(w), 1})
	}
	slices.SortFunc(v, func(a, b tw) int { return int(a.t) - int(b.t) })
	n := float32(1 / math.Sqrt(float64(len(v))))
	for i := range v {
		v[i].w *= n
	}
	return v
}

// refineFixture builds a story whose clusters hold the given members:
// each cluster is a list of topics ("a" or "b"), each article's vector
// drawn from that topic's words (with a word of its own, so that no two
// articles are the same).
func refineFixture(l *Linker, clusters ...[]string) (*group, []*group) {
	topic := map[string][]string{
		"a": {"quake", "island", "iran", "magnitude", "qeshm", "injured"},
		"b": {"coach", "fired", "sixers", "season", "cheeks", "philadelphia"},
		// one kind of event, two instances: the same words, other places
		// and people (entity features)
		"i": {"quake", "island", "magnitude", "injured", "struck", "@iran", "@qeshm", "@alishvandi"},
		"j": {"quake", "island", "magnitude", "injured", "struck", "@indonesia", "@aceh", "@yudhoyono"},
		// one event, its reports naming its people unevenly
		"k": {"quake", "island", "magnitude", "injured", "struck", "@iran", "@qeshm"},
	}
	s := newGroup("st-test")
	l.stories.reindex(s)
	var cs []*group
	n := 0
	for i, members := range clusters {
		c := newGroup(fmt.Sprintf("cl-%d", i))
		c.born, c.story = i+1, s
		for _, t := range members {
			n++
			words := append(append([]string(nil), topic[t]...), fmt.Sprintf("own%d", n))
			m := member{doc: fmt.Sprintf("%s%d", t, n), v: unitVec(l, words...)}
			c.addMember(m, l.voc.ent)
			s.addMember(m, l.voc.ent)
		}
		s.members = nil
		s.clusters = append(s.clusters, c.id)
		l.clusters.reindex(c)
		cs = append(cs, c)
	}
	return s, cs
}

func TestRefine(t *testing.T) {
	tests := []struct {
		name      string
		clusters  [][]string
		want      [][]string // topics of each non-empty cluster afterwards, sorted
		moves     int
		merges    int
		storyClus int
	}{
		{"two events merged early are split", [][]string{{"a", "b", "a", "b", "a", "b", "a", "b"}},
			[][]string{{"a", "a", "a", "a"}, {"b", "b", "b", "b"}}, 4, 0, 2},
		{"too few to split", [][]string{{"a", "b", "a", "b", "a", "b"}},
			[][]string{{"a", "a", "a", "b", "b", "b"}}, 0, 0, 1},
		{"an article that came early moves to its event", [][]string{{"a", "a", "a", "b"}, {"b", "b", "b"}},
			[][]string{{"a", "a", "a"}, {"b", "b", "b", "b"}}, 1, 0, 2},
		{"a cluster left empty is merged", [][]string{{"a", "a", "a"}, {"a"}},
			[][]string{{"a", "a", "a", "a"}}, 1, 1, 1},
		{"the same kind of event with other protagonists is split", [][]string{{"i", "j", "i", "j", "i", "j", "i", "j"}},
			[][]string{{"i", "i", "i", "i"}, {"j", "j", "j", "j"}}, 4, 0, 2},
		{"one event named unevenly stays whole", [][]string{{"i", "k", "i", "k", "i", "k", "i", "k"}},
			[][]string{{"i", "i", "i", "i", "k", "k", "k", "k"}}, 0, 0, 1},
		{"settled clusters stay", [][]string{{"a", "a", "a"}, {"b", "b"}},
			[][]string{{"a", "a", "a"}, {"b", "b"}}, 0, 0, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := New(Options{})
			s, _ := refineFixture(l, tt.clusters...)
			ref := l.Refine()
			if len(ref.Moves) != tt.moves || len(ref.Merges) != tt.merges {
				t.Errorf("moves %v, merges %v; want %d and %d", ref.Moves, ref.Merges, tt.moves, tt.merges)
			}
			var got [][]string
			docs := 0
			var live []*group
			for c := range l.clusters.active {
				if c.story == s && len(c.members) > 0 {
					live = append(live, c)
				}
			}
			slices.SortFunc(live, func(a, b *group) int { return a.born - b.born })
			for _, c := range live {
				var topics []string
				for _, m := range c.members {
					topics = append(topics, m.doc[:1])
				}
				slices.Sort(topics)
				got = append(got, topics)
				docs += c.docs
				if c.docs != len(c.members) {
					t.Errorf("%s counts %d articles, holds %d", c.id, c.docs, len(c.members))
				}
			}
			want := 0
			for _, c := range tt.clusters {
				want += len(c)
			}
			if docs != want {
				t.Errorf("%d articles after refining, want %d", docs, want)
			}
			slices.SortFunc(got, slices.Compare)
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("clusters %v, want %v", got, tt.want)
			}
			if len(s.clusters) != tt.storyClus {
				t.Errorf("story lists clusters %v, want %d", s.clusters, tt.storyClus)
			}
			// a second Refine changes nothing
			if again := l.Refine(); len(again.Moves)+len(again.Merges) != 0 {
				t.Errorf("second Refine: %+v", again)
			}
		})
	}
}

// TestNewVersionReplacesOld checks that linking a new version of an
// article (the same id) replaces the earlier one in its cluster and
// story instead of counting the article twice, and that Refine then sees
// it once.
func TestNewVersionReplacesOld(t *testing.T) {
	docs := ingestDocs(t, "../../examples")
	l := New(Options{})
	for _, d := range docs {
		l.Add(d, nil)
	}
	count := func() (members, storyDocs int) {
		seen := map[*group]bool{}
		for c := range l.clusters.active {
			members += len(c.members)
			if s := c.story.root(); !seen[s] {
				seen[s] = true
				storyDocs += s.docs
			}
		}
		return members, storyDocs
	}
	m0, s0 := count()
	if m0 != len(docs) || s0 != len(docs) {
		t.Fatalf("before: %d members, %d story articles, want %d", m0, s0, len(docs))
	}
	for _, i := range []int{0, len(docs) - 1, 0} {
		a := *docs[i].Article
		a.Text += "\n\nThis article was updated."
		d := *docs[i]
		d.Article = &a
		l.Add(&d, nil)
		if m, s := count(); m != len(docs) || s != len(docs) {
			t.Errorf("after a new version of %s: %d members, %d story articles, want %d", a.ID, m, s, len(docs))
		}
	}
	l.Refine()
	if m, _ := count(); m != len(docs) {
		t.Errorf("after Refine: %d members, want %d", m, len(docs))
	}
}

// TestEvictionSplits checks that a cluster leaving the working set by age
// is split as Refine would split it (Refine only sees the clusters that
// stay), and that the Add whose eviction split it reports the moves.
func TestEvictionSplits(t *testing.T) {
	tests := []struct {
		name     string
		members  []string
		opts     Options
		moved    int
		movedTop string // topic of the moved articles
	}{
		{"two instances of one kind of event", []string{"i", "j", "i", "j", "i", "j", "i", "j"}, Options{}, 4, "j"},
		{"one event named unevenly", []string{"i", "k", "i", "k", "i", "k", "i", "k"}, Options{}, 0, ""},
		{"splitting turned off", []string{"i", "j", "i", "j", "i", "j", "i", "j"}, Options{SplitMin: -1}, 0, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := New(tt.opts)
			_, cs := refineFixture(l, tt.members)
			old := cs[0]
			old.spanDates(date("2020-01-10"))
			for _, m := range old.members {
				l.memberOf[m.doc] = old
			}
			// unrelated news, months later, until the eviction runs
			var moves []Move
			for i := 0; l.seq < 64; i++ {
				r := l.Add(doc(fmt.Sprintf("n%d", i), "2021-03-01", fmt.Sprintf("Budget item %d", i),
					fmt.Sprintf("The council debated budget line %d for the district, item %d.", i, i*7)), nil)
				if len(r.Moves) > 0 && l.seq != 64 {
					t.Fatalf("moves reported by Add %d, before any eviction", l.seq)
				}
				moves = append(moves, r.Moves...)
			}
			if !old.evicted {
				t.Fatal("test set-up: the old cluster was not evicted")
			}
			if len(moves) != tt.moved {
				t.Fatalf("moves %v, want %d", moves, tt.moved)
			}
			into := map[string]bool{}
			for _, m := range moves {
				if m.From != old.id || m.Doc[:1] != tt.movedTop {
					t.Errorf("move %+v: want a %q article out of %s", m, tt.movedTop, old.id)
				}
				into[m.Into] = true
			}
			if len(into) > 1 {
				t.Errorf("moved into %d clusters, want one", len(into))
			}
			for _, m := range old.members {
				if l.memberOf[m.doc] != nil {
					t.Errorf("%s still mapped to a cluster after eviction", m.doc)
				}
			}
		})
	}
}
