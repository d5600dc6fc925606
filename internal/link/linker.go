package link

import (
	"crypto/sha256"
	"encoding/hex"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/klauspost/compress/zstd"

	"github.com/storyline-news/storyline/internal/entity"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/timex"
)

// Options tune a Linker. Zero fields take the defaults (DefaultOptions).
type Options struct {
	// ClusterThreshold is the least similarity (cosine of the article's
	// features with a cluster's centroid, after the time decay) for an
	// article to join a cluster.
	ClusterThreshold float64
	// StoryThreshold is the least similarity for a new cluster to join a
	// story.
	StoryThreshold float64
	// EntityWeight, EventWeight and TimeWeight boost canonical-entity,
	// real-world-event and date (the year and month of each calendar date
	// the text names) features against words. The article date is no
	// feature: it acts through the time decay.
	EntityWeight, EventWeight, TimeWeight float64
	// LeadWords bounds the words of the text (after the title) that count.
	LeadWords int
	// DecayDays is the time scale of the decay: similarity is divided by
	// 1 + days/DecayDays between an article and a cluster (storyDecay ×
	// DecayDays for a story).
	DecayDays float64
	// ClusterWindow, StoryWindow and EventWindow evict clusters, stories
	// and events whose latest article is that much older than the newest
	// article added.
	ClusterWindow, StoryWindow, EventWindow time.Duration
	// MaxClusters, MaxStories and MaxEvents bound the working set by count
	// (the least recently updated go first): the bound for undated input.
	MaxClusters, MaxStories, MaxEvents int
	// ClusterMerge and StoryMerge are the least cosine between two
	// centroids for an Add to merge the cluster (story) it updated with
	// another; 0 takes the default, a negative value never merges.
	ClusterMerge, StoryMerge float64
	// IDFPrior counts pseudo-documents without any term in the document
	// frequencies, so that a young index does not weigh shared words at 0.
	IDFPrior float64
	// TitleWeight counts a title word as that many words of the text.
	TitleWeight int
	// EntityAgreement adds EntityAgreement × (entity cosine − 0.5) to an
	// article's similarity with a cluster when both name entities: the
	// same kind of event with other actors (another earthquake, another
	// player) stays apart. Negative: off.
	EntityAgreement float64
	// NeighbourThreshold is the least cosine with one recent article for a
	// new article to join that article's cluster (single link over a
	// bounded index of recent articles); StoryNeighbour likewise for a new
	// cluster to join the article's story. Negative: off.
	NeighbourThreshold, StoryNeighbour float64
	// YearConflict is subtracted from an article's similarity with a
	// cluster when the article's year (its date, else the year its text
	// names most) is none of the years of the cluster's articles: the same
	// kind of event in another year is another event. Negative: off.
	YearConflict float64
	// DupDistance is the largest SimHash distance (bits of 64, at most 7)
	// of a near-duplicate.
	DupDistance int
	// StoryEntity: a dated article whose entity features have at least this
	// cosine with an active story's, within StoryEntityDays of the story's
	// latest article, continues that story (the same protagonists in the
	// news days apart). Undated articles never continue a story this way.
	// Negative: off.
	StoryEntity, StoryEntityDays float64
	// RefineRounds is how many reassignment passes Refine makes (it stops
	// early when a pass moves nothing).
	RefineRounds int
	// SplitMin is the least number of articles in each part for Refine to
	// split a cluster in two (parts whose centroids' cosine is below
	// ClusterMerge, the similarity at which Add would merge them).
	// Negative: Refine never splits.
	SplitMin int
	// KeepHistory keeps evicted events and stories (without their
	// indexes) so that Events and Stories list everything linked; without
	// it they list the working set only and memory stays bounded.
	KeepHistory bool
}

