package event

import (
	"fmt"
	"os"
	"testing"
)

func TestDbg(t *testing.T) {
	if os.Getenv("EVENT_DBG") == "" {
		t.Skip()
	}
	for _, an := range readArticles(t, "../../examples/002_51946f49cf6bceed.txt", "../../examples/000_6394e120e0103872.txt") {
		d := newDoc(an.a.Text, an.a.Date, an.a.Place, an.ents, an.tx)
		fmt.Println(len(d.country))
		for si := range d.sents {
			for _, m := range d.sentenceMentions(si, nil) {
				fmt.Printf("%d %s %q parts=%v partial=%v st=%s\n", si, m.kind, d.tokSpan(m.trig[0], m.trig[1]).Text, m.keys(), m.partial, m.status)
			}
		}
	}
}

func TestDbgRole(t *testing.T) {
	if os.Getenv("EVENT_DBG") == "" {
		t.Skip()
	}
	an := readArticles(t, "../../examples/000_6394e120e0103872.txt")[0]
	d := newDoc(an.a.Text, an.a.Date, an.a.Place, an.ents, an.tx)
	for i := range d.toks {
		if d.low[i] == "summit" {
			for k := i - 6; k < i; k++ {
				fmt.Printf("%q ", d.low[k])
			}
			fmt.Println(d.resolveRole(i-6, i))
		}
	}
	_ = an
}
