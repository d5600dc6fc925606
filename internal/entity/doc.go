// Package entity owns entity identity: it turns the named-entity mentions
// of an article into entities (one per person, organisation, place or
// other name within the article) and assigns them to canonical entities
// across articles.
//
// Within an article (Resolver), a full name and its later short forms are
// one entity ("Antony Blinken", "Blinken", "Mr Blinken"); titles and roles
// are attributes of a mention, not part of the name ("US Secretary of
// State"); a role-only mention ("the top US diplomat") joins the person it
// names when the article makes that unambiguous; news outlets and agencies
// are sources, never actors; places are linked to GeoNames (a city, a
// United States state or a country) and demonyms to their country. Across
// articles (Index), spelling variants and short forms of one person's name
// become one canonical entity, by name similarity and shared context,
// while different people who share a surname stay apart.
//
// The package reads the NER tagger's output (package ner, through
// ner.Default or tags handed to Resolver.Resolve) and tokens (package
// text); it does not tag, clean text, store, or link events. Its place
// table is derived from GeoNames and embedded (see DATA.md and
// BuildPlaces); its other tables are small hand-curated closed classes.
// Its rules are general: none names a particular person or article.
package entity
