package article

import (
	"context"
	"testing"
)

func TestReadTokenXML(t *testing.T) {
	r := NewReader(Options{})
	var got []Item
	err := r.Read(context.Background(), Source{Path: "testdata/tokens.xml"}, nil, func(it Item) error {
		got = append(got, it)
		return nil
	})
	if err != nil || len(got) != 1 || got[0].Err != nil {
		t.Fatalf("read: %v %+v", err, got)
	}
	a := got[0].Article
	if a.ID != "tokens" || a.Format != "tokenxml" || a.Title != "Ministers meet in Geneva" ||
		a.Text != "Talks began on Monday .\nThey ended late ." {
		t.Errorf("article = %+v", a)
	}
	if _, _, err := TokenXMLText([]byte("<Document><token sentence=\"0\">x")); err == nil {
		t.Error("truncated token XML: no error")
	}
}