// DefaultOptions are the tuned defaults (see ecb_test.go).
var DefaultOptions = Options{
	ClusterThreshold:   0.15,
	StoryThreshold:     0.25,
	EntityWeight:       1,
	EventWeight:        2,
	TimeWeight:         2,
	LeadWords:          400,
	DecayDays:          7,
	ClusterWindow:      30 * day,
	StoryWindow:        400 * day,
	EventWindow:        400 * day,
	MaxClusters:        4096,
	MaxStories:         2048,
	MaxEvents:          8192,
	DupDistance:        6,
	IDFPrior:           100,
	YearConflict:       0.1,
	EntityAgreement:    0.2,
	NeighbourThreshold: -1,
	StoryNeighbour:     -1,
	TitleWeight:        2,
	ClusterMerge:       0.5,
	StoryMerge:         0.2,
	StoryEntity:        0.1,
	StoryEntityDays:    30,
	RefineRounds:       2,
	SplitMin:           4,
}

// setDefault replaces a zero option with its default.
func setDefault[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}

func (o Options) withDefaults() Options {
	d := DefaultOptions
	setDefault(&o.ClusterThreshold, d.ClusterThreshold)
	setDefault(&o.StoryThreshold, d.StoryThreshold)
	setDefault(&o.EntityWeight, d.EntityWeight)
	setDefault(&o.EventWeight, d.EventWeight)
	setDefault(&o.TimeWeight, d.TimeWeight)
	setDefault(&o.IDFPrior, d.IDFPrior)
	setDefault(&o.YearConflict, d.YearConflict)
	setDefault(&o.EntityAgreement, d.EntityAgreement)
	setDefault(&o.NeighbourThreshold, d.NeighbourThreshold)
	setDefault(&o.StoryNeighbour, d.StoryNeighbour)
	setDefault(&o.TitleWeight, d.TitleWeight)
	setDefault(&o.DecayDays, d.DecayDays)
	setDefault(&o.ClusterMerge, d.ClusterMerge)
	setDefault(&o.StoryMerge, d.StoryMerge)
	setDefault(&o.StoryEntity, d.StoryEntity)
	setDefault(&o.StoryEntityDays, d.StoryEntityDays)
	setDefault(&o.LeadWords, d.LeadWords)
	setDefault(&o.ClusterWindow, d.ClusterWindow)
	setDefault(&o.StoryWindow, d.StoryWindow)
	setDefault(&o.EventWindow, d.EventWindow)
	setDefault(&o.MaxClusters, d.MaxClusters)
	setDefault(&o.MaxStories, d.MaxStories)
	setDefault(&o.MaxEvents, d.MaxEvents)
	setDefault(&o.DupDistance, d.DupDistance)
	setDefault(&o.RefineRounds, d.RefineRounds)
	setDefault(&o.SplitMin, d.SplitMin)
	o.DupDistance = min(o.DupDistance, 7)
	return o
}

// Result is what Add decided for one article.
type Result struct {
	Doc string `json:"doc"`
	// Cluster groups the articles that report the same main event;
	// Story groups clusters. Ids are "cl-"/"st-" and twelve hex digits of
	// a hash of the first article's id.
	Cluster string `json:"cluster"`
	Story   string `json:"story"`
	// DuplicateOf is the id of the earlier article this one is a
	// near-duplicate of (a syndicated copy or an updated version), "" when
	// it is an independent report.
	DuplicateOf string `json:"duplicate_of,omitempty"`
	// Events is parallel to the document's events: the id of the
	// real-world event each one reports. The id of a real-world event is
	// the store id (store.StoredEvent.ID) of its first mention.
	Events []string `json:"events"`
	// Merges lists the clusters and stories this Add folded into others:
	// from now on the From id means the Into id (which is Cluster or Story
	// of this Result). Earlier results that name From are to be updated.
	Merges []Merge `json:"merges,omitempty"`
	// Moves lists articles this Add moved to another cluster: a cluster
	// that leaves the working set is split as Refine splits (nothing
	// revisits it later), and the articles of its new parts are moved.
	// Earlier results that name the article are to be updated.
	Moves []Move `json:"moves,omitempty"`
}

// Merge says that cluster or story From was merged into Into.
type Merge = store.LinkMerge

// Mention is one article's report of a real-world event.
type Mention = store.Mention

// Event is one real-world event linked across articles.
type Event = store.LinkedEvent

// Story is a thread of clusters and events.
type Story = store.Story

