package event

import (
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
