// Package scrub masks what a report must not carry: the values of members
// named like secrets (tokens, passwords, PINs, card and account numbers)
// and long digit runs, for the drift audit's samples and jiko probe's
// evidence.
package scrub

import "strings"

// Redacted stands for a value a report does not show.
const Redacted = "[redacted]"

// secretNames are parts of member names whose values are never shown;
// the short ones count only as a whole word of the name (pin, not spin).
var secretNames = []string{"token", "secret", "password", "card_number", "cvv", "cvc", "ssn", "tax_id", "id_number", "account_number", "signature", "pin", "pan"}

// SecretName reports whether a JSON member's name names a secret.
func SecretName(name string) bool {
	name = strings.ToLower(name)
	for _, s := range secretNames {
		if len(s) > 3 && strings.Contains(name, s) || strings.Contains("_"+name+"_", "_"+s+"_") {
			return true
		}
	}
	return false
}

// JSON returns a copy of v (a value encoding/json decoded into any) with
// the values of members named like secrets replaced by Redacted.
func JSON(v any) any {
	switch x := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(x))
		for k, val := range x {
			if SecretName(k) {
				m[k] = Redacted
			} else {
				m[k] = JSON(val)
			}
		}
		return m
	case []any:
		l := make([]any, len(x))
		for i, val := range x {
			l[i] = JSON(val)
		}
		return l
	}
	return v
}

// Digits replaces every run of 12 digits or more in s (a card or account
// number) with as many '*'.
func Digits(s string) string {
	var b strings.Builder
	run := 0
	for i := 0; i <= len(s); i++ {
		if i < len(s) && s[i] >= '0' && s[i] <= '9' {
			run++
			continue
		}
		if run >= 12 {
			b.WriteString(strings.Repeat("*", run))
		} else {
			b.WriteString(s[i-run : i])
		}
		run = 0
		if i < len(s) {
			b.WriteByte(s[i])
		}
	}
	return b.String()
}