// Linker links analysed documents incrementally. It is not safe for
// concurrent use: it is the one stateful stage and runs in one goroutine.
type Linker struct {
	opts     Options
	voc      *vocab
	clusters *groupIndex
	stories  *groupIndex
	dups     *dupIndex
	near     *groupIndex // recent articles, for single-link neighbours
	events   map[string][]*linkedEvent
	active   map[*linkedEvent]bool
	history  []*linkedEvent
	storyLog []*group
	index    *entity.Index
	seq      int
	splits   int // clusters Refine split off, for their ids
	// memberOf is the cluster (follow root) holding each article of the
	// active clusters: a near-duplicate joins its original's, and a new
	// version of an article replaces the old one
	memberOf map[string]*group
	newest   time.Time
	nev      int // real-world events created

	// changes since the last Flush
	dirtyEv    map[*linkedEvent]bool
	dirtyStory map[*group]bool
	dirtyEnt   map[string]bool
	mentions   []Mention

	scratch struct {
		words []string // an article's title and lead words
		feat  features
	}
	zenc *zstd.Encoder // compresses snapshots; made by the first
}

// New returns an empty Linker.
func New(opts Options) *Linker {
	o := opts.withDefaults()
	return &Linker{
		opts:     o,
		voc:      newVocab(o.IDFPrior),
		clusters: newGroupIndex(24, 256),
		stories:  newGroupIndex(32, 256),
		dups:     newDupIndex(),
		near:     newGroupIndex(32, 512),
		memberOf: map[string]*group{},
		events:   map[string][]*linkedEvent{},
		active:   map[*linkedEvent]bool{},

		dirtyEv:    map[*linkedEvent]bool{},
		dirtyStory: map[*group]bool{},
		dirtyEnt:   map[string]bool{},
	}
}

func hashID(prefix, s string) string {
	h := sha256.Sum256([]byte(s))
	return prefix + hex.EncodeToString(h[:6])
}

