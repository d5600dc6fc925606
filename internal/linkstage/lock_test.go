package linkstage

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/pgtest"
)

// archives are the backends the lock tests run on: each returns the DSN
// of a new, empty archive (PostgreSQL when STORYLINE_TEST_POSTGRES names a
// server).
func archives() map[string]func(*testing.T) string {
	a := map[string]func(*testing.T) string{
		"sqlite": func(t *testing.T) string { return filepath.Join(t.TempDir(), "a.db") },
	}
	if pgtest.Enabled() {
		a["postgres"] = func(t *testing.T) string { return pgtest.DSN(t) }
	}
	return a
}

// openArchive opens dsn as a process does (a store of its own), closed
// when t ends.
func openArchive(t *testing.T, dsn string) store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// wantLocked checks that err is the refusal of a locked archive.
func wantLocked(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrLinkLocked) {
		t.Fatalf("%s: %v, want an error wrapping store.ErrLinkLocked", what, err)
	}
}

// TestOneStagePerArchive checks the link lock between the stages of one
// archive, each on a store of its own as two processes have it: while
// one is open, the other's Open, Link, Lock and Relink fail at once
// with store.ErrLinkLocked and change nothing stored; once the first
// closes, the second opens and links; the first then cannot reopen.
func TestOneStagePerArchive(t *testing.T) {
	ctx := context.Background()
	for name, fresh := range archives() {
		t.Run(name, func(t *testing.T) {
			dsn := fresh(t)
			st1 := openArchive(t, dsn)
			in := pipeline.New(article.NewReader(article.Options{}), clean.New(clean.Options{}), st1,
				pipeline.Options{Workers: 2, Link: noLinker{}})
			if _, err := in.Ingest(ctx, []string{"../../examples"}, nil); err != nil {
				t.Fatal(err)
			}
			st2 := openArchive(t, dsn)

			x1, err := Open(ctx, st1, Options{})
			if err != nil {
				t.Fatal(err)
			}
			linked := dumpLinks(t, st1)
			if len(linked.Docs) == 0 {
				t.Fatal("the first stage linked nothing")
			}
			x2 := New(st2, Options{})
			wantLocked(t, "second Open", x2.Open(ctx))
			wantLocked(t, "second Lock", x2.Lock(ctx))
			docs := []*store.Doc{{Article: &article.Article{ID: "x", Title: "T", Text: "text"}}}
			wantLocked(t, "second Link", x2.Link(ctx, docs))
			_, err = Relink(ctx, st2, Options{})
			wantLocked(t, "Relink", err)
			// A second stage of the same store (one process) is refused too.
			_, err = Open(ctx, st1, Options{})
			wantLocked(t, "second stage of one store", err)
			if x2.Stats().Docs != 0 {
				t.Errorf("the refused stage restored a linker of %d articles", x2.Stats().Docs)
			}
			sameDump(t, "links after the refusals", dumpLinks(t, st2), linked)

			if err := x1.Close(); err != nil {
				t.Fatal(err)
			}
			if err := x1.Close(); err != nil {
				t.Fatalf("second Close: %v", err)
			}
			if err := x2.Open(ctx); err != nil {
				t.Fatalf("Open after the first stage closed: %v", err)
			}
			if got := x2.Stats().Docs; got != len(linked.Docs) {
				t.Errorf("second stage restored %d articles, want %d", got, len(linked.Docs))
			}
			wantLocked(t, "first stage reopened while the second is open", x1.Open(ctx))
			if err := x2.Close(); err != nil {
				t.Fatal(err)
			}
			// Lock alone holds the archive, and Open then uses the lock.
			if err := x1.Lock(ctx); err != nil {
				t.Fatal(err)
			}
			wantLocked(t, "Open while another stage holds Lock", x2.Open(ctx))
			if err := x1.Open(ctx); err != nil {
				t.Fatalf("Open after Lock: %v", err)
			}
			if err := x1.Close(); err != nil {
				t.Fatal(err)
			}
			n, err := Relink(ctx, st2, Options{})
			if err != nil || n != len(linked.Docs) {
				t.Fatalf("Relink after every stage closed: %d, %v", n, err)
			}
			// Relink released the lock.
			if err := x1.Open(ctx); err != nil {
				t.Fatalf("Open after Relink: %v", err)
			}
			x1.Close()
		})
	}
}

