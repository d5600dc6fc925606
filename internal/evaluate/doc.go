// Package evaluate owns the scorers behind `storyline eval`: it compares
// system output with gold annotations and reports the standard figures of
// each task. It reads gold files but never writes anything.
package evaluate
