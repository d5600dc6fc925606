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
//
// How a mention is read:
//
//   - Triggers are verbs and nouns of contact: meet/met/meeting, sit down
//     with, face-to-face, summit, talks, conversation, dialogue, (phone)
//     call, spoke by phone, speak to/with a person, visit, trip, travel to,
//     arrive in, host. Plural nouns ("meetings") only refer back.
//   - The clause of a trigger runs between boundary words (";", quotes,
//     "that", "which", "who", "said", "but", "when", ...). Participants are
//     the nearest persons before the trigger with those coordinated with them
//     ("X and Y"), the direct object of a verb, and "with"/"between" phrases;
//     a role phrase without a name ("China's top envoy", "the US-China
//     leaders'") is matched against the roles the article gives its persons;
//     "he"/"his" go to the nearest person before in the sentence (or, in a
//     fronted phrase, after the comma), across sentences to the earlier
//     sentence's first person (its subject); "I" in a quotation to the
//     speaker named right after it ("“... I met in Beijing,” Xi told
//     Gates"); "the two", "their", "they" to the latest event with two
//     persons and a compatible status. Countries and organisations are
//     participants only when no person is named, and visits need a person.
//   - Plural triggers ("meetings") refer back, unless held by named parties
//     ("The United States and China have held separate meetings"). A noun
//     mention naming no one refers back to the latest compatible event,
//     preferring one of its own kind ("the talks"); an indefinite one ("a
//     moderated online conversation") only to one still to come, a bare
//     mass noun ("ensure continued dialogue") to none, and one of another
//     kind without a status cue not to an event only in prospect ("progress
//     in the talks" about a possible meeting).
//   - The place is a place after "in"/"at"/"on the sidelines of" (a venue
//     whose name contains a place of the article gives that place: the Munich
//     Security Conference → Munich), "to" a place for a visit, a place right
//     before a noun trigger ("a Munich meeting"); else the place of a trip a
//     participant is making at the time (after an arrival, up to a dated
//     visit: "will meet X on Monday, the final day of a trip to Beijing" →
//     Beijing; not when the other side is known to be of another country);
//     else the dateline for an event of the article's date.
//   - The time is the first TIMEX3 after the trigger in its clause, else the
//     nearest before it, else the sentence's when the sentence has one
//     trigger and no reporting clause between; else the day of an event the
//     clause puts it right next to ("shortly before his meeting with ..."),
//     else the article date for the present tense ("the talks are being
//     held"). Otherwise When is empty and WhenFrom is WhenNone: the article
//     date is no event date, only a bound that Status gives.
//   - The status comes from cue words in the clause (ranked cancelled >
//     postponed > possible > planned; happened without a cue); "not", "no"
//     right before the trigger set Negated; "neither side has confirmed"
//     makes a possible event. Reported speech keeps the status of the
//     reported clause. A pure modal that governs another verb turns into
//     happened when the event's own time is past ("would follow their last
//     conversation in April 2024"); an explicitly planned date already past
//     stays planned.
//
// Within an article, mentions are merged into events (see Extract): the
// caller gets one Event per real-world event, with every mention in
// Event.Mentions.
package event
