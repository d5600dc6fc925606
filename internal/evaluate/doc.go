// Package evaluate owns the scorers behind `storyline eval`: each compares a
// system's output with gold annotations and reports the community's measures
// (TempEval-3 task A for temporal expressions, conlleval-equivalent
// entity-level P/R/F1 for named entities, ...). It reads gold files but never
// writes anything.
package evaluate
