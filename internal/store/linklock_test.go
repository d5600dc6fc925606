package store

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store/pgtest"
)

// TestLinkLockSQLite checks the link lock of SQLite archives.
func TestLinkLockSQLite(t *testing.T) { runLinkLock(t, sqliteDSN) }

// TestLinkLockPostgres checks the link lock of PostgreSQL archives, each
// test in a schema of its own, when STORYLINE_TEST_POSTGRES names a server.
func TestLinkLockPostgres(t *testing.T) {
	if !pgtest.Enabled() {
		t.Skip(pgtest.EnvVar + " not set")
	}
	runLinkLock(t, pgtest.DSN)
}

// runLinkLock checks the contract of LinkLocker on archives made by fresh.
func runLinkLock(t *testing.T, fresh newDSN) {
	tests := []struct {
		name string
		fn   func(*testing.T, newDSN)
	}{
		{"HoldersExclude", testLinkLockHoldersExclude},
		{"ArchivesLockApart", testLinkLockArchivesLockApart},
		{"DiesWithItsProcess", testLinkLockDiesWithItsProcess},
		{"HeldUntilLost", testLinkLockHeldUntilLost},
		{"FenceRefusesAnOlderLock", testLinkLockFence},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, fresh) })
	}
}

// openLocker opens the archive dsn names, closed when t ends.
func openLocker(t *testing.T, dsn string) LinkLocker {
	t.Helper()
	st, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	ll, ok := st.(LinkLocker)
	if !ok {
		t.Fatalf("%T is no LinkLocker", st)
	}
	return ll
}

// mustLock takes the link lock of st, failing t when it cannot.
func mustLock(t *testing.T, st LinkLocker, who string) LinkLock {
	t.Helper()
	l, err := st.LockLinks(context.Background())
	if err != nil {
		t.Fatalf("%s: LockLinks: %v", who, err)
	}
	return l
}

// mustBeLocked checks that LockLinks on st fails with ErrLinkLocked.
func mustBeLocked(t *testing.T, st LinkLocker, who string) error {
	t.Helper()
	l, err := st.LockLinks(context.Background())
	if err == nil {
		l.Unlock(context.Background())
		t.Fatalf("%s: LockLinks succeeded while another holder has the lock", who)
	}
	if !errors.Is(err, ErrLinkLocked) {
		t.Fatalf("%s: LockLinks: %v, want an error wrapping ErrLinkLocked", who, err)
	}
	return err
}

// testLinkLockHoldersExclude: two stores open on one archive (as two
// processes have it), and two holders of one store, exclude each other;
// Unlock lets the next one take the lock; Unlock twice does no harm.
func testLinkLockHoldersExclude(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	dsn := fresh(t)
	a, b := openLocker(t, dsn), openLocker(t, dsn)
	la := mustLock(t, a, "first store")
	mustBeLocked(t, b, "second store")
	mustBeLocked(t, a, "first store again")
	if err := la.Unlock(ctx); err != nil {
		t.Fatalf("Unlock: %v", err)
	}
	if err := la.Unlock(ctx); err != nil {
		t.Fatalf("second Unlock: %v", err)
	}
	lb := mustLock(t, b, "second store after Unlock")
	mustBeLocked(t, a, "first store while the second holds it")
	if err := lb.Unlock(ctx); err != nil {
		t.Fatalf("Unlock: %v", err)
	}
	mustLock(t, a, "first store after both unlocked").Unlock(ctx)
}

// testLinkLockArchivesLockApart: the locks of two archives (two SQLite
// files, two PostgreSQL schemas of one database) are independent.
func testLinkLockArchivesLockApart(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	la := mustLock(t, openLocker(t, fresh(t)), "first archive")
	defer la.Unlock(ctx)
	mustLock(t, openLocker(t, fresh(t)), "second archive").Unlock(ctx)
}

