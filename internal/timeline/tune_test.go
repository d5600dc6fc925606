package timeline

import (
	"encoding/gob"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// tuneTopic is one development timeline prepared for date-ranker tuning.
type tuneTopic struct {
	name  string
	topic string // story, for cross-validation by topic
	feats map[int]*features
	gold  map[int]bool
	from  int
	to    int
}

func loadTuneTopics(t *testing.T, cache, data string) []tuneTopic {
	var out []tuneTopic
	files, _ := filepath.Glob(filepath.Join(cache, "*.gob"))
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".gob")
		fh, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		var docs []Doc
		if err := gob.NewDecoder(fh).Decode(&docs); err != nil {
			t.Fatal(err)
		}
		fh.Close()
		st := prepare(docs)
		feats := st.dateFeatures()
		golds, _ := filepath.Glob(filepath.Join(data, name, "*.timeline.json"))
		for _, g := range golds {
			b, _ := os.ReadFile(g)
			var tl []struct{ Date string }
			json.Unmarshal(b, &tl)
			tt := tuneTopic{name: name, topic: strings.Split(name, "_")[0], feats: feats, gold: map[int]bool{}, from: 1 << 30, to: -1}
			for _, e := range tl {
				d, _ := time.Parse(time.DateOnly, e.Date)
				x := dayOf(d)
				tt.gold[x] = true
				tt.from, tt.to = min(tt.from, x), max(tt.to, x)
			}
			out = append(out, tt)
		}
	}
	return out
}

// dateF returns the date F1 (from averaged P and R) of weights w on topics.
func dateF(topics []tuneTopic, w *dateWeights) float64 {
	p, r := datePR(topics, w)
	return 2 * p * r / (p + r)
}

// datePR returns the date precision and recall averaged over topics.
func datePR(topics []tuneTopic, w *dateWeights) (float64, float64) {
	var P, R float64
	for _, tt := range topics {
		st := &story{}
		_ = st
		var ds []dayScore
		for d, f := range tt.feats {
			if d >= tt.from && d <= tt.to {
				ds = append(ds, dayScore{d, f.score(w)})
			}
		}
		sortDays(ds)
		n := len(tt.gold)
		hit := 0
		for i := 0; i < n && i < len(ds); i++ {
			if tt.gold[ds[i].day] {
				hit++
			}
		}
		P += float64(hit) / float64(min(n, len(ds))) / float64(len(topics))
		R += float64(hit) / float64(n) / float64(len(topics))
	}
	return P, R
}

// fitWeights climbs coordinate-wise from the defaults.
func fitWeights(topics []tuneTopic) dateWeights {
	w := defaultDateWeights
	best := dateF(topics, &w)
	steps := []float64{-1, -0.5, -0.25, -0.1, 0.1, 0.25, 0.5, 1}
	for range 4 {
		improved := false
		for i := range nFeatures {
			for _, s := range steps {
				c := w
				c[i] += s
				if f := dateF(topics, &c); f > best+1e-9 {
					best, w, improved = f, c, true
				}
			}
		}
		if !improved {
			break
		}
	}
	return w
}

// TestTuneDates fits the date ranker's weights on the cached development
// topics and reports the leave-one-topic-out figure. It runs only when
// STORYLINE_TIMELINE_CACHE names a cache written by the evaluate package's
// Timeline17 test.
func TestTuneDates(t *testing.T) {
	cache := os.Getenv("STORYLINE_TIMELINE_CACHE")
	if cache == "" {
		t.Skip("set STORYLINE_TIMELINE_CACHE to run")
	}
	topics := loadTuneTopics(t, cache, "../../../shared/data/t17")
	if len(topics) == 0 {
		t.Skip("no cached topics")
	}
	t.Logf("default weights: date F1 %.3f", dateF(topics, &defaultDateWeights))
	for i := range nFeatures {
		var w dateWeights
		w[i] = 1
		t.Logf("feature %d alone: %.3f", i, dateF(topics, &w))
	}
	all := fitWeights(topics)
	t.Logf("fitted on all: %.3f %v", dateF(topics, &all), all)
	groups := map[string]bool{}
	for _, tt := range topics {
		groups[tt.topic] = true
	}
	var cvP, cvR float64
	for g := range groups {
		var train, test []tuneTopic
		for _, tt := range topics {
			if tt.topic == g {
				test = append(test, tt)
			} else {
				train = append(train, tt)
			}
		}
		w := fitWeights(train)
		f := dateF(test, &w)
		t.Logf("held out %s (%d): %.3f (default %.3f) %v", g, len(test), f, dateF(test, &defaultDateWeights), w)
		_ = cvP
		_ = cvR
	}
}

