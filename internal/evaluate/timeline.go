package evaluate

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"
	"time"
)

// DatedText is one timeline entry as the Timeline17 gold files and
// `storyline eval timeline --out` write it: a day and its summary.
type DatedText struct {
	Date string `json:"date"` // YYYY-MM-DD
	Text string `json:"text"`
}

// ReadTimeline reads a JSON list of DatedText.
func ReadTimeline(path string) ([]DatedText, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var tl []DatedText
	if err := json.Unmarshal(b, &tl); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	for _, e := range tl {
		if _, err := time.Parse(time.DateOnly, e.Date); err != nil {
			return nil, fmt.Errorf("%s: bad date %q", path, e.Date)
		}
	}
	return tl, nil
}

// PR is a precision/recall pair; F is computed from it.
type PR struct {
	P float64 `json:"p"`
	R float64 `json:"r"`
}

// F returns the harmonic mean of P and R (0 when both are 0).
func (x PR) F() float64 { return fScore(x.P, x.R) }

// MarshalJSON writes p, r and f.
func (x PR) MarshalJSON() ([]byte, error) {
	return json.Marshal(struct{ P, R, F float64 }{x.P, x.R, x.F()})
}

// TimelineScore holds the measures of one predicted timeline against one
// reference timeline, as news-tls reports them: date selection, and ROUGE-1
// and ROUGE-2 under tilse's "concat" and "align_date_content_costs_many_to_one"
// variants.
type TimelineScore struct {
	Date          PR `json:"date"`
	Concat1       PR `json:"concat_rouge_1"`
	Concat2       PR `json:"concat_rouge_2"`
	AlignM1Rouge1 PR `json:"align_m1_rouge_1"`
	AlignM1Rouge2 PR `json:"align_m1_rouge_2"`
}

// AverageScores averages precision and recall of every measure over scores
// (F of the averages is then what news-tls reports).
func AverageScores(scores []TimelineScore) TimelineScore {
	var a TimelineScore
	if len(scores) == 0 {
		return a
	}
	n := float64(len(scores))
	add := func(dst *PR, x PR) { dst.P += x.P / n; dst.R += x.R / n }
	for _, s := range scores {
		add(&a.Date, s.Date)
		add(&a.Concat1, s.Concat1)
		add(&a.Concat2, s.Concat2)
		add(&a.AlignM1Rouge1, s.AlignM1Rouge1)
		add(&a.AlignM1Rouge2, s.AlignM1Rouge2)
	}
	return a
}

// day is a timeline entry prepared for scoring.
type day struct {
	ord   int      // days since the epoch
	raw   []string // whitespace tokens, for tilse's ROUGE approximation
	grams [2]map[string]int
}

func (r *Rouge) prepare(tl []DatedText) ([]day, error) {
	byDate := map[string][]string{}
	for _, e := range tl {
		byDate[e.Date] = append(byDate[e.Date], e.Text)
	}
	out := make([]day, 0, len(byDate))
	for d, texts := range byDate {
		t, err := time.Parse(time.DateOnly, d)
		if err != nil {
			return nil, fmt.Errorf("bad date %q", d)
		}
		all := strings.Join(texts, " ")
		toks := r.Tokens(all)
		out = append(out, day{
			ord:   int(t.Unix() / 86400),
			raw:   strings.Fields(all),
			grams: [2]map[string]int{NGrams(toks, 1), NGrams(toks, 2)},
		})
	}
	slices.SortFunc(out, func(a, b day) int { return a.ord - b.ord })
	return out, nil
}

