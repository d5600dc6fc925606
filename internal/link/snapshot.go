package link

import (
	"bytes"
	"compress/flate"
	"encoding/gob"
	"fmt"
	"io"
	"slices"
	"sort"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/storyline-news/storyline/internal/entity"
)

// snapshotVersion is bumped when the encoding changes; Restore refuses
// other versions (the caller then relinks from scratch).
const snapshotVersion = 2

// linkerSnap is the gob form of a Linker. Groups and events, which point
// at each other, are numbered; -1 is nil.
type linkerSnap struct {
	Version  int
	Seq, Nev int
	Newest   time.Time
	Words    []string // vocabulary, by term
	DF       []int32
	Docs     int
	Groups   []groupSnap
	Clusters []int // active groups of each index
	Stories  []int
	Near     []int
	DupBands map[uint64][]int
	DupEnts  map[int]dupSnap
	DupNext  int
	Events   []eventSnap
	ByPart   map[string][]int
	Active   []int
	History  []int
	StoryLog []int
	Index    []byte // the Linker's own entity index, when it has one
}

type groupSnap struct {
	ID              string
	Seq, Born       int
	First, Last     time.Time
	Docs, Reports   int
	Keys            []term
	Wts             []float64
	Norm, NormEnt   float64
	Indexed         []term
	Story           int
	Into, Owner     int
	Clusters        []string
	Ents            map[string]int
	Names           map[string]string
	Events          []int
	Gone            []goneSnap
	Evicted         bool
	Years           map[int]int
	HasStory, Valid bool
	Members         []memberSnap
}

type memberSnap struct {
	Doc   string
	Terms []term
	Wts   []float32
	Date  time.Time
	Dup   bool
	Ents  []string
	Year  int
}

type goneSnap struct {
	ID    string
	Start time.Time
	OK    bool
}

type dupSnap struct {
	FP   uint64
	Doc  string
	Seq  int
	Date time.Time
}

type eventSnap struct {
	ID, Kind, Family string
	Parts            []string
	Names            map[string]string
	Place, PlaceRaw  string
	When, WhenText   string
	SpanStart        time.Time
	SpanEnd          time.Time
	SpanHard, SpanOK bool
	Status           string
	StatusAt         time.Time
	StatusSq         int
	Cluster, Story   int
	Mentions         []Mention
	Seq, Seq0, Ord   int
	Last             time.Time
	Evicted          bool
}