// testLinkLockHeldUntilLost: Held is nil while the lock is held and wraps
// ErrLinkLockLost after Unlock; on PostgreSQL also once the session
// holding it ends (its backend terminated, as a dropped connection ends
// it), after which another holder can take the lock.
func testLinkLockHeldUntilLost(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	dsn := fresh(t)
	a := openLocker(t, dsn)
	l := mustLock(t, a, "first holder")
	if err := l.Held(ctx); err != nil {
		t.Fatalf("Held while held: %v", err)
	}
	if pl, ok := l.(*pgLinkLock); ok {
		pid := pl.conn.PgConn().PID()
		var done bool
		if err := a.(*Postgres).pool.QueryRow(ctx, `SELECT pg_terminate_backend($1)`, int32(pid)).Scan(&done); err != nil || !done {
			t.Fatalf("terminate the lock's backend %d: %v, %v", pid, done, err)
		}
		if err := l.Held(ctx); !errors.Is(err, ErrLinkLockLost) {
			t.Fatalf("Held after the session ended: %v, want an error wrapping ErrLinkLockLost", err)
		}
		b := openLocker(t, dsn)
		deadline := time.Now().Add(10 * time.Second)
		for {
			lb, err := b.LockLinks(ctx)
			if err == nil {
				lb.Unlock(ctx)
				break
			}
			if !errors.Is(err, ErrLinkLocked) || time.Now().After(deadline) {
				t.Fatalf("after the session ended: %v", err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	l.Unlock(ctx)
	if err := l.Held(ctx); !errors.Is(err, ErrLinkLockLost) {
		t.Fatalf("Held after Unlock: %v, want an error wrapping ErrLinkLockLost", err)
	}
}

// testLinkLockFence: every lock taken has a greater generation (Fence); a
// link batch made under a lock stores while that lock is the latest, and
// once a later one was taken it fails with ErrLinkLockLost and stores
// nothing (a holder that lost its lock without noticing).
func testLinkLockFence(t *testing.T, fresh newDSN) {
	ctx := context.Background()
	dsn := fresh(t)
	a := openLocker(t, dsn)
	st := a.(Store)
	la := mustLock(t, a, "first holder")
	first := la.Fence()
	if first <= 0 {
		t.Fatalf("first lock's generation %d, want > 0", first)
	}
	if err := st.PutLinks(ctx, LinkBatch{State: []byte("first"), Seq: 1, Fence: first}); err != nil {
		t.Fatalf("PutLinks under the latest lock: %v", err)
	}
	// The first holder loses its lock without noticing; another takes it.
	la.Unlock(ctx)
	lb := mustLock(t, openLocker(t, dsn), "second holder")
	defer lb.Unlock(ctx)
	if lb.Fence() <= first {
		t.Fatalf("second lock's generation %d, want > %d", lb.Fence(), first)
	}
	err := st.PutLinks(ctx, LinkBatch{State: []byte("stale"), Seq: 2, Fence: first})
	if !errors.Is(err, ErrLinkLockLost) {
		t.Fatalf("PutLinks under the older lock: %v, want an error wrapping ErrLinkLockLost", err)
	}
	if ls, err := st.LinkState(ctx); err != nil || string(ls.Data) != "first" || ls.Seq != 1 {
		t.Fatalf("link state %q (seq %d), %v after the refused batch; want %q (seq 1)", ls.Data, ls.Seq, err, "first")
	}
	if err := st.PutLinks(ctx, LinkBatch{State: []byte("second"), Seq: 2, Fence: lb.Fence()}); err != nil {
		t.Fatalf("PutLinks under the latest lock: %v", err)
	}
}

// Environment of the helper process of testLinkLockDiesWithItsProcess.
const (
	lockChildEnv = "STORYLINE_TEST_LINKLOCK_DSN"
	lockChildRun = "^TestLinkLockHelperProcess$"
)

// testLinkLockDiesWithItsProcess: a lock held by another process (this
// test binary run again) stops this one, with an error naming the holder
// when the backend can; once that process is killed, without unlocking,
// the lock is free.
func testLinkLockDiesWithItsProcess(t *testing.T, fresh newDSN) {
	dsn := fresh(t)
	st := openLocker(t, dsn) // migrated before the child opens it
	cmd := exec.Command(os.Args[0], "-test.run="+lockChildRun, "-test.v")
	cmd.Env = append(os.Environ(), lockChildEnv+"="+dsn)
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	killed := false
	defer func() {
		if !killed {
			cmd.Process.Kill()
			cmd.Wait()
		}
	}()
	locked := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if s, ok := strings.CutPrefix(sc.Text(), "locked "); ok {
				locked <- s
			}
		}
		close(locked)
	}()
	var childPid string
	select {
	case s, ok := <-locked:
		if !ok {
			t.Fatal("the helper process ended without taking the lock")
		}
		childPid = s
	case <-time.After(60 * time.Second):
		t.Fatal("the helper process did not take the lock within 60s")
	}
	err = mustBeLocked(t, st, "this process while another holds the lock")
	want := "(pid " + childPid + ")" // SQLite: the lock file's
	if IsPostgresDSN(dsn) {
		want = "(PostgreSQL backend pid " // pg_locks
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not name the holder (%s)", err, want)
	}
	t.Logf("while held elsewhere: %v", err)
	// Killed: no Unlock, the process just ends.
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
	killed = true
	// PostgreSQL ends the dead client's session as soon as it notices the
	// closed socket: allow it a moment.
	deadline := time.Now().Add(10 * time.Second)
	for {
		l, err := st.LockLinks(context.Background())
		if err == nil {
			l.Unlock(context.Background())
			return
		}
		if !errors.Is(err, ErrLinkLocked) || time.Now().After(deadline) {
			t.Fatalf("after the holder died: %v", err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestLinkLockHelperProcess is the other process of
// testLinkLockDiesWithItsProcess: it takes the link lock of the archive
// named by $STORYLINE_TEST_LINKLOCK_DSN, prints "locked PID" and holds the
// lock until killed (or its standard input closes). It does nothing in a
// plain test run.
func TestLinkLockHelperProcess(t *testing.T) {
	dsn := os.Getenv(lockChildEnv)
	if dsn == "" {
		t.Skip("helper process of testLinkLockDiesWithItsProcess")
	}
	st, err := Open(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.(LinkLocker).LockLinks(context.Background()); err != nil {
		t.Fatal(err)
	}
	fmt.Println("locked " + strconv.Itoa(os.Getpid()))
	bufio.NewReader(os.Stdin).ReadString('\n') // until killed
}

// TestLinkLockStaleFile: a link-lock file left by a process that died (it
// holds the dead holder's pid, and no lock) does not stop the next linker,
// which writes its own pid into it.
func TestLinkLockStaleFile(t *testing.T) {
	ctx := context.Background()
	path := sqliteDSN(t)
	if err := os.WriteFile(linkLockPath(path), []byte("999999999\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	st := openLocker(t, path)
	l := mustLock(t, st, "over a stale lock file")
	b, err := os.ReadFile(linkLockPath(path))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.TrimSpace(string(b)); got != strconv.Itoa(os.Getpid()) {
		t.Errorf("lock file holds %q, want this process's pid %d", got, os.Getpid())
	}
	if err := l.Unlock(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestLinkLockInMemory: an in-memory archive, which no other process can
// open, needs no lock file.
func TestLinkLockInMemory(t *testing.T) {
	st := openLocker(t, ":memory:")
	l := mustLock(t, st, "in-memory archive")
	if err := l.Unlock(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(linkLockPath(":memory:")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a lock file for :memory: exists (stat: %v)", err)
	}
}
