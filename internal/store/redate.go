package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/timex"
)

// Redater is implemented by stores that can change the date of a stored
// article in place. Put cannot: the content hash covers the title and text,
// not the date, so storing the same article with a new date is a
// duplicate and changes nothing.
type Redater interface {
	// Redate replaces, for each document of the batch in one transaction,
	// the date, date source and date confidence of the current version of
	// the stored article with the same id, and its timexes, entities and
	// events with the document's. No new version is recorded: the stored
	// title and text must be those of the document (same content hash),
	// else the whole batch fails. An unknown id is an error wrapping
	// ErrNotFound.
	Redate(ctx context.Context, batch []*Doc) error
}

var _ Redater = (*SQLite)(nil)

// ErrContentChanged is returned by Redate when a document's content is not
// that of the stored current version.
var ErrContentChanged = errors.New("content differs from the stored version")

// Redate implements Redater.
func (s *SQLite) Redate(ctx context.Context, batch []*Doc) error {
	if len(batch) == 0 {
		return nil
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback()
	var stmts []*sql.Stmt
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	queries := []string{
		`UPDATE articles SET date = ?, date_source = ?, date_confidence = ? WHERE id = ? AND hash = ?`,
		`DELETE FROM timexes WHERE id = ?`,
		`INSERT INTO timexes(id, n, start, end, text, type, value, mod, quant, freq) VALUES (?,?,?,?,?,?,?,?,?,?)`,
		`DELETE FROM entities WHERE id = ?`,
		`INSERT INTO entities(id, n, key, type, name, source, country, admin, geoid, aliases, roles, mentions) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
		`DELETE FROM events WHERE id = ?`,
		`INSERT INTO events(id, n, kind, status, value, start, place, names, data) VALUES (?,?,?,?,?,?,?,?,?)`,
	}
	for _, q := range queries {
		st, err := tx.PrepareContext(ctx, q)
		if err != nil {
			return fmt.Errorf("prepare %.30s: %w", q, err)
		}
		stmts = append(stmts, st)
	}
	update, dropTimexes, addTimex, dropEntities, addEntity, dropEvents, addEvent := stmts[0], stmts[1], stmts[2], stmts[3], stmts[4], stmts[5], stmts[6]
	for _, d := range batch {
		a := d.Article
		res, err := update.ExecContext(ctx, formatDate(a.Date), a.DateSource, a.DateConfidence, a.ID, article.ContentHash(a))
		if err != nil {
			return fmt.Errorf("redate %s: %w", a.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("redate %s: %w", a.ID, err)
		} else if n == 0 {
			var one int
			err := tx.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, a.ID).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("redate %q: %w", a.ID, ErrNotFound)
			}
			if err != nil {
				return fmt.Errorf("redate %s: %w", a.ID, err)
			}
			return fmt.Errorf("redate %s: %w", a.ID, ErrContentChanged)
		}
		for _, st := range []*sql.Stmt{dropTimexes, dropEntities, dropEvents} {
			if _, err := st.ExecContext(ctx, a.ID); err != nil {
				return fmt.Errorf("replace analysis of %s: %w", a.ID, err)
			}
		}
		for n, ev := range d.Events {
			data, err := json.Marshal(ev)
			if err != nil {
				return fmt.Errorf("encode event %d of %s: %w", n, a.ID, err)
			}
			start := ""
			if t, _, ok := timex.ValueRange(ev.When); ok {
				start = t.UTC().Format("2006-01-02")
			}
			names := "\x1f" + strings.ToLower(strings.Join(ev.Names(), "\x1f")) + "\x1f"
			if _, err := addEvent.ExecContext(ctx, a.ID, n, ev.Kind, ev.Status, ev.When, start, ev.Place, names, string(data)); err != nil {
				return fmt.Errorf("store event %d of %s: %w", n, a.ID, err)
			}
		}
		for n, e := range d.Entities {
			aliases, roles, mentions, err := entityJSON(e)
			if err != nil {
				return fmt.Errorf("encode entity %d of %s: %w", n, a.ID, err)
			}
			if _, err := addEntity.ExecContext(ctx, a.ID, n, e.Key, e.Type, e.Name, e.Source, e.Country,
				e.Admin, e.GeoID, aliases, roles, mentions); err != nil {
				return fmt.Errorf("store entity %d of %s: %w", n, a.ID, err)
			}
		}
		for n, t := range d.Timexes {
			if _, err := addTimex.ExecContext(ctx, a.ID, n, t.Start, t.End, t.Text, t.Type, t.Value,
				t.Mod, t.Quant, t.Freq); err != nil {
				return fmt.Errorf("store timex %d of %s: %w", n, a.ID, err)
			}
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("commit redate: %w", err)
	}
	return nil
}
