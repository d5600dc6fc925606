package link

import (
	"os"
	"sort"
	"strings"
	"testing"
)

func TestECBDiag(t *testing.T) {
	topic := os.Getenv("STORYLINE_ECB_TOPIC")
	if topic == "" {
		t.Skip("set STORYLINE_ECB_TOPIC")
	}
	docs, gold := ecbDocs(t)
	cl, _ := linkECB(docs, Options{ClusterThreshold: 0.25})
	var rows []string
	for _, d := range docs {
		if gold[d.Article.ID][1] != topic {
			continue
		}
		var names []string
		for _, e := range d.Entities {
			names = append(names, e.Type+":"+e.Name)
		}
		title := d.Article.Title
		if len(title) > 80 {
			title = title[:80]
		}
		rows = append(rows, cl[d.Article.ID]+" "+gold[d.Article.ID][0]+" "+d.Article.ID+" | "+title+" | "+strings.Join(names, ", "))
	}
	sort.Strings(rows)
	for _, r := range rows {
		t.Log(r)
	}
}
