package event

import (
	"testing"
	"time"
)

// FuzzExtract checks that extraction never panics and that every span lies
// within the text, whatever the text.
func FuzzExtract(f *testing.F) {
	f.Add("Blinken met with Wang Yi in Munich on Friday. The two will meet again.")
	f.Add("Xi, whose meeting with Biden in Bali, could hold a phone call between them, “which” the spring.")
	f.Add("met with , between and potentially")
	f.Add("“I met him in Rome,” Biden told. Shortly before his meeting with Xi, he boarded his flight for Beijing; a trip to Beijing")
	f.Add("“ I met ” , Xi said . shortly after meetings held")
	x := NewExtractor()
	date := time.Date(2024, 2, 16, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		ents := getResolver(t).Article(s)
		tx := tagger.Tag(s, date)
		for _, e := range x.Extract(s, date, "BEIJING", ents, tx) {
			checkSpans(t, s, e)
		}
		for _, e := range x.Extract(s, time.Time{}, "", ents, tx) {
			checkSpans(t, s, e)
		}
	})
}
