package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestMain lets a test run this binary as the storyline command, so that a
// test can kill it mid-run like a user would.
func TestMain(m *testing.M) {
	if os.Getenv("STORYLINE_TEST_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

// storyline runs the command in-process and returns stdout, stderr and the
// exit code.
func storyline(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(""), &out, &errb, false)
	return out.String(), errb.String(), code
}

func TestRunExamples(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	out, errOut, code := storyline(t, "--db", db, "run", "../../examples")
	if code != 0 {
		t.Fatalf("exit %d\nstderr: %s", code, errOut)
	}
	mustContain := []string{
		"== Articles (5)", "== Story st-", "== Timeline of story st-",
		"Title:   Negotiations ongoing for Blinken meeting with Chinese official in Munich",
		"Title:   US, China plan Biden-Xi call in coming days",
		"Date:    2023-06-19",
		"Place:   BEIJING",
		// the seven glued words, split
		"that Blinken", "Blinken postponed", "uproar about", "a Senate", "Thursday that",
		"USA Washington", "Biden former",
	}
	for _, s := range mustContain {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
	mustNot := []string{"Top 1 Magazine", "Top One Magazine", "Go To Source", "date 2023-06-19", "BEIJING- "}
	for _, s := range mustNot {
		if strings.Contains(out, s) {
			t.Errorf("output still holds %q", s)
		}
	}
	// 002 and 003 are dated; 003 carries its dateline place.
	if n := strings.Count(out, "Date:    2023-06-19"); n != 2 {
		t.Errorf("%d articles dated 2023-06-19, want 2", n)
	}
	// Real words and names stay whole.
	for _, w := range []string{"Diaoyutai", "fentanyl", "meteorological", "Subrahmanyam", "Jaishankar"} {
		if !strings.Contains(out, w) {
			t.Errorf("%q was split or lost", w)
		}
	}
}

func TestIngestTwiceStoresOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	for i, want := range []string{"read 5, new 5, updated 0, renamed 0, duplicate 0, failed 0", "read 5, new 0, updated 0, renamed 0, duplicate 5, failed 0"} {
		out, errOut, code := storyline(t, "--db", db, "ingest", "../../examples")
		if code != 0 {
			t.Fatalf("run %d: exit %d: %s", i, code, errOut)
		}
		if !strings.Contains(out, want) {
			t.Errorf("run %d: summary %q, want %q", i, out, want)
		}
	}
	out, _, _ := storyline(t, "--db", db, "articles", "--format", "jsonl")
	if n := strings.Count(out, "\n"); n != 5 {
		t.Errorf("%d articles listed, want 5", n)
	}
}

func TestBadInputsAreNamedAndGoodOnesKept(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("binary.bin", []byte{0x7f, 'E', 'L', 'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0x3e, 0})
	write("empty.txt", nil)
	write("records.jsonl", []byte(`{"id":"j1","title":"First","text":"The first good record."}
{"id":"j2","title":"Broken",
{"id":"j3","title":"Third","text":"The third good record."}
`))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	fmt.Fprint(zw, strings.Repeat("A long article text that will be cut short. ", 200))
	zw.Close()
	write("truncated.txt.gz", gz.Bytes()[:gz.Len()/2])
	write("good.txt", []byte("Officials met in Geneva on Tuesday to discuss the accord.\n"))
	// Windows-1252: "café" and curly quotes as single bytes.
	write("latin1.txt", []byte("The caf\xe9 owner said \x93we will reopen\x94 next week.\n"))

	db := filepath.Join(t.TempDir(), "s.db")
	out, errOut, code := storyline(t, "--db", db, "ingest", dir)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d\nstdout: %s\nstderr: %s", code, exitPartial, out, errOut)
	}
	for _, name := range []string{"binary.bin", "empty.txt", "records.jsonl#2", "truncated.txt.gz"} {
		if !strings.Contains(out, name) {
			t.Errorf("failure of %s not named:\n%s", name, out)
		}
	}
	for _, id := range []string{"j1", "j3", "good", "latin1"} {
		o, e, c := storyline(t, "--db", db, "show", id)
		if c != 0 {
			t.Errorf("show %s: exit %d: %s", id, c, e)
		}
		if id == "latin1" && !strings.Contains(o, "café") {
			t.Errorf("Windows-1252 not decoded: %s", o)
		}
	}
}

func TestUsageErrorsExitOne(t *testing.T) {
	tests := [][]string{
		{"no-such-command"},
		{"ingest"},
		{"articles", "--format", "xml"},
	}
	for _, args := range tests {
		if _, _, code := storyline(t, args...); code != exitFatal {
			t.Errorf("%v: exit %d, want %d", args, code, exitFatal)
		}
	}
	if out, _, code := storyline(t, "--help"); code != 0 || !strings.Contains(out, "ingest") {
		t.Errorf("--help: exit %d, output %q", code, out)
	}
}

func TestShowAndSearch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "s.db")
	if _, e, code := storyline(t, "--db", db, "ingest", "../../examples"); code != 0 {
		t.Fatalf("ingest: %s", e)
	}
	out, _, code := storyline(t, "--db", db, "show", "003_265e0c7a51896b9a")
	if code != 0 || !strings.Contains(out, "Place:   BEIJING") || !strings.Contains(out, "(from header)") {
		t.Errorf("show 003: exit %d\n%s", code, out)
	}
	out, _, code = storyline(t, "--db", db, "search", "Diaoyutai")
	if code != 0 || !strings.Contains(out, "002_51946f49cf6bceed") || !strings.Contains(out, "003_265e0c7a51896b9a") {
		t.Errorf("search: exit %d\n%s", code, out)
	}
	if _, _, code := storyline(t, "--db", db, "show", "missing"); code != exitFatal {
		t.Errorf("show missing: exit %d", code)
	}
}

// TestKillDuringIngest kills the command with SIGKILL in the middle of a
// large ingest and checks that a rerun completes the archive with every
// record stored exactly once.
func TestKillDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	dir := t.TempDir()
	const n = 20000
	var buf bytes.Buffer
	for i := range n {
		fmt.Fprintf(&buf, `{"id":"r%05d","title":"Record %d","text":"Delegates met in city %d to discuss trade and security."}`+"\n", i, i, i)
	}
	input := filepath.Join(dir, "many.jsonl")
	if err := os.WriteFile(input, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	cmd := exec.Command(os.Args[0], "--db", db, "ingest", input)
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Kill once the database exists and holds some batches.
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if fi, err := os.Stat(db + "-wal"); err == nil && fi.Size() > 64<<10 {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cmd.Process.Kill()
	cmd.Wait()

	summary, errOut, code := storyline(t, "--db", db, "ingest", input)
	if code != 0 {
		t.Fatalf("rerun: exit %d: %s %s", code, summary, errOut)
	}
	t.Logf("rerun after kill: %s", strings.TrimSpace(summary))
	out, _, _ := storyline(t, "--db", db, "articles", "--format", "jsonl")
	if got := strings.Count(out, "\n"); got != n {
		t.Errorf("after kill and rerun: %d articles, want %d", got, n)
	}
}
