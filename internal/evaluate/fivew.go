package evaluate

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/article"
)

// FiveWGold is one Giveme5W1H gold article: the who, when and where
// answers that at least two coders gave (coderPhraseCount ≥ 2).
type FiveWGold struct {
	ID    string
	File  string
	Who   []string
	When  []string
	Where []string
}

// ReadFiveWGold reads the gold answers of every *.json file (news-please
// JSON with a fiveWoneH field) in dir, sorted by file name.
func ReadFiveWGold(dir string) ([]FiveWGold, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, err
	}
	sort.Strings(files)
	var out []FiveWGold
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		var rec struct {
			DID   string `json:"dId"`
			FiveW map[string]struct {
				Annotated []struct {
					Count int    `json:"coderPhraseCount"`
					Text  string `json:"text"`
				} `json:"annotated"`
			} `json:"fiveWoneH"`
		}
		if err := json.Unmarshal(b, &rec); err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		g := FiveWGold{ID: rec.DID, File: f}
		get := func(q string) []string {
			var s []string
			for _, a := range rec.FiveW[q].Annotated {
				if a.Count >= 2 && strings.TrimSpace(a.Text) != "" {
					s = append(s, a.Text)
				}
			}
			return s
		}
		g.Who, g.When, g.Where = get("who"), get("when"), get("where")
		out = append(out, g)
	}
	return out, nil
}

// FiveWQuestion counts one question over articles that have gold answers
// for it: Answered articles got a system answer, Correct ones overlap a
// gold answer; Gold is the number of such articles.
type FiveWQuestion struct {
	Gold     int `json:"gold"`
	Answered int `json:"answered"`
	Correct  int `json:"correct"`
}

// PRF returns precision (Correct/Answered), recall (Correct/Gold) and F1.
func (q FiveWQuestion) PRF() (p, r, f float64) { return Ratios(q.Correct, q.Answered, q.Gold) }

func (q *FiveWQuestion) add(o FiveWQuestion) {
	q.Gold += o.Gold
	q.Answered += o.Answered
	q.Correct += o.Correct
}

// FiveWScore is the Giveme5W1H score of who, when and where.
type FiveWScore struct {
	Docs  int           `json:"docs"`
	Who   FiveWQuestion `json:"who"`
	When  FiveWQuestion `json:"when"`
	Where FiveWQuestion `json:"where"`
}

// Add accumulates o into s.
func (s *FiveWScore) Add(o FiveWScore) {
	s.Docs += o.Docs
	s.Who.add(o.Who)
	s.When.add(o.When)
	s.Where.add(o.Where)
}

// String formats the score on one line.
func (s FiveWScore) String() string {
	f := func(name string, q FiveWQuestion) string {
		p, r, _ := q.PRF()
		return fmt.Sprintf("%s P=%.3f R=%.3f (%d/%d answered, %d gold)", name, p, r, q.Correct, q.Answered, q.Gold)
	}
	return fmt.Sprintf("docs=%d %s; %s; %s", s.Docs, f("who", s.Who), f("when", s.When), f("where", s.Where))
}

// ScoreFiveW scores one article's answers against its gold. A question
// counts only when the gold has an answer for it; a system answer is
// correct when it overlaps (shares a content word with) one gold answer;
// for who, when one of the names does.
func ScoreFiveW(g FiveWGold, a FiveWAnswer) FiveWScore {
	s := FiveWScore{Docs: 1}
	q := func(gold, sys []string) FiveWQuestion {
		var r FiveWQuestion
		if len(gold) == 0 {
			return r
		}
		r.Gold = 1
		if len(sys) == 0 {
			return r
		}
		r.Answered = 1
		for _, x := range sys {
			for _, y := range gold {
				if Overlaps(x, y) {
					r.Correct = 1
					return r
				}
			}
		}
		return r
	}
	one := func(x string) []string {
		if x == "" {
			return nil
		}
		return []string{x}
	}
	s.Who = q(g.Who, a.Who)
	s.When = q(g.When, one(a.When))
	s.Where = q(g.Where, one(a.Where))
	return s
}

var fivewStop = map[string]bool{
	"the": true, "a": true, "an": true, "of": true, "in": true, "at": true, "on": true, "and": true,
	"to": true, "for": true, "by": true, "near": true, "with": true, "from": true, "s": true,
}

// Overlaps reports whether two answers share a content word, compared
// case-insensitively.
func Overlaps(a, b string) bool {
	words := func(s string) []string {
		return strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	}
	bs := map[string]bool{}
	for _, w := range words(b) {
		bs[w] = true
	}
	for _, w := range words(a) {
		if !fivewStop[w] && bs[w] {
			return true
		}
	}
	return false
}

// FiveWAnswer is a system's who, when and where for one article; empty
// fields are no answer.
type FiveWAnswer struct {
	Who   []string `json:"who,omitempty"`
	When  string   `json:"when,omitempty"`
	Where string   `json:"where,omitempty"`
}

// FiveWAnalyse answers who, when and where for one article as read from
// the gold file (not yet cleaned).
type FiveWAnalyse func(ctx context.Context, a *article.Article) (FiveWAnswer, error)

// FiveWResult is one article's answers and score.
type FiveWResult struct {
	Gold   FiveWGold   `json:"-"`
	Answer FiveWAnswer `json:"answer"`
	Score  FiveWScore  `json:"score"`
}

// EvalFiveW reads every gold article of dir with article.NewReader, has
// analyse answer it (normally: clean, document date, TIMEX3s, entities,
// events, then the main event's answers, as the pipeline does) and scores
// the answers. It returns the total and the per-article results in file
// order.
func EvalFiveW(ctx context.Context, dir string, analyse FiveWAnalyse) (FiveWScore, []FiveWResult, error) {
	var total FiveWScore
	golds, err := ReadFiveWGold(dir)
	if err != nil {
		return total, nil, err
	}
	rd := article.NewReader(article.Options{})
	var out []FiveWResult
	for _, g := range golds {
		if err := ctx.Err(); err != nil {
			return total, out, err
		}
		var a *article.Article
		err := rd.ReadPaths(ctx, []string{g.File}, nil, func(it article.Item) error {
			if it.Err != nil {
				return it.Err
			}
			if a == nil {
				a = it.Article
			}
			return nil
		})
		if err != nil {
			return total, out, err
		}
		if a == nil {
			continue
		}
		ans, err := analyse(ctx, a)
		if err != nil {
			return total, out, fmt.Errorf("%s: %w", g.File, err)
		}
		s := ScoreFiveW(g, ans)
		total.Add(s)
		out = append(out, FiveWResult{Gold: g, Answer: ans, Score: s})
	}
	return total, out, nil
}
