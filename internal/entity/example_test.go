package entity_test

import (
	"fmt"

	"github.com/storyline-news/storyline/internal/entity"
)

func ExampleIndex() {
	x := entity.NewIndex()
	per := func(name, role string) entity.Entity {
		return entity.Entity{Type: "PER", Name: name, Roles: []string{role}, Mentions: []entity.Mention{{Text: name}}}
	}
	a := x.Add("doc1", []entity.Entity{per("Anthony Blinken", "US Secretary of State"), per("Joe Biden", "President")})
	b := x.Add("doc2", []entity.Entity{per("Antony Blinken", "Secretary of State"), per("Hunter Biden", "son")})
	x.Add("doc3", []entity.Entity{per("Antony Blinken", "top US diplomat")})
	fmt.Println(a[0] == b[0], a[1] == b[1])
	for _, c := range x.Canonical() {
		fmt.Println(c.Name, c.Aliases, c.Articles)
	}
	// Output:
	// true false
	// Antony Blinken [Anthony Blinken] 3
	// Hunter Biden [] 1
	// Joe Biden [] 1
}
