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

// TestConcurrent runs Article and Index.Add from several goroutines; run
// with -race.
func TestConcurrent(t *testing.T) {
	r := testResolver(t)
	txt := readFixture(t, "chancellor.txt")
	want := describe(r.Article(txt))
	x := NewIndex()
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 3; i++ {
				ents := r.Article(txt)
				if got := describe(ents); got != want {
					t.Errorf("concurrent result differs:\n%s\nwant\n%s", got, want)
				}
				x.Add("doc", ents)
				_ = x.Canonical()
			}
		}()
	}
	wg.Wait()
}
