package timex

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

const tempevalDir = "../../../shared/data/tempeval3"

func TestParseWriteTimeML(t *testing.T) {
	f, err := os.Open(filepath.Join("testdata", "sample.tml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := ParseTimeML(f)
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "TEST001" || doc.DCTValue != "1998-01-08" || !doc.DCT.Equal(day("1998-01-08")) {
		t.Fatalf("header: %+v", doc)
	}
	if len(doc.Gold) != 2 {
		t.Fatalf("gold = %v", doc.Gold)
	}
	for _, g := range doc.Gold {
		if doc.Text[g.Start:g.End] != g.Text {
			t.Errorf("offsets of %q wrong", g.Text)
		}
	}
	if doc.Gold[0].Text != "week" || doc.Gold[0].Value != "P1W" || doc.Gold[1].Text != "Now" || doc.Gold[1].Value != "PRESENT_REF" {
		t.Errorf("gold = %+v", doc.Gold)
	}
	if !strings.Contains(doc.Text, "AT&T") {
		t.Errorf("entities not decoded: %q", doc.Text)
	}
	// Round trip: writing the gold back and parsing gives the same.
	var buf bytes.Buffer
	if err := WriteTimeML(&buf, doc, doc.Gold); err != nil {
		t.Fatal(err)
	}
	written := buf.String()
	doc2, err := ParseTimeML(&buf)
	if err != nil {
		t.Fatalf("%v\n%s", err, written)
	}
	if doc2.Text != doc.Text || len(doc2.Gold) != len(doc.Gold) || doc2.DCTValue != doc.DCTValue {
		t.Fatalf("round trip differs:\n%q\n%q", doc.Text, doc2.Text)
	}
	for i := range doc.Gold {
		a, b := doc.Gold[i], doc2.Gold[i]
		if a.Start != b.Start || a.End != b.End || a.Value != b.Value || a.Type != b.Type {
			t.Errorf("timex %d: %+v vs %+v", i, a, b)
		}
	}
	if !strings.Contains(written, `functionInDocument="CREATION_TIME"`) {
		t.Error("no creation time written")
	}
}

func TestParseTimeMLErrors(t *testing.T) {
	if _, err := ParseTimeML(strings.NewReader("<TimeML><DOCID>x</DOCID></TimeML>")); err == nil {
		t.Error("no error for missing TEXT")
	}
	if _, err := ParseTimeML(strings.NewReader("<TimeML><TEXT>a <b</TEXT>")); err == nil {
		t.Error("no error for broken XML")
	}
}

func TestValidValue(t *testing.T) {
	good := map[string][]string{
		"DATE":     {"2024", "2024-02", "2024-02-29", "2024-W07", "2024-W07-WE", "2024-W07-5", "2024-Q1", "2024-H2", "2024-SP", "199", "19", "XXXX-11", "XXXX-WXX-1", "PAST_REF", "PRESENT_REF", "FUTURE_REF", "2024-02-16TNI", "1999-XX-XX"},
		"TIME":     {"2024-02-16T14:30", "2024-02-16T24:00", "2024-02-16TMO", "XXXX-XX-XXT10:00"},
		"DURATION": {"P5Y", "PT7.5H", "PXD", "P2Y6M", "PT30M", "P1DE", "P1WE"},
		"SET":      {"P1D", "XXXX-WXX-1", "P1Y"},
	}
	bad := map[string][]string{
		"DATE":     {"", "2024-13", "2023-02-29", "2024-W54", "2024-Q5", "P1Y", "2024-02-16T25:00", "now"},
		"DURATION": {"P", "5Y", "2024", "PT"},
		"SET":      {"every"},
		"FOO":      {"2024"},
	}
	for typ, vs := range good {
		for _, v := range vs {
			if !ValidValue(typ, v) {
				t.Errorf("ValidValue(%s, %q) = false", typ, v)
			}
		}
	}
	for typ, vs := range bad {
		for _, v := range vs {
			if ValidValue(typ, v) {
				t.Errorf("ValidValue(%s, %q) = true", typ, v)
			}
		}
	}
}

func TestValueRange(t *testing.T) {
	cases := []struct{ v, from, to string }{
		{"2024", "2024-01-01", "2025-01-01"},
		{"2024-02", "2024-02-01", "2024-03-01"},
		{"2024-02-16", "2024-02-16", "2024-02-17"},
		{"2024-W07", "2024-02-12", "2024-02-19"},
		{"2024-W07-WE", "2024-02-17", "2024-02-19"},
		{"2024-Q3", "2024-07-01", "2024-10-01"},
		{"2023-FA", "2023-09-01", "2023-12-01"},
	}
	for _, c := range cases {
		s, e, ok := ValueRange(c.v)
		if !ok || !s.Equal(day(c.from)) || !e.Equal(day(c.to)) {
			t.Errorf("ValueRange(%q) = %v %v %v", c.v, s, e, ok)
		}
	}
	if _, _, ok := ValueRange("PAST_REF"); ok {
		t.Error("PAST_REF has a range")
	}
}

// TestUnknownAnchor checks that without an anchor relative expressions stay
// underspecified and every value is valid.
func TestUnknownAnchor(t *testing.T) {
	text := "Yesterday he said that last year sales fell, and on Monday in November they will meet again. Two years ago it rained. Now it is Feb. 5."
	want := map[string]string{"Yesterday": "PAST_REF", "last year": "PAST_REF", "Monday": "XXXX-WXX-1", "November": "XXXX-11", "Two years ago": "PAST_REF", "Now": "PRESENT_REF", "Feb. 5": "XXXX-02-05"}
	for _, x := range New().Tag(text, time.Time{}) {
		if w, ok := want[x.Text]; ok && w != x.Value {
			t.Errorf("%q = %q, want %q", x.Text, x.Value, w)
		}
		delete(want, x.Text)
		if !ValidValue(x.Type, x.Value) {
			t.Errorf("invalid value %s %q for %q", x.Type, x.Value, x.Text)
		}
	}
	if len(want) > 0 {
		t.Errorf("not tagged: %v", want)
	}
}

// FuzzTag checks that tagging never panics, spans lie inside the text and
// match Text, spans do not overlap and every value is a valid TIMEX3 value.
func FuzzTag(f *testing.F) {
	for _, s := range []string{
		"On Monday, Feb. 5-6, 2024, at 10:30 a.m. EST the 1990s fiscal 2023 third-quarter",
		"seven and a half hours every year last week 2 1/2 years nineteen ninety-six",
		"the end of January, early next year, 1957-58, 02/05/2024, 2024-02-05",
		"\xff\xfe 5 \u2013 6 May’s ’90s",
		"The day before last Tuesday's hearing, two trading days ago, by year's end; the next morning he will be named for a mission in December.",
		"",
	} {
		f.Add(s, int64(0))
		f.Add(s, int64(1700000000))
	}
	tg := New()
	f.Fuzz(func(t *testing.T, s string, sec int64) {
		var anchor time.Time
		if sec != 0 {
			anchor = time.Unix(sec%(1<<33), 0).UTC()
		}
		prev := 0
		for _, x := range tg.Tag(s, anchor) {
			if x.Start < prev || x.End <= x.Start || x.End > len(s) {
				t.Fatalf("bad span %d-%d (prev end %d, len %d)", x.Start, x.End, prev, len(s))
			}
			if s[x.Start:x.End] != x.Text {
				t.Fatalf("text %q != span %q", x.Text, s[x.Start:x.End])
			}
			prev = x.End
			if anchor.Year() >= 1000 && anchor.Year() <= 9000 || anchor.IsZero() {
				if !ValidValue(x.Type, x.Value) {
					t.Fatalf("invalid value %s %q for %q", x.Type, x.Value, x.Text)
				}
			}
		}
	})
}

func loadTimeBankText(b *testing.B) string {
	files, _ := filepath.Glob(filepath.Join(tempevalDir, "TimeBank", "*.tml"))
	if len(files) == 0 {
		b.Skip("TimeBank not present")
	}
	var sb strings.Builder
	for _, f := range files {
		r, err := os.Open(f)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := ParseTimeML(r)
		r.Close()
		if err != nil {
			b.Fatal(err)
		}
		sb.WriteString(doc.Text)
		sb.WriteString("\n\n")
	}
	return sb.String()
}

// BenchmarkTag tags the whole TimeBank text (about 0.4 MB) per iteration.
func BenchmarkTag(b *testing.B) {
	text := loadTimeBankText(b)
	tg := New()
	anchor := day("1998-01-08")
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for i := 0; i < b.N; i++ {
		n += len(tg.Tag(text, anchor))
	}
	b.ReportMetric(float64(testing.AllocsPerRun(1, func() { tg.Tag(text, anchor) }))/float64(len(text))*1024, "allocs/KB")
	_ = n
}

func TestReadDocAndTagDoc(t *testing.T) {
	doc, err := ReadDoc(strings.NewReader("Officials met on Monday, a week after the talks."), "dir/002_abc.txt")
	if err != nil {
		t.Fatal(err)
	}
	if doc.ID != "002_abc" || doc.Text == "" {
		t.Fatalf("doc = %+v", doc)
	}
	doc.DCT = day("2023-06-21")
	td := New().TagDoc(doc)
	if td.DCT != "2023-06-21" || td.DCTSource != "metadata" || len(td.Timexes) == 0 || td.Timexes[0].ID != "t1" || td.Timexes[0].Value != "2023-06-19" {
		t.Fatalf("tagged = %+v", td)
	}
	f, err := os.Open(filepath.Join("testdata", "sample.tml"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err = ReadDoc(f, "sample.tml")
	if err != nil || doc.ID != "TEST001" || doc.DCT.IsZero() || len(doc.Gold) != 2 {
		t.Fatalf("TimeML doc = %+v, %v", doc, err)
	}
	var buf bytes.Buffer
	plain := Doc{ID: "x", Text: "This week, China celebrates 75 years of Communist Party rule. Talks were held in April 2024."}
	if err := WriteTaggedTimeML(&buf, plain, New().TagDoc(plain)); err != nil {
		t.Fatal(err)
	}
	back, err := ParseTimeML(&buf)
	if err != nil || back.DCTValue == "" || len(back.Gold) == 0 || back.Text != plain.Text {
		t.Fatalf("tagged TimeML = %+v, %v", back, err)
	}
	// An undated text without evidence has an unknown date, never today.
	td = New().TagDoc(Doc{Text: "Nothing here mentions a date at all."})
	if td.DCT != "" || td.DCTSource != "unknown" {
		t.Fatalf("undated = %+v", td)
	}
}

func TestInferDocDate(t *testing.T) {
	tg := New()
	cases := []struct {
		text     string
		from, to string
		ok       bool
	}{
		// The weekday fixes the year; the past-tense date bounds it below.
		{"The vote took place on Monday, Oct. 26, officials said. President Bill Clinton spoke.", "1998-10-26", "1999-02-01", true},
		{"The talks were held in March 2015, and they resumed later.", "2015-04-01", "2015-06-01", true},
		{"date 2023-06-19\nBEIJING - talks.", "2023-06-19", "2023-06-19", true},
		{"No dates at all here.", "", "", false},
	}
	for _, c := range cases {
		d, conf, ok := tg.InferDocDate(c.text)
		if ok != c.ok {
			t.Errorf("%q: ok = %v", c.text, ok)
			continue
		}
		if !ok {
			continue
		}
		if d.Before(day(c.from)) || d.After(day(c.to)) || conf <= 0 || conf > 1 {
			t.Errorf("%q: %s (%.2f), want %s..%s", c.text, d.Format("2006-01-02"), conf, c.from, c.to)
		}
	}
}

// TestInferDocDateTempEval measures document-date inference against the
// creation times of the TempEval-3 training documents (logged, not
// asserted beyond sanity: many have no dating evidence in the text).
func TestInferDocDateTempEval(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	files, _ := filepath.Glob(filepath.Join(tempevalDir, "*", "*.tml"))
	if len(files) == 0 {
		t.Skip("TempEval-3 data not present")
	}
	var n, inferred, sameMonth, within7 int
	tg := New()
	for _, f := range files {
		if strings.Contains(f, "silver") {
			continue
		}
		r, err := os.Open(f)
		if err != nil {
			t.Fatal(err)
		}
		doc, err := ParseTimeML(r)
		r.Close()
		if err != nil || doc.DCT.IsZero() {
			continue
		}
		n++
		d, _, ok := tg.InferDocDate(doc.Text)
		if !ok {
			continue
		}
		inferred++
		if os.Getenv("TIMEX_DUMP") != "" {
			t.Logf("%s dct=%s inferred=%s", filepath.Base(f), doc.DCT.Format("2006-01-02"), d.Format("2006-01-02"))
		}
		if d.Year() == doc.DCT.Year() && d.Month() == doc.DCT.Month() {
			sameMonth++
		}
		if diff := d.Sub(doc.DCT); diff >= -7*24*time.Hour && diff <= 7*24*time.Hour {
			within7++
		}
	}
	t.Logf("docs=%d inferred=%d same month=%d within 7 days=%d", n, inferred, sameMonth, within7)
}

// FuzzInferDocDate checks that inference never panics and returns a
// confidence in (0, 1] with a date exactly when ok.
func FuzzInferDocDate(f *testing.F) {
	f.Add("THE US Secretary of State met today on the sidelines of the Munich Security Conference. President Joe Biden spoke in an election year for the United States.")
	f.Add("This week, China celebrates 75 years of Communist Party rule. Talks were held in April 2024.")
	f.Add("On Monday, Oct. 26, 1500 and 2020 were mentioned; the spy balloon was shot down a week ago.")
	tg := New()
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 2000 {
			return
		}
		d, c, ok := tg.InferDocDate(s)
		if ok != !d.IsZero() || ok && (c <= 0 || c > 1) {
			t.Fatalf("InferDocDate = %v %v %v", d, c, ok)
		}
	})
}

// TestTagConcurrent checks that one Tagger gives the same results when its
// pooled scratch buffers are shared by concurrent calls.
func TestTagConcurrent(t *testing.T) {
	texts := []string{
		"The talks ended on Monday, three days after the strike began.",
		"Sales rose 5% in the third quarter from a year earlier.",
		"He will arrive next week and stay until March 3, 2024.",
	}
	tg := New()
	anchor := day("2023-06-21")
	want := make([][]Timex, len(texts))
	for i, s := range texts {
		want[i] = tg.Tag(s, anchor)
	}
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 50; n++ {
				i := (g + n) % len(texts)
				if got := tg.Tag(texts[i], anchor); !reflect.DeepEqual(got, want[i]) {
					t.Errorf("Tag(%q) = %v, want %v", texts[i], got, want[i])
					return
				}
			}
		}()
	}
	wg.Wait()
}

// TestTagResultsDoNotAliasScratch checks that results stay intact after
// the Tagger reuses its buffers for another text.
func TestTagResultsDoNotAliasScratch(t *testing.T) {
	tg := New()
	first := tg.Tag("SALES ROSE LAST YEAR AND FELL ON MONDAY, JUNE 5.", day("2023-06-21"))
	snapshot := fmt.Sprint(first)
	tg.Tag("Other Words Entirely Fill The Buffers Now, Tuesday And Wednesday Too.", day("2023-06-21"))
	if got := fmt.Sprint(first); got != snapshot {
		t.Fatalf("results changed after reuse: %s, was %s", got, snapshot)
	}
	if len(first) == 0 {
		t.Fatal("no expressions found")
	}
}