// ScoreTimeline scores a predicted timeline against one reference timeline.
// Entries sharing a date are one daily summary.
func (r *Rouge) ScoreTimeline(pred, ref []DatedText) (TimelineScore, error) {
	var s TimelineScore
	p, err := r.prepare(pred)
	if err != nil {
		return s, fmt.Errorf("predicted timeline: %w", err)
	}
	g, err := r.prepare(ref)
	if err != nil {
		return s, fmt.Errorf("reference timeline: %w", err)
	}
	// Dates.
	refDates := map[int]bool{}
	for _, d := range g {
		refDates[d.ord] = true
	}
	shared := 0
	for _, d := range p {
		if refDates[d.ord] {
			shared++
		}
	}
	if len(p) > 0 {
		s.Date.P = float64(shared) / float64(len(p))
	}
	if len(g) > 0 {
		s.Date.R = float64(shared) / float64(len(g))
	}
	// Concat.
	for n := range 2 {
		pc, gc := map[string]int{}, map[string]int{}
		for _, d := range p {
			addCounts(pc, d.grams[n])
		}
		for _, d := range g {
			addCounts(gc, d.grams[n])
		}
		c := Count(pc, gc)
		x := PR{}
		x.P, x.R, _ = c.PRF()
		if n == 0 {
			s.Concat1 = x
		} else {
			s.Concat2 = x
		}
	}
	s.AlignM1Rouge1, s.AlignM1Rouge2 = alignManyToOne(p, g)
	return s, nil
}

func addCounts(dst, src map[string]int) {
	for k, v := range src {
		dst[k] += v
	}
}

// alignManyToOne is tilse's evaluate_align_date_content_costs_many_to_one:
// for precision every predicted date is aligned to the reference date of
// least cost, for recall every reference date to the predicted date of least
// cost, the cost being (1 - 1/(|Δdays|+1)) · (1 - approximate ROUGE-1 F);
// aligned hits are weighted by 1/(|Δdays|+1).
func alignManyToOne(p, g []day) (r1, r2 PR) {
	var precNum, precDen, recNum, recDen [2]float64
	// Precision: rows are predicted dates.
	for _, pd := range p {
		if len(g) == 0 {
			for n := range 2 {
				c := Count(pd.grams[n], nil)
				precDen[n] += c.Peer
			}
			continue
		}
		best := argminCost(pd, g, func(x day) (day, day) { return pd, x })
		gd := g[best]
		w := 1 / (math.Abs(float64(pd.ord-gd.ord)) + 1)
		for n := range 2 {
			c := Count(pd.grams[n], gd.grams[n])
			precNum[n] += w * c.Hit
			precDen[n] += c.Peer
		}
	}
	// Recall: rows are reference dates.
	for _, gd := range g {
		if len(p) == 0 {
			for n := range 2 {
				c := Count(nil, gd.grams[n])
				recDen[n] += c.Model
			}
			continue
		}
		best := argminCost(gd, p, func(x day) (day, day) { return x, gd })
		pd := p[best]
		w := 1 / (math.Abs(float64(pd.ord-gd.ord)) + 1)
		for n := range 2 {
			c := Count(pd.grams[n], gd.grams[n])
			recNum[n] += w * c.Hit
			recDen[n] += c.Model
		}
	}
	var out [2]PR
	for n := range 2 {
		if precDen[n] > 0 {
			out[n].P = precNum[n] / precDen[n]
		}
		if recDen[n] > 0 {
			out[n].R = recNum[n] / recDen[n]
		}
	}
	return out[0], out[1]
}

// argminCost returns the index in others of least cost from d, the first
// one on ties (numpy's argmin). order maps (d, other) to (predicted, reference).
func argminCost(d day, others []day, order func(day) (day, day)) int {
	best, bestCost := 0, math.Inf(1)
	for i, o := range others {
		pd, gd := order(o)
		dateFactor := 1 - 1/(math.Abs(float64(d.ord-o.ord))+1)
		cost := dateFactor * (1 - rougeApprox(pd.raw, gd.raw))
		if cost < bestCost {
			best, bestCost = i, cost
		}
	}
	return best
}

// rougeApprox is tilse's compute_rouge_approximation for one reference:
// unigram F1 over raw whitespace tokens, without normalisation.
func rougeApprox(pred, ref []string) float64 {
	pc := map[string]int{}
	for _, t := range pred {
		pc[t]++
	}
	rc := map[string]int{}
	for _, t := range ref {
		rc[t]++
	}
	match := 0
	for t, n := range pc {
		match += min(n, rc[t])
	}
	var p, r float64
	if len(pred) > 0 {
		p = float64(match) / float64(len(pred))
	}
	if len(ref) > 0 {
		r = float64(match) / float64(len(ref))
	}
	return fScore(p, r)
}
