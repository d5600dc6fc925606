package timex

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestDumpSamples(t *testing.T) {
	if os.Getenv("TIMEX_SAMPLES") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("../../examples/*.txt")
	anchors := map[string]string{"000": "2024-02-16", "001": "2023-02-17", "002": "2023-06-19", "003": "2023-06-19", "004": "2024-10-02"}
	for _, f := range files {
		b, _ := os.ReadFile(f)
		a, _ := time.Parse("2006-01-02", anchors[filepath.Base(f)[:3]])
		fmt.Println("==", f, a.Format("2006-01-02 Mon"))
		for _, x := range New().Tag(string(b), a) {
			fmt.Printf("  %-35q %-8s %-12s %s\n", x.Text, x.Type, x.Value, x.Mod)
		}
	}
}

func TestDumpDocDates(t *testing.T) {
	if os.Getenv("TIMEX_SAMPLES") == "" {
		t.Skip()
	}
	files, _ := filepath.Glob("../../examples/*.txt")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		st := time.Now()
		d := New().ResolveDocDate(time.Time{}, string(b))
		fmt.Println(f, d.Date.Format("2006-01-02 Mon"), d.Source, d.Confidence, time.Since(st))
	}
}
