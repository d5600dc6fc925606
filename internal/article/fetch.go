package article

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"
)

// acceptHeader asks for the formats the Reader understands.
const acceptHeader = "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml," +
	"application/feed+json,application/json;q=0.9,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5"

// maxRedirects bounds the redirects followed for one URL.
const maxRedirects = 10

// NewHTTPClient returns the guarded client the Reader fetches with, for
// other fetchers of the project (feed polling): no proxy (a proxy would
// dial on our behalf, past the guard), a dialer that refuses private,
// loopback, link-local and other non-public addresses at connection time
// unless opts.AllowPrivate (which covers redirects and DNS rebinding),
// redirects limited to http(s), and opts.Timeout (default DefaultTimeout)
// as the wait for response headers.
func NewHTTPClient(opts Options) *http.Client {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	dialer := &net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}
	if !opts.AllowPrivate {
		dialer.Control = refusePrivate
	}
	transport := &http.Transport{
		Proxy:                 nil,
		DialContext:           dialer.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          32,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   10 * time.Second,
		ExpectContinueTimeout: time.Second,
	}
	return &http.Client{
		Transport: transport,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= maxRedirects {
				return fmt.Errorf("stopped after %d redirects", maxRedirects)
			}
			if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
				return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
			}
			return nil
		},
	}
}

// refusePrivate is a net.Dialer Control function: it runs on the resolved
// address of every connection, so it covers redirects and DNS rebinding.
func refusePrivate(network, address string, _ syscall.RawConn) error {
	host, _, err := net.SplitHostPort(address)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	ip, err := netip.ParseAddr(host)
	if err != nil {
		return fmt.Errorf("dial %s: %w", address, err)
	}
	if !publicAddr(ip) {
		return fmt.Errorf("dial %s: %w", address, ErrAddressRefused)
	}
	return nil
}

// publicAddr reports whether ip may be fetched without AllowPrivate.
func publicAddr(ip netip.Addr) bool {
	ip = ip.Unmap()
	if ip.IsPrivate() || ip.IsLoopback() || ip.IsLinkLocalUnicast() || ip.IsLinkLocalMulticast() ||
		ip.IsInterfaceLocalMulticast() || ip.IsMulticast() || ip.IsUnspecified() || !ip.IsValid() {
		return false
	}
	for _, p := range refusedPrefixes {
		if p.Contains(ip) {
			return false
		}
	}
	return true
}

// refusedPrefixes are non-public ranges that netip does not classify:
// "this network", carrier-grade NAT, IETF protocol assignments,
// benchmarking and reserved IPv4 space, and the NAT64 and 6to4 IPv6 ranges,
// which embed an IPv4 address that may be an internal one.
var refusedPrefixes = []netip.Prefix{
	netip.MustParsePrefix("0.0.0.0/8"),
	netip.MustParsePrefix("100.64.0.0/10"),
	netip.MustParsePrefix("192.0.0.0/24"),
	netip.MustParsePrefix("198.18.0.0/15"),
	netip.MustParsePrefix("240.0.0.0/4"),
	netip.MustParsePrefix("64:ff9b::/96"),
	netip.MustParsePrefix("64:ff9b:1::/48"),
	netip.MustParsePrefix("2002::/16"),
}

// fetch downloads url within the timeout and size limit.
func (r *Reader) fetch(ctx context.Context, rawURL string) (*input, error) {
	ctx, cancel := context.WithTimeout(ctx, r.opts.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("fetch: %w", err)
	}
	req.Header.Set("User-Agent", r.opts.UserAgent)
	req.Header.Set("Accept", acceptHeader)
	resp, err := r.client.Do(req)
	if err != nil {
		return nil, r.fetchError(ctx, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("fetch: HTTP %s", resp.Status)
	}
	data, err := readLimited(resp.Body, r.opts.MaxBytes)
	if err != nil {
		return nil, r.fetchError(ctx, err)
	}
	final := rawURL
	if resp.Request != nil && resp.Request.URL != nil {
		final = resp.Request.URL.String()
	}
	name := ""
	if resp.Request != nil && resp.Request.URL != nil {
		name = resp.Request.URL.Path
	}
	return &input{data: data, name: name, contentType: resp.Header.Get("Content-Type"), url: final}, nil
}

// fetchError wraps an error of a request or of reading its body, saying so
// when the fetch timed out.
func (r *Reader) fetchError(ctx context.Context, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("fetch: timed out after %s: %w", r.opts.Timeout, err)
	}
	return fmt.Errorf("fetch: %w", err)
}
