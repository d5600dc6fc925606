package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
)

// linkLockKey is the SQL of the link lock's two keys, $1 being lockLink.
const linkLockKey = `$1::int4, ` + schemaKey

// LockLinks implements LinkLocker with a session-level advisory lock,
// pg_try_advisory_lock(lockLink, hash of the schema), on a connection of
// its own: the connection is taken out of the pool (pgxpool.Conn.Hijack),
// so that the pool neither hands the locked session to other queries nor
// waits for it when it closes, and is closed by Unlock. The lock ends
// with its session: when Unlock closes it, or when the process or its
// connection dies. When another session holds the lock the error names
// its backend's pid and application name (pg_locks, pg_stat_activity).
func (p *Postgres) LockLinks(ctx context.Context) (LinkLock, error) {
	c, err := p.pool.Acquire(ctx)
	if err != nil {
		return nil, fmt.Errorf("lock links: %w", err)
	}
	var ok bool
	err = c.QueryRow(ctx, `SELECT pg_try_advisory_lock(`+linkLockKey+`)`, int32(lockLink)).Scan(&ok)
	if err != nil {
		// The lock may have been taken before the failure: end the
		// session rather than return it to the pool.
		c.Conn().Close(context.WithoutCancel(ctx))
		c.Release()
		return nil, fmt.Errorf("lock links: %w", err)
	}
	if !ok {
		holder := linkLockHolder(ctx, c.Conn())
		c.Release()
		return nil, fmt.Errorf("lock links: %w%s", ErrLinkLocked, holder)
	}
	// The next generation, on the session holding the lock. It waits for
	// a PutLinks in progress (which holds link_lease FOR SHARE) to end.
	var fence int64
	if err := c.QueryRow(ctx, nextFenceSQL).Scan(&fence); err != nil {
		c.Conn().Close(context.WithoutCancel(ctx)) // ends the session, and the lock
		c.Release()
		return nil, fmt.Errorf("lock links: take a generation: %w", err)
	}
	return &pgLinkLock{conn: c.Hijack(), fence: fence}, nil
}

// linkLockHolder describes the session holding the link lock, as
// " (PostgreSQL backend pid N, application NAME)", or "" when it cannot
// be read.
func linkLockHolder(ctx context.Context, conn *pgx.Conn) string {
	var pid int32
	var app string
	err := conn.QueryRow(ctx, `SELECT l.pid, COALESCE(a.application_name, '')
		FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
		WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
		  AND l.classid = ($1::int4)::oid
		  AND l.objid = (`+schemaKey+`::int8 & 4294967295)::oid
		  AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
		LIMIT 1`, int32(lockLink)).Scan(&pid, &app)
	if err != nil {
		return ""
	}
	if app == "" {
		return fmt.Sprintf(" (PostgreSQL backend pid %d)", pid)
	}
	return fmt.Sprintf(" (PostgreSQL backend pid %d, application %s)", pid, app)
}

// pgLinkLock is a held link lock: the session holding it.
type pgLinkLock struct {
	once     sync.Once
	conn     *pgx.Conn
	err      error
	released atomic.Bool
	fence    int64
}

// Fence implements LinkLock.
func (l *pgLinkLock) Fence() int64 { return l.fence }

// Held implements LinkLock: a session-level advisory lock lasts as long
// as its session, so the lock is held while its connection answers.
func (l *pgLinkLock) Held(ctx context.Context) error {
	if l.released.Load() {
		return fmt.Errorf("%w (unlocked)", ErrLinkLockLost)
	}
	// Not cancelled with ctx: a query cancelled midway closes its
	// connection, which would give up the very lock it checks.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lockCheckTimeout)
	defer cancel()
	if err := l.conn.Ping(pctx); err != nil {
		return fmt.Errorf("%w: its session ended: %v", ErrLinkLockLost, err)
	}
	return nil
}

// lockCheckTimeout bounds Held's round trip; a server that does not answer
// in that time is taken to have lost the session.
const lockCheckTimeout = 10 * time.Second

// Unlock releases the advisory lock and closes its connection (which
// would release it too).
func (l *pgLinkLock) Unlock(ctx context.Context) error {
	l.once.Do(func() {
		l.released.Store(true)
		var released bool
		uerr := l.conn.QueryRow(ctx, `SELECT pg_advisory_unlock(`+linkLockKey+`)`, int32(lockLink)).Scan(&released)
		cerr := l.conn.Close(context.WithoutCancel(ctx))
		switch {
		case cerr != nil:
			l.err = fmt.Errorf("unlock links: close the lock's connection: %w", cerr)
		case uerr != nil:
			// Closing the session released the lock.
		case !released:
			l.err = fmt.Errorf("unlock links: the lock was not held by its session")
		}
	})
	return l.err
}