// MarshalBinary encodes the Linker's whole state (working set, vocabulary
// and document frequencies, indexes, near-duplicate fingerprints, its own
// entity index, counters), compressed with zstd. Changes not yet taken by Flush are
// not part of it: flush first. A Linker restored from it (Restore) makes
// the same decisions on the same later Add calls as this one.
func (l *Linker) MarshalBinary() ([]byte, error) {
	s := linkerSnap{Version: snapshotVersion, Seq: l.seq, Nev: l.nev, Newest: l.newest, DF: l.voc.df, Docs: l.voc.docs,
		DupBands: l.dups.bands, DupNext: l.dups.next, ByPart: map[string][]int{},
		DupEnts: make(map[int]dupSnap, len(l.dups.entries))}
	s.Words = make([]string, len(l.voc.df))
	for w, t := range l.voc.ids {
		s.Words[t] = w
	}
	for id, e := range l.dups.entries {
		s.DupEnts[id] = dupSnap{e.fp, e.doc, e.seq, e.date}
	}

	// number every group and event reachable from the Linker
	gn := map[*group]int{}
	en := map[*linkedEvent]int{}
	var groups []*group
	var events []*linkedEvent
	var addG func(g *group) int
	var addE func(ev *linkedEvent) int
	addG = func(g *group) int {
		if g == nil {
			return -1
		}
		if i, ok := gn[g]; ok {
			return i
		}
		gn[g] = len(groups)
		groups = append(groups, g)
		addG(g.story)
		addG(g.into)
		addG(g.owner)
		for _, ev := range g.events {
			addE(ev)
		}
		return gn[g]
	}
	addE = func(ev *linkedEvent) int {
		if i, ok := en[ev]; ok {
			return i
		}
		en[ev] = len(events)
		events = append(events, ev)
		addG(ev.cluster)
		addG(ev.story)
		return en[ev]
	}
	ids := func(x *groupIndex) []int {
		act := make([]*group, 0, len(x.active))
		for g := range x.active {
			act = append(act, g)
		}
		sort.Slice(act, func(i, j int) bool {
			return act[i].born < act[j].born || act[i].born == act[j].born && act[i].id < act[j].id
		})
		out := make([]int, len(act))
		for i, g := range act {
			out[i] = addG(g)
		}
		return out
	}
	s.Clusters, s.Stories, s.Near = ids(l.clusters), ids(l.stories), ids(l.near)
	for _, g := range l.storyLog {
		s.StoryLog = append(s.StoryLog, addG(g))
	}
	act := make([]*linkedEvent, 0, len(l.active))
	for ev := range l.active {
		act = append(act, ev)
	}
	sort.Slice(act, func(i, j int) bool { return act[i].ord < act[j].ord })
	for _, ev := range act {
		s.Active = append(s.Active, addE(ev))
	}
	for _, ev := range l.history {
		s.History = append(s.History, addE(ev))
	}
	for p, evs := range l.events {
		out := make([]int, len(evs))
		for i, ev := range evs {
			out[i] = addE(ev)
		}
		s.ByPart[p] = out
	}
	// groups and events may grow while encoding earlier ones: loop by index
	for i := 0; i < len(groups); i++ {
		g := groups[i]
		gs := groupSnap{ID: g.id, Seq: g.seq, Born: g.born, First: g.first, Last: g.last, Docs: g.docs, Reports: g.reports,
			Keys: g.keys, Wts: g.wts, Norm: g.norm, NormEnt: g.normEnt, Indexed: g.indexed, Story: addG(g.story),
			Into: addG(g.into), Owner: addG(g.owner), Clusters: g.clusters, Ents: g.ents, Names: g.names,
			Evicted: g.evicted, Years: g.years, Valid: true}
		for _, ev := range g.events {
			gs.Events = append(gs.Events, addE(ev))
		}
		for _, ge := range g.gone {
			gs.Gone = append(gs.Gone, goneSnap{ge.id, ge.start, ge.ok})
		}
		for _, m := range g.members {
			ms := memberSnap{Doc: m.doc, Date: m.date, Dup: m.dup, Ents: m.ents, Year: m.year,
				Terms: make([]term, len(m.v)), Wts: make([]float32, len(m.v))}
			for k, x := range m.v {
				ms.Terms[k], ms.Wts[k] = x.t, x.w
			}
			gs.Members = append(gs.Members, ms)
		}
		s.Groups = append(s.Groups, gs)
	}
	for i := 0; i < len(events); i++ {
		ev := events[i]
		s.Events = append(s.Events, eventSnap{ID: ev.id, Kind: ev.kind, Family: ev.family, Parts: ev.parts, Names: ev.names,
			Place: ev.place, PlaceRaw: ev.placeRaw, When: ev.when, WhenText: ev.whenText, SpanStart: ev.span.start,
			SpanEnd: ev.span.end, SpanHard: ev.span.hard, SpanOK: ev.span.ok, Status: ev.status, StatusAt: ev.statusAt,
			StatusSq: ev.statusSq, Cluster: addG(ev.cluster), Story: addG(ev.story), Mentions: ev.mentions, Seq: ev.seq,
			Seq0: ev.seq0, Ord: ev.ord, Last: ev.last, Evicted: ev.evicted})
	}
	// events added late may have added groups
	for i := len(s.Groups); i < len(groups); i++ {
		return nil, fmt.Errorf("encode linker: group %s reached only through an event's group", groups[i].id)
	}
	if l.index != nil {
		b, err := l.index.MarshalBinary()
		if err != nil {
			return nil, err
		}
		s.Index = b
	}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(&s); err != nil {
		return nil, fmt.Errorf("encode linker: %w", err)
	}
	if l.zenc == nil {
		// one goroutine: the snapshot is compressed on the caller's
		// thread, where its cost is counted
		enc, err := zstd.NewWriter(nil, zstd.WithEncoderLevel(zstd.SpeedFastest), zstd.WithEncoderConcurrency(1))
		if err != nil {
			return nil, fmt.Errorf("encode linker: %w", err)
		}
		l.zenc = enc
	}
	return l.zenc.EncodeAll(buf.Bytes(), make([]byte, 0, buf.Len()/3)), nil
}

// zstdMagic starts every zstd frame; snapshots written before zstd was
// used are deflate streams, which never start with it.
var zstdMagic = []byte{0x28, 0xb5, 0x2f, 0xfd}

// decompress returns the gob stream of a snapshot, zstd or (older ones)
// deflate.
func decompress(data []byte) (io.Reader, error) {
	if !bytes.HasPrefix(data, zstdMagic) {
		return flate.NewReader(bytes.NewReader(data)), nil
	}
	dec, err := zstd.NewReader(nil, zstd.WithDecoderConcurrency(1))
	if err != nil {
		return nil, err
	}
	defer dec.Close()
	raw, err := dec.DecodeAll(data, nil)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(raw), nil
}

