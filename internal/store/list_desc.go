package store

import (
	"context"
	"fmt"
	"strings"
	"time"
)

// ListQuery selects, orders and pages a listing of articles read with
// ListFiltered: the filters and the descending orders are done by the
// database, so that a page costs a page, not a scan of the archive.
type ListQuery struct {
	Order Order
	// Desc reverses the order (newest ingested first with ByIngest, latest
	// publication first with ByDate, undated articles still last).
	Desc bool
	// From and To bound the publication date by day, inclusive; zero is
	// open. Either excludes undated articles.
	From, To time.Time
	// Source keeps the articles of one outlet, compared case-insensitively
	// (ASCII case folding, as SQLite's NOCASE).
	Source string
	Limit  int // 0 means no limit
	Offset int
}

// ListFiltered calls fn for each article q selects, in q's order, until fn
// returns an error, which it then returns.
func (s *SQLite) ListFiltered(ctx context.Context, q ListQuery, fn func(*Record) error) error {
	var where []string
	var args []any
	if !q.From.IsZero() {
		where = append(where, `date != '' AND date >= ?`)
		args = append(args, formatDate(day(q.From)))
	}
	if !q.To.IsZero() {
		where = append(where, `date != '' AND date < ?`)
		args = append(args, formatDate(day(q.To).AddDate(0, 0, 1)))
	}
	if q.Source != "" {
		where = append(where, `source = ? COLLATE NOCASE`)
		args = append(args, q.Source)
	}
	sql := `SELECT ` + articleCols + ` FROM articles`
	if len(where) > 0 {
		sql += ` WHERE ` + strings.Join(where, ` AND `)
	}
	dir := ``
	if q.Desc {
		dir = ` DESC`
	}
	switch q.Order {
	case ByDate:
		sql += ` ORDER BY date = '', date` + dir + `, id` + dir
	case ByIngest:
		sql += ` ORDER BY seq` + dir
	default:
		sql += ` ORDER BY id` + dir
	}
	if q.Limit > 0 || q.Offset > 0 {
		limit := q.Limit
		if limit <= 0 {
			limit = -1
		}
		sql += ` LIMIT ? OFFSET ?`
		args = append(args, limit, q.Offset)
	}
	rows, err := s.db.QueryContext(ctx, sql, args...)
	if err != nil {
		return fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	return eachRow(rows, "list articles", scanRecord, fn)
}

// day returns the UTC midnight starting t's day.
func day(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}
