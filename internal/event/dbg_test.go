package event

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"
	"time"
)

func TestDbg(t *testing.T) {
	s := os.Getenv("EVENT_DBG")
	if s == "" {
		t.Skip()
	}
	date := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	ents := getResolver(t).Article(s)
	for _, e := range ents {
		fmt.Println(e.Key, e.Type, e.Name, e.Mentions)
	}
	d := newDoc(s, date, "", ents, tagger.Tag(s, date))
	var prev []*mention
	for si := range d.sents {
		ms := d.sentenceMentions(si, prev)
		for _, m := range ms {
			fmt.Printf("%d %s %q parts=%v partial=%v st=%s\n", si, m.kind, d.tokSpan(m.trig[0], m.trig[1]).Text, m.keys(), m.partial, m.status)
		}
		prev = append(prev, ms...)
	}
}

func TestDbgT17(t *testing.T) {
	if os.Getenv("EVENT_T17") == "" {
		t.Skip()
	}
	raw, _ := os.ReadFile(os.Getenv("EVENT_T17"))
	var recs []struct {
		DCT  string `json:"dct"`
		Text string `json:"text"`
	}
	json.Unmarshal(raw, &recs)
	x := NewExtractor()
	n := 0
	for _, r := range recs[:min(len(recs), 80)] {
		date, _ := time.Parse("2006-01-02", r.DCT)
		ents := getResolver(t).Article(r.Text)
		tx := tagger.Tag(r.Text, date)
		for _, e := range x.Extract(r.Text, date, "", ents, tx) {
			n++
			if n > 60 {
				return
			}
			fmt.Printf("%s  %.160q\n", format(e), e.Sentence.Text)
		}
	}
}
