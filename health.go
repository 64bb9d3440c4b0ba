package jiko

import (
	"context"
	"fmt"

	"github.com/jiko-go/jiko/internal/ops"
)

// HealthService reaches the API's health check, for a partner's readiness
// probe or status page. Reach it as c.Health.
//
// Reference: https://docs.jiko.io/products/partner-api/reference/health
type HealthService service

// Check reports whether the API is up (GET /health). It needs no token or
// signature, so it also works before the credentials do. It returns the
// API's status text, "OK", and a nil error when the API is up; a status
// other than "OK" is returned with an error. An [*Error] with StatusCode 0
// means the API could not be reached at all.
func (s *HealthService) Check(ctx context.Context, opts ...CallOption) (string, error) {
	answer, err := call[string](ctx, s.client, at(ops.HealthCheck), nil, nil, opts)
	if err != nil {
		return "", err
	}
	if status := *answer; status != "OK" {
		return status, fmt.Errorf("jiko: GET /health: status %q", status)
	}
	return *answer, nil
}
