package jiko

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// This file fetches the short-lived document links the API hands out
// (statements, trade confirmations, report files), for every resource that
// offers a Download.

// MaxDownloadSize is the largest document Download accepts: far above a
// statement or confirmation PDF, small enough that a wrong link cannot fill
// a disk.
const MaxDownloadSize = 50 << 20

// ErrDownloadTooLarge is returned by Download when a document is larger
// than MaxDownloadSize. What was written before the limit was reached is
// incomplete and should be discarded.
var ErrDownloadTooLarge = fmt.Errorf("jiko: download: document larger than %d bytes", MaxDownloadSize)

// download copies the document of a short-lived link to w: see
// [StatementsService.Download].
func download(ctx context.Context, c *Client, link string, w io.Writer) (int64, error) {
	if ctx == nil {
		return 0, invalid("ctx", "is nil")
	}
	if w == nil {
		return 0, invalid("w", "is nil")
	}
	u, err := url.Parse(link)
	if err != nil {
		return 0, invalid("link", "is not a URL")
	}
	// The query of a pre-signed link is its credential: errors show the
	// rest only.
	bare := *u
	bare.User, bare.RawQuery, bare.Fragment = nil, "", ""
	shown := bare.String()
	switch {
	case u.Host == "" || u.User != nil:
		return 0, invalid("link", "%q is not an absolute URL without user info", shown)
	case u.Scheme == "http" && isLoopback(u.Hostname()):
	case u.Scheme != "https":
		return 0, invalid("link", "%q must use https", shown)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("jiko: download %s: %w", shown, err)
	}
	req.Header.Set("User-Agent", c.userAgent)
	req.Header.Set("Accept", "application/pdf, application/xml, text/csv, */*")
	resp, err := c.hc.Do(req)
	if err != nil {
		var uerr *url.Error
		if errors.As(err, &uerr) {
			err = uerr.Err // its message repeats the whole link
		}
		return 0, fmt.Errorf("jiko: download %s: %w", shown, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return 0, fmt.Errorf("jiko: download %s: status %d (the link may have expired: links live ten minutes)", shown, resp.StatusCode)
	}
	if resp.ContentLength > MaxDownloadSize {
		return 0, ErrDownloadTooLarge
	}
	n, err := io.Copy(w, io.LimitReader(resp.Body, MaxDownloadSize+1))
	if n > MaxDownloadSize {
		return MaxDownloadSize, ErrDownloadTooLarge
	}
	if err != nil {
		return n, fmt.Errorf("jiko: download %s: %w", shown, err)
	}
	return n, nil
}