// losableStore is a SQLite archive whose link lock can be lost on demand,
// as a PostgreSQL lock is when its session ends and another process takes
// it (store's tests end real sessions): lose releases the holder's lock
// behind its back and has another holder take and release it, so the
// holder's lock is no longer Held and its generation is outdated.
type losableStore struct {
	*store.SQLite
	lost atomic.Bool  // the current lock is lost
	cur  *losableLock // the latest lock taken
}

func (s *losableStore) LockLinks(ctx context.Context) (store.LinkLock, error) {
	l, err := s.SQLite.LockLinks(ctx)
	if err != nil {
		return nil, err
	}
	s.lost.Store(false)
	s.cur = &losableLock{LinkLock: l, lost: &s.lost}
	return s.cur, nil
}

// lose makes the current lock lost, another holder having come and gone.
func (s *losableStore) lose(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	s.lost.Store(true)
	if err := s.cur.LinkLock.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
	other, err := s.SQLite.LockLinks(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := other.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
}

type losableLock struct {
	store.LinkLock
	lost *atomic.Bool
}

func (l *losableLock) Held(ctx context.Context) error {
	if l.lost.Load() {
		return fmt.Errorf("session ended: %w", store.ErrLinkLockLost)
	}
	return l.LinkLock.Held(ctx)
}

// TestLostLockStopsWriting checks what a stage does when its link lock is
// lost while it is open: the next Link writes nothing and fails with an
// error wrapping store.ErrLinkLockLost; the Link after it takes the lock
// again, restores the archive's snapshot and links what was not linked,
// ending where a stage that never lost its lock ends.
func TestLostLockStopsWriting(t *testing.T) {
	ctx := context.Background()
	sq, err := store.OpenSQLite(ctx, filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer sq.Close()
	st := &losableStore{SQLite: sq}
	in := pipeline.New(article.NewReader(article.Options{}), clean.New(clean.Options{}), st,
		pipeline.Options{Workers: 2, Link: noLinker{}})
	if _, err := in.Ingest(ctx, []string{"../../examples"}, nil); err != nil {
		t.Fatal(err)
	}
	x, err := Open(ctx, st, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	before := dumpLinks(t, st)
	if len(before.Docs) == 0 {
		t.Fatal("the stage linked nothing")
	}
	extra := []*store.Doc{{Article: &article.Article{ID: "extra", Title: "Blinken meets Wang Yi",
		Text: "US Secretary of State Antony Blinken met Chinese Foreign Minister Wang Yi in Munich."}}}
	if _, err := st.Put(ctx, extra); err != nil {
		t.Fatal(err)
	}
	st.lose(t)
	if err := x.Link(ctx, extra); !errors.Is(err, store.ErrLinkLockLost) {
		t.Fatalf("Link after the lock was lost: %v, want an error wrapping store.ErrLinkLockLost", err)
	}
	sameDump(t, "links after the lost lock", dumpLinks(t, st), before)
	if err := x.Link(ctx, extra); err != nil {
		t.Fatalf("Link after taking the lock again: %v", err)
	}
	after := dumpLinks(t, st)
	if len(after.Docs) != len(before.Docs)+1 {
		t.Fatalf("%d articles linked, want %d", len(after.Docs), len(before.Docs)+1)
	}
	// the same as a stage that never lost its lock
	if err := x.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := Relink(ctx, st, Options{}); err != nil {
		t.Fatal(err)
	}
	if got := dumpLinks(t, st); len(got.Docs) != len(after.Docs) {
		t.Errorf("relinked %d articles, the recovered stage %d", len(got.Docs), len(after.Docs))
	}
}
