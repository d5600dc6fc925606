package store

import (
	"context"
	"errors"
	"fmt"
)

// ErrLinkLocked is wrapped by the error of LinkLocker.LockLinks when
// another holder (another process, or another holder in this process)
// holds the archive's link lock: someone else is linking the archive.
var ErrLinkLocked = errors.New("another process is linking this archive")

// ErrLinkLockLost is wrapped by the error of LinkLock.Held once a lock
// taken is no longer held: Unlock was called, or (PostgreSQL) the session
// holding it ended, when its connection dropped or its backend was
// terminated, so another process may be linking the archive.
var ErrLinkLockLost = errors.New("the archive's link lock was lost")

// LinkLocker is implemented by stores whose archive can be locked for
// linking. Linking is stateful and single-writer (package linkstage): the
// one process linking an archive holds its link lock for as long as its
// linker is open, so that two linkers never overwrite each other's links
// and snapshots. Both backends implement it; writers that do not link
// (Put, Redate) need no lock.
type LinkLocker interface {
	// LockLinks takes the archive's exclusive link lock without waiting
	// for it: when another holder has it, it returns an error wrapping
	// ErrLinkLocked at once (naming the holder when it can), and the
	// caller decides whether to retry. The lock is held until Unlock, or
	// until the process ends (a crashed linker never leaves a stale lock).
	// Holders exclude each other within one process too.
	LockLinks(ctx context.Context) (LinkLock, error)
}

// LinkLock is a held link lock (LinkLocker.LockLinks).
type LinkLock interface {
	// Unlock releases the lock. Calling it again does nothing. An error
	// reports a failed release; the lock is given up regardless when the
	// process ends or (PostgreSQL) when its connection closes, which
	// Unlock does in any case.
	Unlock(ctx context.Context) error
	// Held returns nil while the lock is held and an error wrapping
	// ErrLinkLockLost once it is not: a holder reopening its work checks
	// it to take the lock again rather than trust a lost one. Writes need
	// no check of their own: Fence guards them. Held must not be called
	// concurrently with Unlock.
	Held(ctx context.Context) error
	// Fence is the lock's generation: every LockLinks on an archive takes
	// a greater one (0: an archive no other process can open). Writes
	// made under the lock carry it (LinkBatch.Fence), and PutLinks refuses
	// them once a later lock was taken, so a holder that lost its lock
	// without noticing cannot write over its successor.
	Fence() int64
}

var (
	_ LinkLocker = (*SQLite)(nil)
	_ LinkLocker = (*Postgres)(nil)
)

// noLinkLock is the lock of an archive no other process can open (an
// in-memory SQLite database): holding it excludes nothing.
type noLinkLock struct{}

func (noLinkLock) Unlock(context.Context) error { return nil }

func (noLinkLock) Held(context.Context) error { return nil }

func (noLinkLock) Fence() int64 { return 0 }

// nextFenceSQL takes the next link-lock generation (migration 7).
const nextFenceSQL = `UPDATE link_lease SET generation = generation + 1 WHERE k = 1 RETURNING generation`

// fenceError is the error of a PutLinks whose batch was made under link
// lock generation mine when the archive's latest is latest.
func fenceError(mine, latest int64) error {
	return fmt.Errorf("store links: %w: a later link lock (generation %d) was taken after this one (%d)", ErrLinkLockLost, latest, mine)
}
