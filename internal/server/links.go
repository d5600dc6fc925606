package server

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/link"
	"github.com/storyline-news/storyline/internal/store"
)

// linkSnapshot is the archive's links as the link stage persisted them,
// read about once per statsTTL: every story (most recently active first),
// the articles of each, and every real-world event with its mentions. Key
// fingerprints the stories (ids, counts, events, spans): linking an
// article changes it (the article joins a story; a new report of an event
// brings its article into the event's story), so it serves as the version
// of the links, and the events and articles are read again only when it
// changes.
type linkSnapshot struct {
	key     string
	stories []link.Story
	storyAt map[string]int // story id -> index in stories
	// storyDocs holds each story's articles in link order.
	storyDocs map[string][]string
	// events are in order of first report; eventAt indexes them by id.
	events  []link.Event
	eventAt map[string]int
	// reportOf maps the id of each per-article event a linked event was
	// reported as (store.StoredEvent.ID) to the linked event's id.
	reportOf map[string]string
	// byEntity lists, per canonical entity id and per lower-cased name,
	// the indexes of the events it takes part in.
	byEntity map[string][]int
}

// storiesKey fingerprints a story list.
func storiesKey(sts []link.Story) string {
	h := sha256.New()
	for _, st := range sts {
		h.Write([]byte(storyKey(st)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// storyKey is a story's version: what linking an article into it, merging
// into it or adding an event to it changes.
func storyKey(st link.Story) string {
	return strings.Join([]string{st.ID, strconv.Itoa(st.Seq), st.Title, strconv.Itoa(st.Docs), strconv.Itoa(st.Reports),
		st.Start.Format(time.DateOnly), st.End.Format(time.DateOnly), strings.Join(st.Clusters, ","),
		strings.Join(st.Events, ",")}, "\x1f")
}

// loadLinks reads the links into a snapshot, reusing prev's events and
// articles when the stories have not changed.
func loadLinks(ctx context.Context, a Archive, prev *linkSnapshot) (*linkSnapshot, error) {
	var sts []link.Story
	err := a.Stories(ctx, func(st store.Story) error {
		sts = append(sts, st)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read stories: %w", err)
	}
	sort.SliceStable(sts, func(i, j int) bool {
		a, b := sts[i], sts[j]
		if !a.End.Equal(b.End) {
			return a.End.After(b.End)
		}
		return a.Docs > b.Docs
	})
	x := &linkSnapshot{key: storiesKey(sts), stories: sts, storyAt: make(map[string]int, len(sts))}
	for i, st := range sts {
		x.storyAt[st.ID] = i
	}
	if prev != nil && prev.key == x.key {
		x.storyDocs, x.events, x.eventAt, x.reportOf, x.byEntity = prev.storyDocs, prev.events, prev.eventAt, prev.reportOf, prev.byEntity
		return x, nil
	}
	x.storyDocs = map[string][]string{}
	err = a.DocLinks(ctx, "", func(d store.DocLink) error {
		x.storyDocs[d.Story] = append(x.storyDocs[d.Story], d.Doc)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read doc links: %w", err)
	}
	x.eventAt, x.reportOf, x.byEntity = map[string]int{}, map[string]string{}, map[string][]int{}
	err = a.LinkedEvents(ctx, store.LinkFilter{}, func(ev store.LinkedEvent) error {
		n := len(x.events)
		x.eventAt[ev.ID] = n
		for _, m := range ev.Mentions {
			x.reportOf[store.StoredEvent{Doc: m.Doc, N: m.N}.ID()] = ev.ID
		}
		seen := map[string]bool{}
		for i, id := range ev.Participants {
			keys := []string{id}
			if i < len(ev.Names) {
				keys = append(keys, "name:"+strings.ToLower(ev.Names[i]))
			}
			for _, k := range keys {
				if k != "" && k != "name:" && !seen[k] {
					seen[k] = true
					x.byEntity[k] = append(x.byEntity[k], n)
				}
			}
		}
		x.events = append(x.events, ev)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read linked events: %w", err)
	}
	return x, nil
}

// links returns the link snapshot, about statsTTL old at most.
func (s *Server) links(ctx context.Context) (*linkSnapshot, error) {
	return s.linksCache.update(ctx, func(ctx context.Context, prev *linkSnapshot) (*linkSnapshot, error) {
		return loadLinks(ctx, s.archive, prev)
	})
}

// entityEvents returns the indexes of the events a canonical entity takes
// part in (by id, or by its canonical name), in order of first report.
func (x *linkSnapshot) entityEvents(id, name string) []int {
	a, b := x.byEntity[id], x.byEntity["name:"+strings.ToLower(name)]
	if len(b) == 0 {
		return a
	}
	seen := make(map[int]bool, len(a)+len(b))
	out := make([]int, 0, len(a)+len(b))
	for _, l := range [][]int{a, b} {
		for _, i := range l {
			if !seen[i] {
				seen[i] = true
				out = append(out, i)
			}
		}
	}
	sort.Ints(out)
	return out
}

// linkedID returns the id of the linked event an event id designates:
// itself when it is a linked event's, else the linked event a per-article
// event id was reported as.
func (x *linkSnapshot) linkedID(id string) (string, bool) {
	if _, ok := x.eventAt[id]; ok {
		return id, true
	}
	l, ok := x.reportOf[id]
	return l, ok
}

// memoSize bounds the entries a memo holds; a full memo starts afresh.
const memoSize = 512

// memo caches values computed per key (a request and the version of what
// it reads) and computes each key once at a time: concurrent requests for
// a key being computed wait for it. Keys name versions, so an entry is
// never stale, only unused; the memo starts afresh when it holds memoSize
// entries or, when weigh is set, more than budget bytes.
type memo[V any] struct {
	mu       sync.Mutex
	m        map[string]V
	inflight map[string]*memoCall[V]
	// weigh, when set, returns a value's size in bytes.
	weigh  func(V) int
	budget int
	bytes  int
}

type memoCall[V any] struct {
	done chan struct{}
	v    V
	err  error
}

// do returns the value of key, computing it with load when absent.
func (c *memo[V]) do(ctx context.Context, key string, load func(context.Context) (V, error)) (V, error) {
	c.mu.Lock()
	if v, ok := c.m[key]; ok {
		c.mu.Unlock()
		return v, nil
	}
	if call, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		select {
		case <-call.done:
			return call.v, call.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
	call := &memoCall[V]{done: make(chan struct{})}
	if c.inflight == nil {
		c.inflight = map[string]*memoCall[V]{}
	}
	c.inflight[key] = call
	c.mu.Unlock()
	call.v, call.err = load(ctx)
	c.mu.Lock()
	delete(c.inflight, key)
	if call.err == nil {
		n := 0
		if c.weigh != nil {
			n = c.weigh(call.v)
		}
		if c.m == nil || len(c.m) >= memoSize || c.weigh != nil && c.bytes+n > c.budget {
			c.m, c.bytes = map[string]V{}, 0
		}
		c.m[key] = call.v
		c.bytes += n
	}
	c.mu.Unlock()
	close(call.done)
	return call.v, call.err
}

// reset drops every entry.
func (c *memo[V]) reset() {
	c.mu.Lock()
	c.m, c.bytes = nil, 0
	c.mu.Unlock()
}
