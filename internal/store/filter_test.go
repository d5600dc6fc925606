package store

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestFilterQueries checks that each backend's filtered event queries
// number their placeholders in the order of their arguments.
func TestFilterQueries(t *testing.T) {
	from := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name     string
		q        func() (string, []any)
		want     []string // fragments, in order
		wantArgs []any
	}{
		{"sqlite events", func() (string, []any) {
			return eventsQuery(sqliteDialect, EventFilter{Kind: "call", Participant: "Wang Yi", From: from})
		}, []string{"e.kind = ?", "instr(e.names, ?) > 0", "e.start != '' AND e.start >= ?", "ORDER BY a.seq, e.n"},
			[]any{"call", "\x1fwang yi\x1f", "2024-01-01"}},
		{"postgres events", func() (string, []any) {
			return eventsQuery(pgDialect, EventFilter{Kind: "call", Participant: "Wang Yi", From: from})
		}, []string{"e.kind = $1", "e.names @> ARRAY[$2::text]", "e.start >= $3::date", "ORDER BY a.seq, e.n"},
			[]any{"call", "wang yi", "2024-01-01"}},
		{"sqlite linked events", func() (string, []any) {
			return linkedEventsQuery(sqliteDialect, LinkFilter{Story: "st-1", Doc: "a", Participant: "Xi", To: from})
		}, []string{"e.story = ?", "WHERE doc = ?", "instr(e.names, ?)", "lower(n.name) = ?", "e.start <= ?", "ORDER BY e.seq, e.id"},
			[]any{"st-1", "a", "\x1fxi\x1f", "xi", "2024-01-01"}},
		{"postgres linked events", func() (string, []any) {
			return linkedEventsQuery(pgDialect, LinkFilter{Story: "st-1", Doc: "a", Participant: "Xi", To: from})
		}, []string{"e.story = $1", "WHERE doc = $2", "ARRAY[$3::text]", "n.lname = $3", "e.start <= $4::date", "ORDER BY e.seq, e.id"},
			[]any{"st-1", "a", "xi", "2024-01-01"}},
		{"no filter", func() (string, []any) { return eventsQuery(pgDialect, EventFilter{}) },
			[]string{"WHERE 1=1 ORDER BY a.seq, e.n"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q, args := tt.q()
			rest := q
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("%q not found in order in\n%s", w, q)
				}
				rest = rest[i+len(w):]
			}
			if !reflect.DeepEqual(args, tt.wantArgs) {
				t.Errorf("args %q, want %q", args, tt.wantArgs)
			}
		})
	}
}
