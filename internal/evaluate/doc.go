// Package evaluate owns the scorers behind `storyline eval`: each compares a
// system's output with gold annotations and reports the community's measures
// (conlleval-equivalent entity-level P/R/F1 for named entities, ...).
//
// Scorers read and compare; they never run the analysis they score.
package evaluate
