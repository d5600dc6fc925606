package evaluate

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/timex"
)

// TimexScore holds TempEval-3 task A counts for TIMEX3 recognition and
// normalisation. Creation-time TIMEX3s are never counted. Matching is one to
// one: each gold expression is paired with at most one system expression.
type TimexScore struct {
	Docs    int `json:"docs"`
	Gold    int `json:"gold"`    // gold TIMEX3s
	System  int `json:"system"`  // system TIMEX3s
	Strict  int `json:"strict"`  // pairs with identical extents
	Relaxed int `json:"relaxed"` // pairs with overlapping extents
	TypeOK  int `json:"type_ok"` // relaxed pairs whose type agrees
	ValueOK int `json:"value_ok"`
}

// Add accumulates o into s.
func (s *TimexScore) Add(o TimexScore) {
	s.Docs += o.Docs
	s.Gold += o.Gold
	s.System += o.System
	s.Strict += o.Strict
	s.Relaxed += o.Relaxed
	s.TypeOK += o.TypeOK
	s.ValueOK += o.ValueOK
}

// Ratios returns precision, recall and F1 for n correct items against the
// system and gold totals (0 when undefined).
func Ratios(n, system, gold int) (p, r, f float64) {
	if system > 0 {
		p = float64(n) / float64(system)
	}
	if gold > 0 {
		r = float64(n) / float64(gold)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// StrictPRF is extent P/R/F1 with exact span matches.
func (s TimexScore) StrictPRF() (p, r, f float64) { return Ratios(s.Strict, s.System, s.Gold) }

// RelaxedPRF is extent P/R/F1 with overlapping span matches.
func (s TimexScore) RelaxedPRF() (p, r, f float64) { return Ratios(s.Relaxed, s.System, s.Gold) }

// TypeF1 is the F1 of relaxed matches that also agree on type, as in the
// official TempEval-3 script (type accuracy × relaxed F1).
func (s TimexScore) TypeF1() float64 { _, _, f := Ratios(s.TypeOK, s.System, s.Gold); return f }

// ValueF1 is the F1 of relaxed matches that also agree on value.
func (s TimexScore) ValueF1() float64 { _, _, f := Ratios(s.ValueOK, s.System, s.Gold); return f }

// String formats the score on one line.
func (s TimexScore) String() string {
	sp, sr, sf := s.StrictPRF()
	rp, rr, rf := s.RelaxedPRF()
	return fmt.Sprintf("docs=%d gold=%d sys=%d strict P/R/F1=%.4f/%.4f/%.4f relaxed P/R/F1=%.4f/%.4f/%.4f type F1=%.4f value F1=%.4f",
		s.Docs, s.Gold, s.System, sp, sr, sf, rp, rr, rf, s.TypeF1(), s.ValueF1())
}

// TimexPair is one aligned gold/system pair (either side may be nil).
type TimexPair struct {
	Gold, System *timex.Timex
}

// ScoreTimexes scores one document's system timexes against gold ones.
// Both slices are in any order; spans are byte offsets into the same text.
// It also returns the alignment (matched pairs, then misses, then false
// alarms) for error analysis.
func ScoreTimexes(gold, system []timex.Timex) (TimexScore, []TimexPair) {
	s := TimexScore{Docs: 1, Gold: len(gold), System: len(system)}
	used := make([]bool, len(system))
	var pairs []TimexPair
	matched := make([]bool, len(gold))
	// exact matches first, then overlaps
	for pass := 0; pass < 2; pass++ {
		for gi := range gold {
			if matched[gi] {
				continue
			}
			g := &gold[gi]
			for si := range system {
				if used[si] {
					continue
				}
				x := &system[si]
				exact := x.Start == g.Start && x.End == g.End
				overlap := x.Start < g.End && g.Start < x.End
				if pass == 0 && !exact || pass == 1 && !overlap {
					continue
				}
				used[si], matched[gi] = true, true
				s.Relaxed++
				if exact {
					s.Strict++
				}
				if x.Type == g.Type {
					s.TypeOK++
				}
				if x.Value == g.Value {
					s.ValueOK++
				}
				pairs = append(pairs, TimexPair{Gold: g, System: x})
				break
			}
		}
	}
	for gi := range gold {
		if !matched[gi] {
			pairs = append(pairs, TimexPair{Gold: &gold[gi]})
		}
	}
	for si := range system {
		if !used[si] {
			pairs = append(pairs, TimexPair{System: &system[si]})
		}
	}
	return s, pairs
}

// TimexDocResult is the outcome for one gold file.
type TimexDocResult struct {
	Path   string
	Doc    timex.Doc
	System []timex.Timex
	Score  TimexScore
	Pairs  []TimexPair
}

// TimexReport holds scores per corpus (the gold directory's immediate
// sub-directory, or the directory's own name for files directly in it) and
// pooled over all files.
type TimexReport struct {
	Corpora map[string]TimexScore `json:"corpora"`
	Pooled  TimexScore            `json:"pooled"`
	Docs    []TimexDocResult      `json:"-"`
}

// CorpusNames returns the corpus names in sorted order.
func (r TimexReport) CorpusNames() []string {
	names := make([]string, 0, len(r.Corpora))
	for k := range r.Corpora {
		names = append(names, k)
	}
	sort.Strings(names)
	return names
}

// EvalTimexDir tags every *.tml file under dir with tagger, anchored at each
// file's creation time (its gold TIMEX3s are ignored when tagging), and scores
// the output against the gold TIMEX3s (TempEval-3 task A).
func EvalTimexDir(dir string, tagger *timex.Tagger) (TimexReport, error) {
	rep := TimexReport{Corpora: map[string]TimexScore{}}
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(path, ".tml") {
			files = append(files, path)
		}
		return nil
	})
	if err != nil {
		return rep, fmt.Errorf("eval timex: walk %s: %w", dir, err)
	}
	if len(files) == 0 {
		return rep, errors.New("eval timex: no .tml files under " + dir)
	}
	sort.Strings(files)
	for _, path := range files {
		f, err := os.Open(path)
		if err != nil {
			return rep, fmt.Errorf("eval timex: %w", err)
		}
		doc, err := timex.ParseTimeML(f)
		f.Close()
		if err != nil {
			return rep, fmt.Errorf("eval timex: %s: %w", path, err)
		}
		sys := tagger.Tag(doc.Text, doc.DCT)
		sc, pairs := ScoreTimexes(doc.Gold, sys)
		corpus := filepath.Base(dir)
		if rel, err := filepath.Rel(dir, path); err == nil {
			if parts := strings.Split(filepath.ToSlash(rel), "/"); len(parts) > 1 {
				corpus = parts[0]
			}
		}
		c := rep.Corpora[corpus]
		c.Add(sc)
		rep.Corpora[corpus] = c
		rep.Pooled.Add(sc)
		rep.Docs = append(rep.Docs, TimexDocResult{Path: path, Doc: doc, System: sys, Score: sc, Pairs: pairs})
	}
	return rep, nil
}