func TestTuneCandidates(t *testing.T) {
	cache := os.Getenv("STORYLINE_TIMELINE_CACHE")
	if cache == "" {
		t.Skip("set STORYLINE_TIMELINE_CACHE to run")
	}
	topics := loadTuneTopics(t, cache, "../../../shared/data/t17")
	cands := map[string]dateWeights{
		"default":          defaultDateWeights,
		"mentions":         {fMentionDocs: 1},
		"sources":          {fSources: 1},
		"sources+later":    {fSources: 1, fLaterDocs: .5},
		"src+.5l+.05month": {fSources: 1, fLaterDocs: .5, fMonthMentions: .05},
		"src+.5l+.2month":  {fSources: 1, fLaterDocs: .5, fMonthMentions: .2},
		"src+.5l+.1month":  {fSources: 1, fLaterDocs: .5, fMonthMentions: .1},
		"src+1l+.2month":   {fSources: 1, fLaterDocs: 1, fMonthMentions: .2},
		"src+2l+.1month":   {fSources: 1, fLaterDocs: 2, fMonthMentions: .1},
		"src+.1month":      {fSources: 1, fMonthMentions: .1},
	}
	for name, w := range cands {
		line := ""
		for _, g := range []string{"H1N1", "MJ", "bpoil", "haiti"} {
			var sub []tuneTopic
			for _, tt := range topics {
				if tt.topic == g {
					sub = append(sub, tt)
				}
			}
			line += " " + g + "=" + strconv.FormatFloat(dateF(sub, &w), 'f', 3, 64)
		}
		t.Logf("%-18s %.3f %s", name, dateF(topics, &w), line)
	}
	// Cross-validation by story: choose the candidate best on the other
	// stories, score it on the held-out one; P and R averaged over all
	// held-out timelines.
	var P, R float64
	for _, g := range []string{"H1N1", "MJ", "bpoil", "haiti"} {
		var train, test []tuneTopic
		for _, tt := range topics {
			if tt.topic == g {
				test = append(test, tt)
			} else {
				train = append(train, tt)
			}
		}
		bestName, bestF := "", -1.0
		for name, w := range cands {
			if f := dateF(train, &w); f > bestF || f == bestF && name < bestName {
				bestName, bestF = name, f
			}
		}
		w := cands[bestName]
		p, r := datePR(test, &w)
		P += p * float64(len(test)) / float64(len(topics))
		R += r * float64(len(test)) / float64(len(topics))
		t.Logf("held out %s: chose %s, date F1 %.3f", g, bestName, 2*p*r/(p+r))
	}
	t.Logf("cross-validated date F1 (ranker only): %.3f", 2*P*R/(P+R))
}

func TestDumpDates(t *testing.T) {
	cache, which := os.Getenv("STORYLINE_TIMELINE_CACHE"), os.Getenv("STORYLINE_DUMP")
	if cache == "" || which == "" {
		t.Skip("set STORYLINE_TIMELINE_CACHE and STORYLINE_DUMP to run")
	}
	for _, tt := range loadTuneTopics(t, cache, "../../../shared/data/t17") {
		if tt.name != which {
			continue
		}
		var ds []dayScore
		for d, f := range tt.feats {
			if d >= tt.from && d <= tt.to {
				ds = append(ds, dayScore{d, f.score(&defaultDateWeights)})
			}
		}
		sortDays(ds)
		for i, x := range ds {
			if i >= 2*len(tt.gold) && !tt.gold[x.day] {
				continue
			}
			mark := " "
			if tt.gold[x.day] {
				mark = "G"
			}
			t.Logf("%3d %s %s %.2f %v", i, mark, dayTime(x.day).Format(time.DateOnly), x.score, *tt.feats[x.day])
		}
	}
}