// Add links one analysed document; documents must come in publication
// order (undated ones wherever they were received). canon holds the
// canonical entity ids parallel to d.Entities (entity.Index.Add); when nil
// the Linker assigns them with an entity.Index of its own.
func (l *Linker) Add(d *store.Doc, canon []string) Result {
	a := d.Article
	l.seq++
	if canon == nil {
		if l.index == nil {
			l.index = entity.NewIndex()
		}
		canon = l.index.Add(a.ID, d.Entities)
	}
	date := a.Date
	if !date.IsZero() {
		date = date.UTC()
		if date.After(l.newest) {
			l.newest = date
		}
	}
	res := Result{Doc: a.ID, Events: make([]string, len(d.Events))}
	if c := l.memberOf[a.ID]; c != nil {
		// a new version of an article linked before replaces it
		l.dropMember(c.root(), a.ID)
	}

	// entities: key -> canonical id, and the doc's named non-source entities
	byKey := map[string]string{}
	ents := map[string]string{}
	entCount := map[string]int{}
	for i, e := range d.Entities {
		if i >= len(canon) {
			break
		}
		byKey[e.Key] = canon[i]
		if e.Source || canon[i] == "" {
			continue
		}
		l.dirtyEnt[canon[i]] = true
		ents[canon[i]] = e.Name
		entCount[canon[i]] += len(e.Mentions)
	}

	// near-duplicates
	// the words of the title and the lead, split once for the fingerprint
	// and the features
	sc := &l.scratch
	all := sc.words[:0]
	words(a.Title, func(w string) { all = append(all, w) })
	nt := len(all)
	wordsN(a.Text, max(l.opts.LeadWords, simhashWords), func(w string) { all = append(all, w) })
	if n := len(sc.words); n > len(all) {
		clear(sc.words[len(all):n]) // keep no older article's words alive
	}
	sc.words = all
	titleWords, leadWords := all[:nt], all[nt:]
	fp := simhashOf(all)
	var dupCluster *group
	if fp != 0 {
		// an article linked again (a new version) is no copy of itself
		if orig := l.dups.find(fp, l.opts.DupDistance); orig != "" && orig != a.ID {
			res.DuplicateOf = orig
			dupCluster = l.memberOf[orig]
			if dupCluster != nil {
				dupCluster = dupCluster.root()
			}
			if dupCluster != nil && dupCluster.evicted {
				dupCluster = nil
			}
		} else {
			l.dups.add(fp, a.ID, l.seq, date)
		}
	}

	// events, first pass: those with a known span
	linked := make([]*linkedEvent, len(d.Events))
	parts := make([][]string, len(d.Events))
	spans := make([]span, len(d.Events))
	for i, e := range d.Events {
		parts[i] = participants(e, byKey)
		spans[i] = eventSpan(e, date)
		if spans[i].ok {
			linked[i] = l.matchEvent(e, parts[i], spans[i], nil)
		}
	}

	// features
	f := &sc.feat
	for _, w := range titleWords {
		f.add(l.voc.id(w), float64(l.opts.TitleWeight), 0)
	}
	for _, w := range leadWords[:min(len(leadWords), l.opts.LeadWords)] {
		f.add(l.voc.id(w), 1, 0)
	}
	// Entities in a fixed order: term ids are given on first sight, and
	// map order would make them (and so the decisions) vary between runs.
	for _, id := range slices.Sorted(maps.Keys(entCount)) {
		f.add(l.voc.id("@"+id), float64(entCount[id]), l.opts.EntityWeight)
	}
	for _, tx := range d.Timexes {
		if tx.Type == "DATE" || tx.Type == "TIME" {
			for _, tf := range timeFeatures(tx.Value) {
				f.add(l.voc.id("T:"+tf), 1, l.opts.TimeWeight)
			}
		}
	}
	for _, ev := range linked {
		if ev != nil {
			f.add(l.voc.id("#"+ev.id), 1, l.opts.EventWeight)
		}
	}
	v := l.voc.weigh(f)
	var ne float64
	for _, x := range v {
		if l.voc.ent[x.t] {
			ne += float64(x.w) * float64(x.w)
		}
	}
	nw := math.Sqrt(max(0, 1-ne))
	ne = math.Sqrt(ne)

	year := docYear(date, d.Timexes)

	// cluster
	cl := dupCluster
	// nearest recent articles: the best cosine per cluster and per story
	nnCl, nnSt := map[*group]float64{}, map[*group]float64{}
	if l.opts.NeighbourThreshold > 0 || l.opts.StoryNeighbour > 0 {
		for _, h := range l.near.candidates(v, 24, 32) {
			c := h.owner.root()
			if c.evicted {
				continue
			}
			s := h.sim(v) / l.decay(date, h.last, 1)
			nnCl[c] = max(nnCl[c], s)
			st := c.story.root()
			nnSt[st] = max(nnSt[st], s)
		}
	}
	if cl == nil {
		best, bestS := (*group)(nil), 0.0
		for c, s := range nnCl {
			if m := s - l.opts.NeighbourThreshold; l.opts.NeighbourThreshold > 0 && m >= 0 && (best == nil || m > bestS || m == bestS && c.born < best.born) {
				best, bestS = c, m
			}
		}
		for _, g := range l.clusters.candidates(v, 24, 12) {
			dec := l.decay(date, g.last, 1)
			if dec > 1/l.opts.ClusterThreshold {
				continue
			}
			s, _, es, ok := g.sims(v, nw, ne, l.voc.ent)
			if ok && l.opts.EntityAgreement > 0 {
				s += l.opts.EntityAgreement * (es - 0.5)
			}
			if year != 0 && len(g.years) > 0 && g.years[year] == 0 && l.opts.YearConflict > 0 {
				s -= l.opts.YearConflict
			}
			s /= dec
			if m := s - l.opts.ClusterThreshold; m >= 0 && (best == nil || m > bestS || m == bestS && g.born < best.born) {
				best, bestS = g, m
			}
		}
		cl = best
	}
	if cl == nil {
		cl = newGroup(hashID("cl-", a.ID))
		cl.born = l.seq
		best, bestS := (*group)(nil), l.opts.StoryThreshold
		// a real-world event the article shares threads it into that
		// event's story
		shared := map[*group]int{}
		for _, ev := range linked {
			if ev != nil {
				if g := ev.story.root(); !g.evicted {
					shared[g]++
				}
			}
		}
		for g, n := range shared {
			if best == nil || n > shared[best] || n == shared[best] && g.born < best.born {
				best = g
			}
		}
		if best != nil {
			bestS = 2 // above any similarity
		}
		for g, s := range nnSt {
			if l.opts.StoryNeighbour > 0 && s >= l.opts.StoryNeighbour && (best == nil || s > bestS || s == bestS && g.born < best.born) {
				best, bestS = g, max(s, l.opts.StoryThreshold)
			}
		}
		for _, g := range l.stories.candidates(v, 32, 12) {
			dec := l.decay(date, g.last, storyDecay)
			if dec > 1/l.opts.StoryThreshold {
				continue
			}
			sa, sw, se, eok := g.sims(v, nw, ne, l.voc.ent)
			s := max(sa, sw) / dec
			if l.opts.StoryEntity > 0 && eok && !date.IsZero() && !g.last.IsZero() && se >= l.opts.StoryEntity {
				if gap := date.Sub(g.last); gap < time.Duration(l.opts.StoryEntityDays*float64(day)) && gap > -time.Duration(l.opts.StoryEntityDays*float64(day)) {
					s = max(s, l.opts.StoryThreshold+se/10)
				}
			}
			if s >= bestS {
				best, bestS = g, s
			}
		}
		if best == nil {
			best = newGroup(hashID("st-", a.ID))
			best.born = l.seq
			l.storyLog = append(l.storyLog, best)
		}
		cl.story = best
		best.clusters = append(best.clusters, cl.id)
	}
	dup := res.DuplicateOf != ""
	cl.add(v, date, l.seq, ents, dup, l.voc.ent)
	cl.members = append(cl.members, member{doc: a.ID, v: v, date: date, dup: dup,
		ents: slices.Sorted(maps.Keys(ents)), year: year})
	l.memberOf[a.ID] = cl
	if year != 0 {
		if cl.years == nil {
			cl.years = map[int]int{}
		}
		cl.years[year]++
	}
	if cl.due() {
		l.clusters.reindex(cl)
	}
	cl.story = cl.story.root()
	st := cl.story
	st.add(v, date, l.seq, ents, dup, l.voc.ent)
	if st.due() {
		l.stories.reindex(st)
	}
	if l.opts.ClusterMerge > 0 && cl.due() {
		if into := l.merge(l.clusters, cl, l.opts.ClusterMerge, 1, false, &res); into != cl {
			cl = into
			if s1, s2 := cl.story.root(), st; s1 != s2 {
				keep, gone := s1, s2
				if gone.born < keep.born {
					keep, gone = gone, keep
				}
				l.stories.unindex(gone)
				keep.absorb(gone, l.voc.ent)
				l.stories.reindex(keep)
				res.Merges = append(res.Merges, Merge{From: gone.id, Into: keep.id})
			}
		}
	}
	cl.story = cl.story.root()
	st = cl.story
	if l.opts.StoryMerge > 0 {
		st = l.merge(l.stories, st, l.opts.StoryMerge, storyDecay, true, &res)
		cl.story = st
	}
	if l.opts.NeighbourThreshold > 0 || l.opts.StoryNeighbour > 0 {
		nd := newGroup(a.ID)
		nd.born = l.seq
		nd.add(v, date, l.seq, nil, dup, l.voc.ent)
		nd.owner = cl
		l.near.reindex(nd)
	}
	res.Cluster, res.Story = cl.id, st.id

	// events, second pass: undated ones may join an event of the cluster
	for i, e := range d.Events {
		if linked[i] == nil && !spans[i].ok {
			linked[i] = l.matchEvent(e, parts[i], spans[i], cl)
		}
		ev := linked[i]
		if ev == nil {
			ev = l.newEvent(store.StoredEvent{Doc: a.ID, N: i, Event: e}.ID(), e, cl)
		}
		l.addMention(ev, a.ID, i, e, parts[i], ents, spans[i], date, dup)
		res.Events[i] = ev.id
		l.dirtyEv[ev] = true
	}
	l.dirtyStory[st] = true
	if l.seq%64 == 0 {
		res.Moves = l.evict()
	}
	return res
}

