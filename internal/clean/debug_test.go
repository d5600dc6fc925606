package clean

import (
	"os"
	"testing"
)

func TestDebugSplit(t *testing.T) {
	ws := os.Getenv("DBG")
	if ws == "" {
		t.Skip()
	}
	c := New(Options{})
	vocab := articleVocab(os.Getenv("DBGV"))
	for _, w := range splitFields(ws) {
		out, sp := c.SplitGlued(w, vocab)
		lw := []byte(w)
		for i := range lw {
			lw[i] = toLowerASCII(lw[i])
		}
		st, ok := defaultTable().lookup(string(lw))
		t.Logf("%s -> %q %v whole=%v %+v derived=%v", w, out, sp, ok, st, derivedWord(defaultTable(), lw))
	}
}
