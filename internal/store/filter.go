package store

import (
	"strconv"
	"strings"
	"time"
)

// dialect is what the SQL of the two backends differs in, for the
// filtered reads of events they share (Events, LinkedEvents).
type dialect struct {
	// param is the placeholder of the n-th argument (from 1).
	param func(n int) string
	// text is a text argument as the backend stores text.
	text func(string) string
	// hasName is the condition that the e.names list of a row holds the
	// lower-cased name, given the name as w's argument.
	hasName func(w *where, lname string) string
	// linkedHasName is hasName for linked events, which also match the
	// canonical names of their participants (link_entities).
	linkedHasName func(w *where, lname string) string
	// startCmp is the condition e.start op the date (YYYY-MM-DD)
	// argument ph; events without a start never match.
	startCmp func(op, ph string) string
}

// sqliteDialect: ? placeholders, lists stored \x1f-separated (sepList),
// dates as text (” when unknown).
var sqliteDialect = dialect{
	param: func(int) string { return "?" },
	text:  func(s string) string { return s },
	hasName: func(w *where, lname string) string {
		return `instr(e.names, ` + w.arg("\x1f"+lname+"\x1f") + `) > 0`
	},
	linkedHasName: func(w *where, lname string) string {
		return `(instr(e.names, ` + w.arg("\x1f"+lname+"\x1f") + `) > 0 OR EXISTS (SELECT 1 FROM link_entities n
			WHERE lower(n.name) = ` + w.arg(lname) + ` AND instr(e.pids, char(31) || n.id || char(31)) > 0))`
	},
	startCmp: func(op, ph string) string { return `e.start != '' AND e.start ` + op + ` ` + ph },
}

// pgDialect: $n placeholders, text arrays, dates as date (NULL when
// unknown).
var pgDialect = dialect{
	param: func(n int) string { return "$" + strconv.Itoa(n) },
	text:  pgText,
	hasName: func(w *where, lname string) string {
		return `e.names @> ARRAY[` + w.arg(pgText(lname)) + `::text]`
	},
	linkedHasName: func(w *where, lname string) string {
		pa := w.arg(pgText(lname))
		return `(e.names @> ARRAY[` + pa + `::text] OR EXISTS (SELECT 1 FROM link_entities n
			WHERE n.lname = ` + pa + ` AND n.id = ANY(e.pids)))`
	},
	startCmp: func(op, ph string) string { return `e.start ` + op + ` ` + ph + `::date` },
}

// where builds a query's conditions and their arguments in one backend's
// dialect. The zero value is not usable: see newWhere.
type where struct {
	d    dialect
	sql  strings.Builder
	args []any
}

// newWhere starts a query: the SQL up to and including its WHERE with a
// condition that always holds.
func newWhere(d dialect, head string) *where {
	w := &where{d: d}
	w.sql.WriteString(head)
	return w
}

// arg adds an argument and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return w.d.param(len(w.args))
}

// and adds a condition.
func (w *where) and(cond string) {
	w.sql.WriteString(" AND ")
	w.sql.WriteString(cond)
}

// eq adds the condition col = the text v, when v is not empty.
func (w *where) eq(col, v string) {
	if v != "" {
		w.and(col + " = " + w.arg(w.d.text(v)))
	}
}

// span adds the conditions that e.start lies within [from, to], each
// bound when it is not zero.
func (w *where) span(from, to time.Time) {
	if !from.IsZero() {
		w.and(w.d.startCmp(">=", w.arg(from.Format("2006-01-02"))))
	}
	if !to.IsZero() {
		w.and(w.d.startCmp("<=", w.arg(to.Format("2006-01-02"))))
	}
}

// query returns the SQL with tail (ORDER BY ...) appended, and its
// arguments.
func (w *where) query(tail string) (string, []any) {
	return w.sql.String() + " " + tail, w.args
}

// eventsQuery is the query of Store.Events in dialect d.
func eventsQuery(d dialect, f EventFilter) (string, []any) {
	w := newWhere(d, `SELECT e.id, e.n, e.data FROM events e JOIN articles a ON a.id = e.id WHERE 1=1`)
	w.eq("e.kind", f.Kind)
	w.eq("e.status", f.Status)
	w.eq("e.id", f.Doc)
	if f.Participant != "" {
		w.and(d.hasName(w, strings.ToLower(f.Participant)))
	}
	w.span(f.From, f.To)
	return w.query(`ORDER BY a.seq, e.n`)
}

// linkedEventsQuery is the query of Store.LinkedEvents in dialect d.
func linkedEventsQuery(d dialect, f LinkFilter) (string, []any) {
	w := newWhere(d, `SELECT e.data, e.cluster, e.story FROM link_events e WHERE 1=1`)
	w.eq("e.kind", f.Kind)
	w.eq("e.status", f.Status)
	w.eq("e.story", f.Story)
	if f.Doc != "" {
		w.and(`e.id IN (SELECT event FROM link_mentions WHERE doc = ` + w.arg(d.text(f.Doc)) + `)`)
	}
	if f.Participant != "" {
		w.and(d.linkedHasName(w, strings.ToLower(f.Participant)))
	}
	w.span(f.From, f.To)
	return w.query(`ORDER BY e.seq, e.id`)
}
