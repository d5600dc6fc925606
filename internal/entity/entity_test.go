package entity

import (
	"sync"
	"testing"
)

var sharedResolver = sync.OnceValues(NewResolver)

func testResolver(tb testing.TB) *Resolver {
	tb.Helper()
	r, err := sharedResolver()
	if err != nil {
		tb.Fatal(err)
	}
	return r
}
