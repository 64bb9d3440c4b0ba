package jiko

import (
	"context"
	"fmt"
)

// HealthService reaches the API's health check.
type HealthService service

// Check calls GET /health, which needs no token or signature, and returns
// the API's status text ("OK") when it is up.
func (s *HealthService) Check(ctx context.Context, opts ...RequestOption) (string, error) {
	var status string
	if err := s.client.do(ctx, request{method: "GET", path: "/health", auth: authNone}, &status, opts); err != nil {
		return "", err
	}
	if status != "OK" {
		return status, fmt.Errorf("jiko: GET /health: status %q", status)
	}
	return status, nil
}
