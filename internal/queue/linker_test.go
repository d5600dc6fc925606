package queue

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/linkstage"
	"github.com/storyline-news/storyline/internal/store"
)

// writeStories writes n short dated reports: four stories far apart in
// people, places, words and months, each told by many reports, so that
// linking has reports of the same events to join and separate stories to
// thread.
func writeStories(t testing.TB, n int) string {
	t.Helper()
	stories := []struct {
		title, month string
		lines        []string
	}{
		{"Blinken meets Wang Yi in Beijing", "06", []string{
			"US Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Beijing on Monday.",
			"The two diplomats discussed Taiwan, fentanyl and military hotlines during the talks.",
			"Washington and Beijing agreed to keep channels open, the State Department said.",
		}},
		{"Scholz and Macron hold energy summit in Paris", "03", []string{
			"German Chancellor Olaf Scholz visited French President Emmanuel Macron at the Elysee Palace.",
			"Electricity markets, nuclear reactors and gas storage dominated the summit.",
			"Berlin and Paris pledged a joint proposal to the European Commission before spring.",
		}},
		{"Modi receives Albanese in New Delhi", "09", []string{
			"Indian Prime Minister Narendra Modi welcomed Australian Prime Minister Anthony Albanese to New Delhi.",
			"Cricket diplomacy, lithium mining and naval exercises featured in their meeting.",
			"Canberra and New Delhi signed a migration pact covering students and engineers.",
		}},
		{"Lula and Milei meet in Brasilia over Mercosur", "11", []string{
			"Brazilian President Luiz Inacio Lula da Silva hosted Argentine President Javier Milei in Brasilia.",
			"Tariffs on soybeans, beef exports and the Mercosur customs union were on the agenda.",
			"Buenos Aires wants a looser bloc, while Brasilia defends the common external tariff.",
		}},
	}
	dir := t.TempDir()
	for i := range n {
		st := stories[i%len(stories)]
		k := i / len(stories)
		day := 3 + k%5*5
		body := fmt.Sprintf("Title: %s\nDate: 2023-%s-%02d\n\n%s\n\n%s\n\n%s\n",
			st.title, st.month, day, st.lines[k%3], st.lines[(k+1)%3], st.lines[(k+2)%3])
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("s%03d.txt", i)), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// analysedArchive publishes the articles of dir to a new server, has one
// worker store them all, and returns the server's address and the
// archive's path: the analysed stream then holds one notification per
// article, in a deterministic order.
func analysedArchive(t *testing.T, dir string) (string, string) {
	t.Helper()
	url := startNATS(t)
	c := connect(t, url)
	path := filepath.Join(t.TempDir(), "l.db")
	publish(t, c, dir)
	cancel, _ := runWorker(t, newWorker(t, c, openStore(t, path), nil, WorkerOptions{Batch: 8, Concurrency: 1}))
	drained(t, c, DefaultWorkersConsumer)
	cancel()
	return url, path
}

// linkerRun runs RunLinker in the background and returns a channel with
// its result and the function that kills it (cancels without cleanup).
func linkerRun(t *testing.T, url, path, holder string, m *Metrics, drain <-chan struct{}) (<-chan error, context.CancelFunc) {
	t.Helper()
	return linkerReady(t, url, path, holder, m, drain)()
}

// linkerReady connects and opens the archive for a linker now, and
// returns the function that starts it (as linkerRun), so that starting
// takes no time where a test races another linker.
func linkerReady(t *testing.T, url, path, holder string, m *Metrics, drain <-chan struct{}) func() (<-chan error, context.CancelFunc) {
	t.Helper()
	c := connect(t, url)
	st := openStore(t, path)
	return func() (<-chan error, context.CancelFunc) {
		return startLinker(t, c, st, holder, m, drain)
	}
}

// startLinker runs RunLinker over c and st in the background.
func startLinker(t *testing.T, c *Conn, st store.Store, holder string, m *Metrics, drain <-chan struct{}) (<-chan error, context.CancelFunc) {
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	done := make(chan error, 1)
	go func() {
		done <- RunLinker(ctx, drain, c, st, LinkerOptions{
			Batch: 4, AckWait: time.Second, PollWait: 200 * time.Millisecond, MaxDelay: time.Hour, Holder: holder,
			Analyser: analyser(),
			Lease:    LeaseOptions{TTL: time.Second, Poll: 100 * time.Millisecond},
			Link:     linkstage.Options{SnapshotEvery: 8},
			Metrics:  m,
		})
	}()
	return done, cancel
}

// links returns every stored doc link of the archive at path, in link
// order.
func links(t *testing.T, path string) []store.DocLink {
	t.Helper()
	st := openStore(t, path)
	var out []store.DocLink
	err := st.DocLinks(context.Background(), "", func(d store.DocLink) error {
		out = append(out, d)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func waitLinked(t *testing.T, url string) {
	t.Helper()
	drained(t, connect(t, url), DefaultLinkerConsumer)
}

// TestLinkerFailover kills the active linker midway (its context
// cancelled: no ack, no round of linking, no lease release) after it
// acknowledged some notifications, and checks that the standby takes over
// from the durable consumer's position, links what its predecessor left
// unlinked, and finishes with exactly the links of a run by one linker
// alone.
func TestLinkerFailover(t *testing.T) {
	const n = 160
	dir := writeStories(t, n)

	// One linker alone, drained at the end.
	urlRef, pathRef := analysedArchive(t, dir)
	drainRef := make(chan struct{})
	refDone, _ := linkerRun(t, urlRef, pathRef, "ref", nil, drainRef)
	waitLinked(t, urlRef)
	close(drainRef)
	if err := <-refDone; err != nil {
		t.Fatalf("reference linker: %v", err)
	}
	want := links(t, pathRef)
	if len(want) != n {
		t.Fatalf("reference run linked %d articles, want %d", len(want), n)
	}

	// An active linker and a standby; the active one dies midway.
	url, path := analysedArchive(t, dir)
	ma, mb := NewMetrics("linker"), NewMetrics("linker")
	// The standby is connected before the active linker starts: it only
	// has to be started once the active one holds the lease, which the
	// active one must not outrun by acknowledging everything.
	drainB := make(chan struct{})
	readyB := linkerReady(t, url, path, "B", mb, drainB)
	aDone, killA := linkerRun(t, url, path, "A", ma, nil)
	deadline := time.Now().Add(30 * time.Second)
	waitFor := func(k int64) {
		for ma.get(processed) < k {
			if time.Now().After(deadline) {
				t.Fatal("active linker made no progress")
			}
			time.Sleep(100 * time.Microsecond)
		}
	}
	waitFor(1)
	bDone, _ := readyB()
	waitFor(20)
	if mb.get(processed) != 0 {
		t.Fatal("standby linked while the active linker holds the lease")
	}
	killA()
	if err := <-aDone; !errors.Is(err, context.Canceled) {
		t.Fatalf("killed linker returned %v", err)
	}
	killedAt := ma.get(processed)
	if killedAt >= n {
		t.Fatalf("the active linker finished (%d) before it was killed", killedAt)
	}
	waitLinked(t, url)
	close(drainB)
	if err := <-bDone; err != nil {
		t.Fatalf("standby: %v", err)
	}
	if mb.get(processed) == 0 {
		t.Fatal("the standby processed nothing")
	}
	got := links(t, path)
	if len(got) != n {
		t.Fatalf("failover run linked %d articles, want %d", len(got), n)
	}
	if !reflect.DeepEqual(got, want) {
		for i := range got {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Errorf("link %d: failover %+v, alone %+v", i, got[i], want[i])
			}
		}
	}
	stories := map[string]bool{}
	for _, d := range got {
		stories[d.Story] = true
	}
	if len(stories) < 4 || len(stories) == n {
		t.Errorf("%d stories over %d articles: the fixture should thread some, not all, together", len(stories), n)
	}
	clusters := map[string]bool{}
	for _, d := range got {
		clusters[d.Cluster] = true
	}
	t.Logf("%d clusters", len(clusters))
	t.Logf("killed after %d notifications; standby processed %d (%d redelivered); %d stories",
		killedAt, mb.get(processed), mb.get(redeliveries), len(stories))
}

// TestLinkerHoldsLinkLock checks the archive's link lock around the
// distributed linker: while another process's stage holds it (a plain
// ingest linking), the linker that holds the lease waits and links
// nothing; once it is released the linker links everything; while the
// linker is active another stage is refused with store.ErrLinkLocked; a
// drained linker releases the lock.
func TestLinkerHoldsLinkLock(t *testing.T) {
	const n = 16
	ctx := context.Background()
	url, path := analysedArchive(t, writeStories(t, n))
	other := linkstage.New(openStore(t, path), linkstage.Options{})
	if err := other.Lock(ctx); err != nil {
		t.Fatal(err)
	}
	m := NewMetrics("linker")
	drain := make(chan struct{})
	done, _ := linkerRun(t, url, path, "A", m, drain)
	time.Sleep(time.Second) // five PollWaits
	if got := m.get(processed); got != 0 {
		t.Fatalf("the linker took %d notifications while another process held the link lock", got)
	}
	if got := len(links(t, path)); got != 0 {
		t.Fatalf("the linker linked %d articles while another process held the link lock", got)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	// The round that links them follows the acknowledgements.
	for deadline := time.Now().Add(30 * time.Second); len(links(t, path)) < n; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%d articles linked 30s after the lock was free, want %d", len(links(t, path)), n)
		}
	}
	if _, err := linkstage.Open(ctx, openStore(t, path), linkstage.Options{}); !errors.Is(err, store.ErrLinkLocked) {
		t.Fatalf("a stage opened beside the active linker: %v, want store.ErrLinkLocked", err)
	}
	close(drain)
	if err := <-done; err != nil {
		t.Fatalf("linker: %v", err)
	}
	x, err := linkstage.Open(ctx, openStore(t, path), linkstage.Options{})
	if err != nil {
		t.Fatalf("open after the linker drained: %v", err)
	}
	x.Close()
}
