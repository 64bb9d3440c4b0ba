package jikotest

import "time"

// ServerData is a server's data in a form reflect.DeepEqual compares
// across servers: the state without the delivery's machinery and hooks,
// the delivery records by event (in the order of the events), and the
// idempotency entries without their done channels.
type ServerData struct {
	State   state
	Records []*eventDeliveries
	Tokens  map[string]time.Time
	Idem    map[string]idemEntry
	Swept   time.Time
	Logins  int
	Effects int
}

// DataOf returns s's data, for the tests of Snapshot and Restore. It
// shares the server's values: call it once the server is idle.
func DataOf(s *Server) ServerData {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state
	st.delivery, st.events.notify = nil, nil
	records := make([]*eventDeliveries, len(st.events.events))
	for i, e := range st.events.events {
		records[i] = s.state.delivery.records[e]
	}
	idem := make(map[string]idemEntry, len(s.idem))
	for key, e := range s.idem {
		c := *e
		c.done = nil
		idem[key] = c
	}
	return ServerData{State: st, Records: records, Tokens: s.tokens, Idem: idem, Swept: s.swept, Logins: s.logins, Effects: s.effects}
}
