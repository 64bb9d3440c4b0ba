package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/jiko-go/jiko/jikotest"
)

// controlClient calls the test controls of the fake at JIKO_BASE_URL
// (jiko serve, or a Go test's server with EnableControls): what a command
// needs that the Partner API does not offer, such as resending an event
// or settling a transfer.
type controlClient struct {
	base string // JIKO_BASE_URL + "/_jikotest/"
	hc   *http.Client
}

// controls returns the client of the controls at JIKO_BASE_URL. why says
// what the command needs them for, in its usage error when the variable is
// not set.
func (f *cmdFlags) controls(why string) (*controlClient, error) {
	base := f.e.getenv("JIKO_BASE_URL")
	if base == "" {
		return nil, f.usagef("%s needs the test controls of jiko serve: set JIKO_BASE_URL to its base URL", why)
	}
	return &controlClient{base: strings.TrimSuffix(base, "/") + jikotest.ControlPrefix, hc: &http.Client{Timeout: 30 * time.Second}}, nil
}

// call sends in (nil: no body) to the control at path and decodes its
// answer into out (nil: ignored). An answer other than 200 is an error
// with the control's detail.
func (c *controlClient) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, body)
	if err != nil {
		return err
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("control %s %s%s: %w", method, jikotest.ControlPrefix, path, withoutURL(err))
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		var d struct {
			Detail string `json:"detail"`
		}
		if json.Unmarshal(b, &d) != nil || d.Detail == "" {
			return fmt.Errorf("control %s %s%s: %s (is JIKO_BASE_URL a jiko serve?)", method, jikotest.ControlPrefix, path, resp.Status)
		}
		return fmt.Errorf("control %s %s%s: %d: %s", method, jikotest.ControlPrefix, path, resp.StatusCode, d.Detail)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(b, out)
}

// withoutURL drops the method and URL a *url.Error repeats, which the
// message around it already says.
func withoutURL(err error) error {
	var uerr *url.Error
	if errors.As(err, &uerr) {
		return uerr.Err
	}
	return err
}
