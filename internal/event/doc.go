// Package event owns contact-event mentions in one article: meetings, talks,
// summits, calls and visits, each with its trigger, kind, participants,
// place, time and status, and the words that gave every field (evidence).
//
// It works on one cleaned article at a time, given the entities of package
// entity and the temporal expressions of package timex for the same text; it
// uses package text for sentences and tokens. There is no parser: a trigger
// lexicon, a window-based clause segmentation and small closed-class cue
// lists stand in for one. The package does not tag names or times, does not
// link events across articles, store, or print anything; its tables are
// immutable and name no particular person or article.
package event