// merge folds g and the active group of x most similar to it (centroid
// cosine at least th, after the time decay) into the older of the two,
// records the merge in res and returns the surviving group.
func (l *Linker) merge(x *groupIndex, g *group, th, scale float64, topic bool, res *Result) *group {
	q := g.vector(64)
	var qe float64
	for _, e := range q {
		if l.voc.ent[e.t] {
			qe += float64(e.w) * float64(e.w)
		}
	}
	qw := math.Sqrt(max(0, 1-qe))
	var best *group
	bestS := th
	for _, h := range x.candidates(q, 24, 16) {
		if h == g {
			continue
		}
		last := h.last
		if last.IsZero() || g.last.IsZero() {
			last = time.Time{}
		}
		s := h.sim(q)
		if topic {
			s = h.simWords(q, qw, l.voc.ent)
		}
		s /= l.decay(g.last, last, scale)
		if s >= bestS {
			best, bestS = h, s
		}
	}
	if best == nil {
		return g
	}
	keep, gone := best, g
	if gone.born < keep.born {
		keep, gone = gone, keep
	}
	x.unindex(gone)
	keep.absorb(gone, l.voc.ent)
	x.reindex(keep)
	res.Merges = append(res.Merges, Merge{From: gone.id, Into: keep.id})
	return keep
}

