package article

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"testing"
	"time"
)

// fetchAll reads one URL and returns its items.
func fetchAll(t *testing.T, r *Reader, url string) []Item {
	t.Helper()
	var items []Item
	err := r.Read(context.Background(), Source{Path: url}, nil, func(it Item) error {
		checkInvariants(t, it)
		items = append(items, it)
		return nil
	})
	if err != nil {
		t.Fatalf("Read(%s) = %v", url, err)
	}
	return items
}

func newTestServer(t *testing.T) *httptest.Server {
	t.Helper()
	page, err := os.ReadFile("testdata/page.html")
	if err != nil {
		t.Fatal(err)
	}
	rss, err := os.ReadFile("testdata/rss.xml")
	if err != nil {
		t.Fatal(err)
	}
	gz, err := os.ReadFile("testdata/records.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/page", func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != DefaultUserAgent {
			http.Error(w, "bad user agent "+ua, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write(page)
	})
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(rss)
	})
	mux.HandleFunc("/untyped", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Write(rss)
	})
	mux.HandleFunc("/data.json", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Write([]byte(`{"id": "u1", "title": "From the web", "text": "Web body."}`))
	})
	mux.HandleFunc("/plain", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=windows-1252")
		w.Write([]byte("Title: Plain\n\nCaf\xe9 body.\n"))
	})
	mux.HandleFunc("/records.jsonl.gz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/gzip")
		w.Write(gz)
	})
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/page", http.StatusFound)
	})
	mux.HandleFunc("/missing", http.NotFound)
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(strings.Repeat("word ", 1000)))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFetch(t *testing.T) {
	srv := newTestServer(t)
	r := NewReader(Options{AllowPrivate: true})
	tests := []struct {
		path   string
		n      int
		format string
		check  func(t *testing.T, items []Item)
	}{
		{"/page", 1, "html", func(t *testing.T, items []Item) {
			a := items[0].Article
			if a.Title != "Blinken and Wang hold talks in Munich" || !strings.HasPrefix(a.Text, "US Secretary of State") {
				t.Errorf("page article = %+v", a)
			}
			if a.ID != ContentID(a.Title, a.Text) {
				t.Errorf("URL article id %q, want content id", a.ID)
			}
		}},
		{"/feed", 2, "rss", nil},
		{"/untyped", 2, "rss", nil},
		{"/data.json", 1, "json", func(t *testing.T, items []Item) {
			if a := items[0].Article; a.ID != "u1" || a.Text != "Web body." {
				t.Errorf("json article = %+v", a)
			}
		}},
		{"/plain", 1, "text", func(t *testing.T, items []Item) {
			if a := items[0].Article; a.Title != "Plain" || a.Text != "Café body." {
				t.Errorf("text article = %+v", a)
			}
		}},
		{"/records.jsonl.gz", 40, "jsonl", nil},
		{"/redirect", 1, "html", func(t *testing.T, items []Item) {
			if o := items[0].Origin; o != srv.URL+"/redirect" {
				t.Errorf("origin %q, want the URL as given", o)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			items := fetchAll(t, r, srv.URL+tt.path)
			if len(items) != tt.n {
				t.Fatalf("got %d items, want %d: %+v", len(items), tt.n, items)
			}
			for _, it := range items {
				if it.Err != nil {
					t.Fatalf("%s: %v", it.Origin, it.Err)
				}
				if it.Article.Format != tt.format {
					t.Errorf("%s: format %q, want %q", it.Origin, it.Article.Format, tt.format)
				}
			}
			if tt.check != nil {
				tt.check(t, items)
			}
		})
	}
}

func TestFetchFailures(t *testing.T) {
	srv := newTestServer(t)
	tests := []struct {
		name  string
		opts  Options
		path  string
		err   string
		errIs error
	}{
		{"not found", Options{AllowPrivate: true}, "/missing", "HTTP 404", nil},
		{"too large", Options{AllowPrivate: true, MaxBytes: 100}, "/big", "", ErrTooLarge},
		{"timeout", Options{AllowPrivate: true, Timeout: 100 * time.Millisecond}, "/slow", "timed out", nil},
		{"loopback refused", Options{}, "/page", "", ErrAddressRefused},
		{"redirecting URL refused", Options{}, "/redirect", "", ErrAddressRefused},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			items := fetchAll(t, NewReader(tt.opts), srv.URL+tt.path)
			if len(items) != 1 || items[0].Err == nil {
				t.Fatalf("got %+v, want one failure", items)
			}
			err := items[0].Err
			if !strings.Contains(err.Error(), tt.err) || (tt.errIs != nil && !errors.Is(err, tt.errIs)) {
				t.Errorf("error %q, want %q / %v", err, tt.err, tt.errIs)
			}
			if !strings.HasPrefix(err.Error(), "read "+srv.URL) {
				t.Errorf("error %q does not name the URL", err)
			}
		})
	}
}

func TestPublicAddr(t *testing.T) {
	for addr, want := range map[string]bool{
		"127.0.0.1": false, "::1": false, "10.1.2.3": false, "172.16.0.1": false, "192.168.1.1": false,
		"169.254.169.254": false, "0.0.0.0": false, "::": false, "224.0.0.1": false, "ff02::1": false,
		"fe80::1": false, "fc00::1": false, "100.64.0.1": false, "::ffff:127.0.0.1": false, "::ffff:10.0.0.1": false,
		"93.184.216.34": true, "2606:2800:220:1:248:1893:25c8:1946": true, "8.8.8.8": true,
	} {
		if got := publicAddr(netip.MustParseAddr(addr)); got != want {
			t.Errorf("publicAddr(%s) = %v, want %v", addr, got, want)
		}
	}
}

func TestRefusePrivate(t *testing.T) {
	for addr, ok := range map[string]bool{
		"127.0.0.1:80": false, "[::1]:443": false, "10.0.0.1:8080": false, "169.254.169.254:80": false,
		"8.8.8.8:443": true, "[2606:4700::1111]:443": true, "not-an-address": false, "example.com:80": false,
	} {
		err := refusePrivate("tcp", addr, nil)
		if (err == nil) != ok {
			t.Errorf("refusePrivate(%s) = %v, want allowed=%v", addr, err, ok)
		}
	}
}
