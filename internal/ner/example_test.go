package ner_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"os"
	"strings"

	"github.com/storyline-news/storyline/internal/ner"
)

func ExampleModel_TagText() {
	m, err := ner.Default()
	if err != nil {
		log.Fatal(err)
	}
	text := "US Secretary of State Antony Blinken met Wang Yi in Munich, according to AFP."
	for _, e := range m.TagText(text) {
		b, _ := json.Marshal(e)
		fmt.Println(string(b))
	}
	// Output:
	// {"start":0,"end":2,"text":"US","type":"LOC"}
	// {"start":22,"end":36,"text":"Antony Blinken","type":"PER"}
	// {"start":41,"end":48,"text":"Wang Yi","type":"PER"}
	// {"start":52,"end":58,"text":"Munich","type":"LOC"}
	// {"start":73,"end":76,"text":"AFP","type":"ORG"}
}

func ExampleModel_TagCoNLL() {
	m, err := ner.Default()
	if err != nil {
		log.Fatal(err)
	}
	in := "-DOCSTART- -X- O O\n\nPeter NNP I-NP\nBlackburn NNP I-NP\nvisited VBD I-VP\nBrussels NNP I-NP\n"
	if err := m.TagCoNLL(strings.NewReader(in), os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// -DOCSTART- -X- O O
	//
	// Peter NNP I-NP B-PER
	// Blackburn NNP I-NP I-PER
	// visited VBD I-VP O
	// Brussels NNP I-NP B-LOC
}

// Training needs CoNLL-2003; see DATA.md for the data and the exact steps.
func ExampleTrain() {
	m, err := ner.Train(context.Background(), ner.TrainConfig{
		TrainFile: "eng.train",
		DevFile:   "eng.testa",
		Seed:      1, // ClusterFile and GazetteerFile default to the committed ones
	})
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Create("ner.model.gz")
	if err != nil {
		log.Fatal(err)
	}
	defer f.Close()
	if err := m.Save(f); err != nil {
		log.Fatal(err)
	}
}