// Stats describes the working set.
type Stats struct {
	Docs       int `json:"docs"`     // documents added
	Clusters   int `json:"clusters"` // active clusters
	Stories    int `json:"stories"`  // active stories
	Events     int `json:"events"`   // active real-world events
	Duplicates int `json:"dup_fingerprints"`
	Terms      int `json:"terms"` // features known to the vocabulary
}

// Stats returns the size of the working set.
func (l *Linker) Stats() Stats {
	return Stats{Docs: l.seq, Clusters: len(l.clusters.active), Stories: len(l.stories.active), Events: len(l.active),
		Duplicates: len(l.dups.entries), Terms: len(l.voc.df)}
}

// docYear is the year of the article date, else the year its text's
// calendar dates name most (ties: the latest), 0 when none.
func docYear(date time.Time, txs []timex.Timex) int {
	if !date.IsZero() {
		return date.Year()
	}
	n := map[int]int{}
	best := 0
	for _, tx := range txs {
		if tx.Type != "DATE" && tx.Type != "TIME" {
			continue
		}
		st, _, ok := timex.ValueRange(tx.Value)
		if !ok {
			continue
		}
		y := st.Year()
		n[y]++
		if best == 0 || n[y] > n[best] || n[y] == n[best] && y > best {
			best = y
		}
	}
	return best
}

// partialCompatible reports whether a TIMEX3 value without a year
// ("XXXX-02-05") may name the same date as a calendar value: same month
// (and day when both give one). Other values are compatible.
func partialCompatible(partial, when string) bool {
	if !strings.HasPrefix(partial, "XXXX-") || len(when) < 7 || when[4] != '-' {
		return true
	}
	p, w := partial[4:], when[4:]
	n := min(len(p), len(w))
	if n < 3 {
		return true
	}
	return p[:n] == w[:n]
}

// decay is the time divisor between an article date and a group's last
// date (1 when either is unknown).
func (l *Linker) decay(date, last time.Time, scale float64) float64 {
	if date.IsZero() || last.IsZero() {
		return 1
	}
	d := date.Sub(last).Hours() / 24
	if d < 0 {
		d = -d
	}
	return 1 + d/(l.opts.DecayDays*scale)
}

