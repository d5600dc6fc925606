package store

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// linkLockPath returns the file whose lock is the link lock of the SQLite
// archive at path: path + ".link-lock", beside the database.
func linkLockPath(path string) string { return path + ".link-lock" }

// LockLinks implements LinkLocker with an exclusive, non-blocking OS lock
// (flock where the platform has it, see lockFile) on the file
// linkLockPath(path), created when missing and never removed. The lock
// belongs to the open file: it dies with the process, and two holders in
// one process exclude each other. The holder's process id is written into
// the file, for the error of the next one. An in-memory archive needs no
// lock (no other process can open it).
func (s *SQLite) LockLinks(ctx context.Context) (LinkLock, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if s.path == ":memory:" {
		return noLinkLock{}, nil
	}
	name := linkLockPath(s.path)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock links: %w", err)
	}
	locked, err := lockFile(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("lock links: lock %s: %w", name, err)
	}
	if !locked {
		holder := ""
		if b, err := os.ReadFile(name); err == nil {
			if pid, err := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && pid > 0 {
				holder = fmt.Sprintf(" (pid %d)", pid)
			}
		}
		f.Close()
		return nil, fmt.Errorf("lock links: %s: %w%s", name, ErrLinkLocked, holder)
	}
	// Who holds it, for the error of the next one; a failure here only
	// makes that error less precise.
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	// The next generation, taken while holding the file lock.
	var fence int64
	if err := s.db.QueryRowContext(ctx, nextFenceSQL).Scan(&fence); err != nil {
		unlockFile(f)
		f.Close()
		return nil, fmt.Errorf("lock links: take a generation: %w", err)
	}
	return &fileLinkLock{f: f, fence: fence}, nil
}

// fileLinkLock is a held lock on a SQLite archive's link-lock file.
type fileLinkLock struct {
	once     sync.Once
	f        *os.File
	err      error
	released atomic.Bool
	fence    int64
}

// Fence implements LinkLock.
func (l *fileLinkLock) Fence() int64 { return l.fence }

// Held implements LinkLock: a file lock lasts as long as its open file,
// which only Unlock closes.
func (l *fileLinkLock) Held(context.Context) error {
	if l.released.Load() {
		return fmt.Errorf("%s: %w (unlocked)", l.f.Name(), ErrLinkLockLost)
	}
	return nil
}

// Unlock releases the file lock and closes the file (which releases it
// too). The file stays: removing it could let a process that opened it
// just before lock a file no one else opens any more.
func (l *fileLinkLock) Unlock(context.Context) error {
	l.once.Do(func() {
		l.released.Store(true)
		l.f.Truncate(0)
		uerr := unlockFile(l.f)
		cerr := l.f.Close()
		if uerr != nil {
			l.err = fmt.Errorf("unlock %s: %w", l.f.Name(), uerr)
		} else if cerr != nil {
			l.err = fmt.Errorf("unlock %s: %w", l.f.Name(), cerr)
		}
	})
	return l.err
}
