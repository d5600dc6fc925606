// Package ner owns named-entity tagging of news text: the features, the
// Viterbi decoder, the trainer and the embedded model that find persons
// (PER), organisations (ORG), locations (LOC) and other names (MISC).
//
// The tagger is a two-stage averaged structured perceptron over BIO labels
// with first-order Viterbi decoding, in the style of Ratinov & Roth (2009):
// stage 1 reads words, shapes, affixes, neighbours, word clusters
// (BuildClusters) and gazetteer matches (BuildGazetteers); stage 2 adds
// document memory, how stage 1 labelled the same word elsewhere in the
// document. Default returns the model embedded in the binary; Train, Save
// and Load rebuild it (see DATA.md for the data and the exact commands).
//
// The package tags tokens and texts; it does not resolve which entities
// are the same across articles (package entity) and does not repair text
// (package clean). It uses package text for tokens and package evaluate for
// scoring, and nothing else outside the standard library.
package ner
