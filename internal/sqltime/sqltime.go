// Package sqltime reads a time column the way each database/sql driver
// returns it, for the packages on database/sql (jikoinbox, jikooutbox),
// which import no driver.
package sqltime

import (
	"fmt"
	"strings"
	"time"
)

// Scanner reads a time column into *T as a driver returns it: a time.Time,
// or text (SQLite's RFC 3339, MySQL's DATETIME without parseTime). MySQL's
// zero DATETIME ("0000-00-00 ..."), which INSERT IGNORE may store for a
// time outside DATETIME's range, is the zero time. Times are in UTC.
type Scanner struct{ T *time.Time }

// Into returns the Scanner of *t: rows.Scan(sqltime.Into(&created)).
func Into(t *time.Time) Scanner { return Scanner{T: t} }

// layouts are the textual forms a time column is read in.
var layouts = []string{time.RFC3339Nano, "2006-01-02 15:04:05.999999999", "2006-01-02 15:04:05.999999999-07:00"}

// Scan implements sql.Scanner.
func (s Scanner) Scan(v any) error {
	var text string
	switch v := v.(type) {
	case time.Time:
		*s.T = v.UTC()
		return nil
	case string:
		text = v
	case []byte:
		text = string(v)
	default:
		return fmt.Errorf("cannot read a time from %T", v)
	}
	if strings.HasPrefix(text, "0000-00-00") {
		*s.T = time.Time{}
		return nil
	}
	for _, layout := range layouts {
		if t, err := time.Parse(layout, text); err == nil {
			*s.T = t.UTC()
			return nil
		}
	}
	return fmt.Errorf("cannot read a time from %q", text)
}
