package jikotest

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// faultWire is a [Fault] as the fault controls take it: the drop as
// "none", "before" or "after" the operation, the delay as a Go duration
// such as "250ms".
type faultWire struct {
	Method     string `json:"method"`
	Path       string `json:"path"`
	Status     int    `json:"status"`
	RetryAfter string `json:"retry_after"`
	Drop       string `json:"drop"`
	Delay      string `json:"delay"`
}

var drops = map[string]Drop{"": DropNone, "none": DropNone, "before": DropBeforeHandling, "after": DropAfterHandling}

func (f faultWire) fault() (Fault, error) {
	drop, ok := drops[f.Drop]
	if !ok {
		return Fault{}, fmt.Errorf("drop: %q is not none, before or after", f.Drop)
	}
	if f.Status != 0 && (f.Status < 100 || f.Status > 599) {
		return Fault{}, fmt.Errorf("status: %d is not an HTTP status", f.Status)
	}
	delay, err := parseDelay(f.Delay)
	if err != nil {
		return Fault{}, err
	}
	out := Fault{Method: f.Method, Path: f.Path, Status: f.Status, RetryAfter: f.RetryAfter, Drop: drop, Delay: delay}
	if out.Status == 0 && out.Drop == DropNone && out.Delay == 0 {
		return Fault{}, errors.New("a fault needs a status, a drop or a delay")
	}
	return out, nil
}

func parseDelay(s string) (time.Duration, error) {
	if s == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("delay: %q is not a duration such as \"250ms\"", s)
	}
	return d, nil
}

// faultControls are the controls of [Server.FailNext],
// [Server.FailRandomly], [Server.SetLatency] and [Server.ClearFaults], and
// of [Server.Drift] and [Server.ClearDrift].
func (s *Server) faultControls() map[string]control {
	p := ControlPrefix
	return map[string]control{
		"POST " + p + "faults/next": func(r *http.Request) (int, any) {
			var in struct {
				Count *int `json:"count"`
				faultWire
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			f, err := in.fault()
			if err == nil && in.Count != nil && *in.Count < 1 {
				err = errors.New("count: at least 1")
			}
			if err != nil {
				return badInput(err)
			}
			n := 1
			if in.Count != nil {
				n = *in.Count
			}
			s.FailNext(n, f)
			return ok(map[string]any{"count": n, "fault": f.String()})
		},
		"POST " + p + "faults/random": func(r *http.Request) (int, any) {
			var in struct {
				Fraction float64     `json:"fraction"`
				Seed     uint64      `json:"seed"`
				Faults   []faultWire `json:"faults"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			if in.Fraction < 0 || in.Fraction > 1 {
				return badInput(errors.New("fraction: between 0 and 1"))
			}
			faults := make([]Fault, len(in.Faults))
			described := make([]string, len(in.Faults))
			for i, fw := range in.Faults {
				f, err := fw.fault()
				if err != nil {
					return badInput(fmt.Errorf("faults[%d]: %w", i, err))
				}
				faults[i], described[i] = f, f.String()
			}
			s.FailRandomly(in.Fraction, in.Seed, faults...)
			return ok(map[string]any{"fraction": in.Fraction, "seed": in.Seed, "faults": described})
		},
		"POST " + p + "faults/latency": func(r *http.Request) (int, any) {
			var in struct {
				Delay string `json:"delay"`
			}
			if err := decodeControl(r, &in); err != nil {
				return badInput(err)
			}
			d, err := parseDelay(in.Delay)
			if err != nil {
				return badInput(err)
			}
			s.SetLatency(d)
			return ok(map[string]string{"delay": d.String()})
		},
		"DELETE " + p + "faults": func(*http.Request) (int, any) {
			s.ClearFaults()
			return ok(map[string]string{"result": "CLEARED"})
		},
		"POST " + p + "drift": func(r *http.Request) (int, any) {
			var rule DriftRule
			if err := decodeControl(r, &rule); err != nil {
				return badInput(err)
			}
			if err := s.Drift(rule); err != nil {
				return badInput(err)
			}
			return ok(rule)
		},
		"DELETE " + p + "drift": func(*http.Request) (int, any) {
			s.ClearDrift()
			return ok(map[string]string{"result": "CLEARED"})
		},
	}
}