// participants returns the canonical ids of e's participants.
func participants(e event.Event, byKey map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, p := range e.Participants {
		id := byKey[p.EntityKey]
		if id == "" {
			id = "name:" + strings.ToLower(p.Name)
		}
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// matchEvent returns the active real-world event that e reports, nil when
// none. An event with a known span matches on span compatibility; one
// without (undated article, no time expression) only an event of cl.
func (l *Linker) matchEvent(e event.Event, parts []string, sp span, cl *group) *linkedEvent {
	if len(parts) == 0 {
		return nil
	}
	fam, place := family(e.Kind), normPlace(e.Place)
	var best *linkedEvent
	bestScore := 0
	seen := map[*linkedEvent]bool{}
	for _, p := range parts {
		for _, ev := range l.events[p] {
			if seen[ev] {
				continue
			}
			seen[ev] = true
			if ev.family != fam || !placeCompatible(place, ev.place) {
				continue
			}
			shared, ok := participantsCompatible(parts, ev.parts)
			if !ok {
				continue
			}
			score := 4 * shared
			switch {
			case sp.ok:
				if !sp.compatible(ev.span) {
					continue
				}
				if sp.hard && ev.span.hard {
					score += 2
				}
			case cl == nil || ev.cluster.root() != cl:
				continue
			case place == "" || place != ev.place:
				// an undated report joins an event of its cluster only
				// when it names the same place
				continue
			case !partialCompatible(e.When, ev.when):
				continue
			}
			if place != "" && place == ev.place {
				score++
			}
			if score > bestScore || score == bestScore && best != nil && ev.seq > best.seq {
				best, bestScore = ev, score
			}
		}
	}
	return best
}

func (l *Linker) newEvent(id string, e event.Event, cl *group) *linkedEvent {
	l.nev++
	ev := &linkedEvent{id: id, kind: e.Kind, family: family(e.Kind), names: map[string]string{},
		cluster: cl, story: cl.story, seq0: l.seq, ord: l.nev}
	cl.story.events = append(cl.story.events, ev)
	l.active[ev] = true
	if l.opts.KeepHistory {
		l.history = append(l.history, ev)
	}
	return ev
}

func (l *Linker) addMention(ev *linkedEvent, doc string, n int, e event.Event, parts []string,
	names map[string]string, sp span, date time.Time, dup bool) {
	for _, p := range parts {
		found := false
		for _, q := range ev.parts {
			if q == p {
				found = true
				break
			}
		}
		if !found {
			ev.parts = append(ev.parts, p)
			l.events[p] = append(l.events[p], ev)
		}
		if _, ok := ev.names[p]; !ok {
			name := names[p]
			if name == "" {
				for _, pp := range e.Participants {
					name = pp.Name
					break
				}
			}
			ev.names[p] = name
		}
	}
	for _, pp := range e.Participants {
		// names of participants keyed by name only
		id := "name:" + strings.ToLower(pp.Name)
		if _, ok := ev.names[id]; ok {
			ev.names[id] = pp.Name
		}
	}
	if ev.place == "" && e.Place != "" {
		ev.place, ev.placeRaw = normPlace(e.Place), e.Place
	}
	if sp.narrower(ev.span) {
		ev.span = sp
		if sp.hard {
			ev.when, ev.whenText = e.When, e.WhenText
		}
	}
	if ev.when == "" && e.When != "" && !sp.hard {
		// no calendar value yet: keep the relative one (FUTURE_REF, ...)
		ev.when, ev.whenText = e.When, e.WhenText
	}
	// the latest report decides the status: later article date, then
	// later Add; an undated report never overrides a dated one
	if ev.status == "" || !date.Before(ev.statusAt) {
		ev.status, ev.statusAt, ev.statusSq = e.Status, date, l.seq
	}
	m := Mention{Doc: doc, N: n, Sentence: e.Sentence.Text, Status: e.Status,
		When: e.When, Date: date, Duplicate: dup, Event: ev.id, Seq: l.seq}
	if l.opts.KeepHistory {
		// without history the store keeps the mentions (Flush)
		ev.mentions = append(ev.mentions, m)
	}
	l.mentions = append(l.mentions, m)
	ev.seq = l.seq
	if date.After(ev.last) {
		ev.last = date
	}
}

// evict drops clusters, stories and events that left the working set; it
// returns the moves of the articles of the clusters it split on their way
// out (closeCluster).
func (l *Linker) evict() []Move {
	var moves []Move
	for _, c := range l.clusters.evict(l.newest, l.opts.ClusterWindow, l.opts.MaxClusters) {
		var parts []*group
		parts, moves = l.closeCluster(c, moves)
		for _, p := range parts {
			for _, m := range p.members {
				if g := l.memberOf[m.doc]; g != nil && g.root() == p {
					delete(l.memberOf, m.doc)
				}
			}
			p.members = nil
		}
	}
	l.near.evict(l.newest, l.opts.ClusterWindow, l.opts.MaxClusters)
	from := time.Time{}
	if !l.newest.IsZero() {
		from = l.newest.Add(-l.opts.ClusterWindow)
	}
	l.dups.evict(l.seq-l.opts.MaxClusters, from)
	l.stories.evict(l.newest, l.opts.StoryWindow, l.opts.MaxStories)
	if !l.opts.KeepHistory {
		kept := l.storyLog[:0]
		for _, s := range l.storyLog {
			if !s.evicted {
				kept = append(kept, s)
			}
		}
		l.storyLog = kept
	}
	var gone []*linkedEvent
	for ev := range l.active {
		if !l.newest.IsZero() && !ev.last.IsZero() && l.newest.Sub(ev.last) > l.opts.EventWindow {
			gone = append(gone, ev)
		}
	}
	if over := len(l.active) - len(gone) - l.opts.MaxEvents; over > 0 {
		var all []*linkedEvent
		for ev := range l.active {
			all = append(all, ev)
		}
		sort.Slice(all, func(i, j int) bool {
			return all[i].seq0 < all[j].seq0 || all[i].seq0 == all[j].seq0 && all[i].id < all[j].id
		})
		gone = append(gone, all[:over]...)
	}
	// in creation order: the stories list their evicted events in it
	sort.Slice(gone, func(i, j int) bool { return gone[i].ord < gone[j].ord })
	for _, ev := range gone {
		if ev.evicted {
			continue
		}
		ev.evicted = true
		delete(l.active, ev)
		for _, p := range ev.parts {
			lst := l.events[p]
			for i, x := range lst {
				if x == ev {
					lst = append(lst[:i], lst[i+1:]...)
					break
				}
			}
			if len(lst) == 0 {
				delete(l.events, p)
			} else {
				l.events[p] = lst
			}
		}
		if !l.opts.KeepHistory {
			// the story keeps the evicted event's id and date only
			st := ev.story.root()
			kept := st.events[:0]
			for _, x := range st.events {
				if x != ev {
					kept = append(kept, x)
				}
			}
			st.events = kept
			st.gone = append(st.gone, goneEvent{id: ev.id, start: ev.span.start, ok: ev.span.ok})
		}
	}
	return moves
}

// closeCluster splits cluster c, which is leaving the working set, as
// Refine splits the clusters that stay (bisect): an archive whose dates
// run past a cluster's window would otherwise keep, unrefined, the two
// instances of one kind of event that single-pass linking merged. It
// returns c and the parts split off it, all evicted, and moves with the
// moves of the parts' articles appended.
func (l *Linker) closeCluster(c *group, moves []Move) ([]*group, []Move) {
	parts := []*group{c}
	if l.opts.SplitMin <= 0 || l.opts.ClusterMerge <= 0 {
		return parts, moves
	}
	for i := 0; i < len(parts); i++ {
		nc := l.bisect(parts[i], l.opts.SplitMin, l.opts.ClusterMerge)
		if nc == nil {
			continue
		}
		nc.evicted = true
		st := nc.story.root()
		st.clusters = append(st.clusters, nc.id)
		l.dirtyStory[st] = true
		for _, m := range nc.members {
			moves = append(moves, Move{Doc: m.doc, From: parts[i].id, Into: nc.id})
		}
		parts = append(parts, nc)
		i-- // the rest may split again
	}
	return parts, moves
}

// storyDecay scales DecayDays for stories: a story fades over months
// where a cluster fades over days.
const storyDecay = 90

// timeFeatures returns the date features of a DATE or TIME value: the year
// and the month of a calendar value ("2008", "2008-11"), and the day of the
// year of a value that names one ("--11-27"), with or without its year
// ("XXXX-11-27" from undated text): reports of one event repeat its day
// even where nothing gives the year.
func timeFeatures(v string) []string {
	var out []string
	if _, _, ok := timex.ValueRange(v); ok && len(v) >= 4 {
		out = append(out, v[:4], v[:min(7, len(v))])
	}
	if len(v) >= 10 && strings.HasPrefix(v, "XXXX-") && v[7] == '-' && isDigits(v[5:7]) && isDigits(v[8:10]) {
		out = append(out, "--"+v[5:10])
	}
	if strings.HasPrefix(v, "XXXX-WXX-") && len(v) == 10 {
		out = append(out, "wd"+strconv.Itoa(int(v[9]-'0')%7))
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