// Restore returns the Linker that data (MarshalBinary) encodes, tuned by
// opts (which should be the options it ran with).
func Restore(data []byte, opts Options) (*Linker, error) {
	var s linkerSnap
	zr, err := decompress(data)
	if err != nil {
		return nil, fmt.Errorf("decode linker: %w", err)
	}
	if err := gob.NewDecoder(zr).Decode(&s); err != nil && err != io.EOF {
		return nil, fmt.Errorf("decode linker: %w", err)
	}
	if s.Version != snapshotVersion {
		return nil, fmt.Errorf("decode linker: snapshot version %d, want %d", s.Version, snapshotVersion)
	}
	l := New(opts)
	l.seq, l.nev, l.newest = s.Seq, s.Nev, s.Newest
	l.voc.docs = s.Docs
	l.voc.df = s.DF
	if l.voc.df == nil {
		l.voc.df = []int32{}
	}
	l.voc.ent = make([]bool, len(s.Words))
	for t, w := range s.Words {
		l.voc.ids[w] = term(t)
		l.voc.ent[t] = isInstance(w)
	}
	if len(s.DF) != len(s.Words) {
		return nil, fmt.Errorf("decode linker: %d words, %d frequencies", len(s.Words), len(s.DF))
	}
	groups := make([]*group, len(s.Groups))
	for i := range s.Groups {
		groups[i] = newGroup(s.Groups[i].ID)
	}
	events := make([]*linkedEvent, len(s.Events))
	for i := range s.Events {
		events[i] = &linkedEvent{}
	}
	bad := false
	g := func(i int) *group {
		if i < 0 {
			return nil
		}
		if i >= len(groups) {
			bad = true
			return nil
		}
		return groups[i]
	}
	e := func(i int) *linkedEvent {
		if i < 0 || i >= len(events) {
			bad = true
			return nil
		}
		return events[i]
	}
	for i, gs := range s.Groups {
		x := groups[i]
		x.seq, x.born, x.first, x.last, x.docs, x.reports = gs.Seq, gs.Born, gs.First, gs.Last, gs.Docs, gs.Reports
		x.norm, x.normEnt, x.indexed = gs.Norm, gs.NormEnt, gs.Indexed
		if len(gs.Keys) != len(gs.Wts) || !slices.IsSorted(gs.Keys) {
			bad = true
		}
		x.keys, x.wts = gs.Keys, gs.Wts
		if gs.Ents != nil {
			x.ents = gs.Ents
		}
		if gs.Names != nil {
			x.names = gs.Names
		}
		x.story, x.into, x.owner = g(gs.Story), g(gs.Into), g(gs.Owner)
		x.clusters, x.evicted, x.years = gs.Clusters, gs.Evicted, gs.Years
		for _, j := range gs.Events {
			x.events = append(x.events, e(j))
		}
		for _, ge := range gs.Gone {
			x.gone = append(x.gone, goneEvent{ge.ID, ge.Start, ge.OK})
		}
		for _, ms := range gs.Members {
			if len(ms.Terms) != len(ms.Wts) || !slices.IsSorted(ms.Terms) {
				bad = true
				continue
			}
			v := make(vec, len(ms.Terms))
			for k, t := range ms.Terms {
				v[k] = tw{t, ms.Wts[k]}
			}
			x.members = append(x.members, member{doc: ms.Doc, v: v, date: ms.Date, dup: ms.Dup, ents: ms.Ents, year: ms.Year})
		}
	}
	for i, es := range s.Events {
		ev := events[i]
		*ev = linkedEvent{id: es.ID, kind: es.Kind, family: es.Family, parts: es.Parts, names: es.Names, place: es.Place,
			placeRaw: es.PlaceRaw, when: es.When, whenText: es.WhenText,
			span:   span{start: es.SpanStart, end: es.SpanEnd, hard: es.SpanHard, ok: es.SpanOK},
			status: es.Status, statusAt: es.StatusAt, statusSq: es.StatusSq, cluster: g(es.Cluster), story: g(es.Story),
			mentions: es.Mentions, seq: es.Seq, seq0: es.Seq0, ord: es.Ord, last: es.Last, evicted: es.Evicted}
		if ev.names == nil {
			ev.names = map[string]string{}
		}
	}
	index := func(x *groupIndex, ids []int) {
		for _, i := range ids {
			grp := g(i)
			if grp == nil {
				bad = true
				continue
			}
			x.active[grp] = true
			for _, t := range grp.indexed {
				x.post[t] = append(x.post[t], grp)
			}
		}
	}
	index(l.clusters, s.Clusters)
	index(l.stories, s.Stories)
	index(l.near, s.Near)
	for _, i := range s.StoryLog {
		l.storyLog = append(l.storyLog, g(i))
	}
	for _, i := range s.Active {
		l.active[e(i)] = true
	}
	for _, i := range s.History {
		l.history = append(l.history, e(i))
	}
	for p, ids := range s.ByPart {
		for _, i := range ids {
			l.events[p] = append(l.events[p], e(i))
		}
	}
	if s.DupBands != nil {
		l.dups.bands = s.DupBands
	}
	l.dups.next = s.DupNext
	for id, d := range s.DupEnts {
		l.dups.entries[id] = dupEntry{d.FP, d.Doc, d.Seq, d.Date}
	}
	if bad {
		return nil, fmt.Errorf("decode linker: dangling reference")
	}
	if s.Index != nil {
		x, err := entity.UnmarshalIndex(s.Index)
		if err != nil {
			return nil, fmt.Errorf("decode linker: %w", err)
		}
		l.index = x
	}
	for c := range l.clusters.active {
		for _, m := range c.members {
			l.memberOf[m.doc] = c
		}
	}
	return l, nil
}
