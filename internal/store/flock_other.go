//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package store

import "os"

// lockFile, on platforms without flock, takes no lock and reports that it
// did: the SQLite link lock is not enforced there, and two processes
// linking one SQLite archive at once are not stopped (PostgreSQL
// archives are locked on every platform). An exclusive-create lock file
// would survive a crashed linker and block every later one.
func lockFile(*os.File) (bool, error) { return true, nil }

// unlockFile releases nothing (lockFile took nothing).
func unlockFile(*os.File) error { return nil }
