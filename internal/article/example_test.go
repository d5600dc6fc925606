package article_test

import (
	"context"
	"fmt"
	"os"

	"github.com/storyline-news/storyline/internal/article"
)

func ExampleReader_ReadPaths() {
	r := article.NewReader(article.Options{})
	paths := []string{"testdata/dateline.txt", "testdata/generic.jsonl"}
	err := r.ReadPaths(context.Background(), paths, os.Stdin, func(it article.Item) error {
		if it.Err != nil {
			fmt.Println("failed:", it.Err)
			return nil
		}
		a := it.Article
		date := "undated"
		if !a.Date.IsZero() {
			date = a.Date.Format("2006-01-02")
		}
		fmt.Printf("%s %s %s %s %q\n", a.Origin, a.ID, a.Format, date, a.Title)
		return nil
	})
	if err != nil {
		fmt.Println(err)
	}
	// Output:
	// testdata/dateline.txt dateline text 2023-06-19 ""
	// testdata/generic.jsonl#1 a1 jsonl 2023-06-19 "First"
	// failed: read testdata/generic.jsonl#2: invalid JSON at line 2, column 56: invalid character 'd' after object key:value pair
	// testdata/generic.jsonl#3 65d0c0ffee jsonl 2023-06-19 "Third"
	// failed: read testdata/generic.jsonl#4: line 5: not a JSON object
	// testdata/generic.jsonl#5 h80351efb33e3e7f0 jsonl 2023-06-19 "Fifth"
	// testdata/generic.jsonl#6 html-body jsonl undated "HTML body"
}
