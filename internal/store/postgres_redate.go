package store

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/article"
)

var _ Redater = (*Postgres)(nil)

// Redate implements Redater: in one transaction, holding the articles'
// locks as Put does, it checks every document against the stored current
// version, then replaces the dates and the analysis.
func (p *Postgres) Redate(ctx context.Context, batch []*Doc) error {
	if len(batch) == 0 {
		return nil
	}
	ids := make([]string, len(batch))
	for i, d := range batch {
		ids[i] = pgText(d.Article.ID)
	}
	tx, err := p.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if err := lockArticles(ctx, tx, ids); err != nil {
		return err
	}
	rows, err := tx.Query(ctx, `SELECT id, hash FROM articles WHERE id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("look up batch: %w", err)
	}
	hashes, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) ([2]string, error) {
		var v [2]string
		err := r.Scan(&v[0], &v[1])
		return v, err
	})
	if err != nil {
		return fmt.Errorf("look up batch: %w", err)
	}
	stored := make(map[string]string, len(hashes))
	for _, h := range hashes {
		stored[h[0]] = h[1]
	}
	var b pgx.Batch
	var what []string
	queue := func(desc, sql string, args ...any) {
		b.Queue(sql, args...)
		what = append(what, desc)
	}
	analysed := make(map[string]*Doc, len(batch))
	var order []string
	for i, d := range batch {
		a, id := d.Article, ids[i]
		hash, ok := stored[id]
		if !ok {
			return fmt.Errorf("redate %q: %w", a.ID, ErrNotFound)
		}
		if hash != article.ContentHash(a) {
			return fmt.Errorf("redate %s: %w", a.ID, ErrContentChanged)
		}
		queue("redate "+id, `UPDATE articles SET date = $1, date_source = $2, date_confidence = $3 WHERE id = $4`,
			pgTime(a.Date.Truncate(time.Second)), pgText(a.DateSource), a.DateConfidence, id)
		queue("replace timexes of "+id, `DELETE FROM timexes WHERE id = $1`, id)
		queue("replace entities of "+id, `DELETE FROM entities WHERE id = $1`, id)
		queue("replace events of "+id, `DELETE FROM events WHERE id = $1`, id)
		if _, ok := analysed[id]; !ok {
			order = append(order, id)
		}
		analysed[id] = d
	}
	if err := queueAnalysis(order, analysed, queue); err != nil {
		return err
	}
	if err := sendBatch(ctx, tx, &b, what); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit redate: %w", err)
	}
	return nil
}
