// Package link owns the one stateful, incremental stage of storyline: it
// takes analysed documents (store.Doc with canonical entity ids) one at a
// time, in publication order, and decides
//
//   - near-duplicates: syndicated copies and updated versions (SimHash over
//     word shingles, banded LSH index), which join their original's cluster
//     and do not count as independent reports;
//   - cross-article event coreference: contact events of different articles
//     with compatible kind, participants (canonical entity ids), time and
//     place become one real-world event whose status is that of the latest
//     report;
//   - article clusters: the articles that report the same main event (TF-IDF
//     over title, lead and entity names, plus shared real-world events, with
//     a time decay);
//   - stories: clusters threaded over longer spans by shared key entities,
//     topic similarity and time.
//
// Refine is the batch step single-pass linking lacks: over the working set
// it splits clusters whose two parts name other protagonists and moves
// each article to the closest cluster of its story; callers run it at the
// end of a batch (ingest, link) and store its moves and merges. A cluster
// that leaves the working set before any Refine reaches it is split by the
// same rule as it leaves; the Add that evicted it reports those moves.
//
// Every comparison goes through inverted indexes over a bounded working set
// of recent clusters, stories and events, evicted by time (and by count for
// undated input), so the cost of Add does not grow with the archive.
//
// Ids: a cluster or story is named after its first article ("cl-"/"st-" and
// twelve hex digits of a hash of the article id); a real-world event after
// its first mention (store.StoredEvent.ID of that article and index). When
// an Add merges two clusters or stories, the younger id is folded into the
// older and Result.Merges says so: callers rewrite stored rows From → Into.
//
// Persistence: store each Result (doc → cluster, story, duplicate_of, and
// per article event its real-world event id) and apply its Merges; Flush
// hands over the events and stories changed since the last Flush and the
// new mentions, to store as well (package linkstage does all of it). The
// state depends only on the sequence of Add calls: re-adding every stored
// document in the original order, with the same canonical ids, replays
// every decision exactly. MarshalBinary encodes the whole state and
// Restore brings it back, so a Linker restored from a snapshot decides on
// the later Add calls exactly what the Linker it was taken from would.
//
// The package reads store, entity, event, timex and text types. It never
// touches the store, the pipeline or the command line: data flows
// pipeline → store → link, and the caller persists what Add returns.
package link
