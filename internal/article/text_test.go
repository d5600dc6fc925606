package article

import (
	"testing"
	"time"
)

func TestParseText(t *testing.T) {
	tests := []struct {
		name, in            string
		title, date, author string
		text                string
	}{
		{"plain", "One.\n\nTwo.", "", "", "", "One.\n\nTwo."},
		{"crlf and cr", "One.\r\nstill one.\r\rTwo.\r", "", "", "", "One.\nstill one.\n\nTwo."},
		{"blank runs", "\n\n  \nOne.\n \n\t\n\nTwo.\n\n\n", "", "", "", "One.\n\nTwo."},
		{"date line alone", " date 2023-06-19 \n\n\n\nBody.", "", "2023-06-19", "", "Body."},
		{"date line with body", " date 2023-06-19 BEIJING- Body goes on.\n\nMore.", "", "2023-06-19", "", "BEIJING- Body goes on.\n\nMore."},
		{"date line with time", "date 2023-06-19T10:30:00+02:00 Body.", "", "2023-06-19", "", "Body."},
		{"date header with body", "Date: 2023-06-19 BEIJING - Body.", "", "2023-06-19", "", "BEIJING - Body."},
		{"headers", "Title: A title\nDate: June 19, 2023\nAuthor: Ann Lee\n\nBody.", "A title", "2023-06-19", "Ann Lee", "Body."},
		{"unreadable date stays body", "Title: T\nDate: the day after tomorrow\n\nBody.", "T", "", "", "Date: the day after tomorrow\n\nBody."},
		{"unknown header stays body", "Note: this is body.\n\nMore.", "", "", "", "Note: this is body.\n\nMore."},
		{"no header after body", "Body first.\nTitle: not a header", "", "", "", "Body first.\nTitle: not a header"},
		{"word date is body", "Date palms grow in 2023-06-19 style.", "", "", "", "Date palms grow in 2023-06-19 style."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := parseText(tt.in)
			if a.Title != tt.title || a.Author != tt.author || a.Text != tt.text {
				t.Errorf("parseText(%q) = title %q author %q text %q; want %q %q %q", tt.in, a.Title, a.Author, a.Text, tt.title, tt.author, tt.text)
			}
			got := ""
			if !a.Date.IsZero() {
				got = a.Date.Format("2006-01-02")
				if a.DateSource != DateFromHeader || a.DateConfidence != 1 {
					t.Errorf("date source %q confidence %v", a.DateSource, a.DateConfidence)
				}
			}
			if got != tt.date {
				t.Errorf("date = %q, want %q", got, tt.date)
			}
		})
	}
}

func TestParseDate(t *testing.T) {
	tests := map[string]string{
		"2023-06-19":                      "2023-06-19T00:00:00Z",
		"2023-06-19 15:04:05":             "2023-06-19T15:04:05Z",
		"2023-06-19T15:04:05+02:00":       "2023-06-19T13:04:05Z",
		"2023-06-19T15:04:05.123Z":        "2023-06-19T15:04:05Z",
		"Mon, 19 Jun 2023 15:04:05 GMT":   "2023-06-19T15:04:05Z",
		"Mon, 19 Jun 2023 15:04:05 +0100": "2023-06-19T14:04:05Z",
		"June 19, 2023":                   "2023-06-19T00:00:00Z",
		"19 June 2023":                    "2023-06-19T00:00:00Z",
		"2023/06/19":                      "2023-06-19T00:00:00Z",
		"":                                "",
		"yesterday":                       "",
		"0001-01-01":                      "",
		"9999-12-31":                      "",
	}
	for in, want := range tests {
		d, ok := parseDate(in)
		got := ""
		if ok {
			got = d.UTC().Truncate(time.Second).Format(time.RFC3339)
		}
		if got != want {
			t.Errorf("parseDate(%q) = %q, want %q", in, got, want)
		}
	}
}
