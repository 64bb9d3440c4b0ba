// Package doccheck holds a test, and nothing else: that every exported
// identifier of the jiko and jikotest packages has a doc comment.
//
// Set JIKO_DOCCHECK_SKIP to skip it.
package doccheck
