package evaluate_test

import (
	"context"
	"os"
	"testing"

	"github.com/storyline-news/storyline/internal/article"
	"github.com/storyline-news/storyline/internal/clean"
	"github.com/storyline-news/storyline/internal/evaluate"
	"github.com/storyline-news/storyline/internal/event"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

const fivewGoldDir = "../../../shared/data/giveme5w1h-gold"

// fivewAnalyse is the per-article analysis as the pipeline runs it (clean,
// then pipeline.Analyser: document date, TIMEX3s, entities, events)
// followed by the main event's answers, as `storyline eval 5w1h` wires it.
func fivewAnalyse(t testing.TB) evaluate.FiveWAnalyse {
	t.Helper()
	cl, an := clean.New(clean.Options{}), pipeline.NewAnalyser()
	return func(ctx context.Context, a *article.Article) (evaluate.FiveWAnswer, error) {
		cl.Clean(a)
		d := &store.Doc{Article: a}
		if err := an.Analyse(ctx, d); err != nil {
			return evaluate.FiveWAnswer{}, err
		}
		ans := event.MainAnswers(a.Text, a.Title, a.Date, a.Place, d.Entities, d.Timexes, d.Events)
		return evaluate.FiveWAnswer{Who: ans.Who, When: ans.WhenText, Where: ans.Where}, nil
	}
}

// TestEvalFiveW runs the whole analysis over the Giveme5W1H gold set and
// holds the precision of who, when and where at 0.80 or more.
func TestEvalFiveW(t *testing.T) {
	if _, err := os.Stat(fivewGoldDir); err != nil {
		t.Skip("gold set absent")
	}
	total, res, err := evaluate.EvalFiveW(context.Background(), fivewGoldDir, fivewAnalyse(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Log(total)
	if os.Getenv("FIVEW_DUMP") != "" {
		for _, r := range res {
			s := r.Score
			if s.Who.Answered > s.Who.Correct || s.When.Answered > s.When.Correct || s.Where.Answered > s.Where.Correct {
				t.Logf("%s\n  sys who=%q when=%q where=%q\n  gold who=%q when=%q where=%q", r.Gold.File, r.Answer.Who, r.Answer.When, r.Answer.Where, r.Gold.Who, r.Gold.When, r.Gold.Where)
			}
		}
	}
	for name, q := range map[string]evaluate.FiveWQuestion{"who": total.Who, "when": total.When, "where": total.Where} {
		if p, _, _ := q.PRF(); p < 0.80 {
			t.Errorf("%s precision %.3f < 0.80", name, p)
		}
	}
}