// normFeats returns the in-range features of a topic scaled by their
// maximum in the topic, so stories of different sizes share one scale.
func normFeats(tt tuneTopic) (days []int, xs [][nFeatures + 1]float64) {
	var mx features
	for d, f := range tt.feats {
		if d < tt.from || d > tt.to {
			continue
		}
		for i, x := range f {
			mx[i] = math.Max(mx[i], x)
		}
	}
	for d, f := range tt.feats {
		if d < tt.from || d > tt.to {
			continue
		}
		var x [nFeatures + 1]float64
		for i, v := range f {
			if mx[i] > 0 {
				x[i] = v / mx[i]
			}
		}
		x[nFeatures] = 1
		days = append(days, d)
		xs = append(xs, x)
	}
	return days, xs
}

func fitLogistic(topics []tuneTopic) [nFeatures + 1]float64 {
	var w [nFeatures + 1]float64
	type ex struct {
		x [nFeatures + 1]float64
		y float64
	}
	var data []ex
	for _, tt := range topics {
		days, xs := normFeats(tt)
		for i, d := range days {
			y := 0.0
			if tt.gold[d] {
				y = 1
			}
			data = append(data, ex{xs[i], y})
		}
	}
	lr := 0.5
	for range 300 {
		var g [nFeatures + 1]float64
		for _, e := range data {
			z := 0.0
			for i := range w {
				z += w[i] * e.x[i]
			}
			p := 1 / (1 + math.Exp(-z))
			for i := range w {
				g[i] += (p - e.y) * e.x[i]
			}
		}
		for i := range w {
			w[i] -= lr * (g[i]/float64(len(data)) + 0.001*w[i])
		}
	}
	return w
}

func logisticPR(topics []tuneTopic, w [nFeatures + 1]float64) (float64, float64) {
	var P, R float64
	for _, tt := range topics {
		days, xs := normFeats(tt)
		var ds []dayScore
		for i, d := range days {
			z := 0.0
			for j := range w {
				z += w[j] * xs[i][j]
			}
			ds = append(ds, dayScore{d, z})
		}
		sortDays(ds)
		n := len(tt.gold)
		hit := 0
		for i := 0; i < n && i < len(ds); i++ {
			if tt.gold[ds[i].day] {
				hit++
			}
		}
		P += float64(hit) / float64(min(n, len(ds))) / float64(len(topics))
		R += float64(hit) / float64(n) / float64(len(topics))
	}
	return P, R
}

func TestTuneLogistic(t *testing.T) {
	cache := os.Getenv("STORYLINE_TIMELINE_CACHE")
	if cache == "" {
		t.Skip("set STORYLINE_TIMELINE_CACHE to run")
	}
	topics := loadTuneTopics(t, cache, "../../../shared/data/t17")
	w := fitLogistic(topics)
	p, r := logisticPR(topics, w)
	t.Logf("logistic, fitted on all: %.3f %v", 2*p*r/(p+r), w)
	var P, R float64
	for _, g := range []string{"H1N1", "MJ", "bpoil", "haiti"} {
		var train, test []tuneTopic
		for _, tt := range topics {
			if tt.topic == g {
				test = append(test, tt)
			} else {
				train = append(train, tt)
			}
		}
		w := fitLogistic(train)
		p, r := logisticPR(test, w)
		P += p * float64(len(test)) / float64(len(topics))
		R += r * float64(len(test)) / float64(len(topics))
		t.Logf("held out %s: %.3f", g, 2*p*r/(p+r))
	}
	t.Logf("logistic cross-validated date F1: %.3f", 2*P*R/(P+R))
}
