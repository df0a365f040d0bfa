// Package fetch downloads feeds and pages politely and safely.
//
// A Fetcher is made once (New) and shared: it is safe for concurrent use, and
// its politeness state (per-host slots, delays, robots.txt cache) lives in it.
//
//	f := fetch.New(fetch.Options{})
//	resp, err := f.Fetch(ctx, fetch.Request{URL: u, ETag: etag, LastModified: lastMod})
//	switch {
//	case errors.Is(err, fetch.ErrDisallowed): // robots.txt says no: record, do not retry soon
//	case err != nil:                          // *HTTPError carries Status and RetryAfter
//	case resp.NotModified:                    // 304: nothing new
//	default:                                  // resp.Body, resp.ETag, resp.LastModified, resp.URL
//	}
//
// What every Fetch does, in order, for the URL and for each redirect hop:
//  1. only http and https URLs are accepted;
//  2. robots.txt of the hop's scheme://host:port is consulted (fetched once and
//     cached for Options.RobotsTTL): a disallowed URL is ErrDisallowed; a
//     robots.txt answering 4xx allows everything; 5xx, a timeout or a network
//     error disallows everything for a short while (RFC 9309 §2.3.1);
//  3. it waits for a slot of the host (at most Options.PerHost requests at a
//     time) and for Options.HostDelay since the previous request to the host
//     began (longer when robots.txt asks for a Crawl-delay, up to 30 s);
//  4. it connects only to public addresses unless Options.AllowPrivate: the
//     check is made on the IP address actually dialled, after DNS resolution,
//     so a public name resolving to 127.0.0.1 (DNS rebinding) or a redirect
//     to an internal host is refused too, with *BlockedAddressError
//     (errors.Is(err, ErrBlockedAddress)). Proxies from the environment are
//     not used, since they would hide the address dialled;
//  5. it sends "Accept-Encoding: gzip, deflate" and decompresses itself, so
//     the Options.MaxBytes cap counts decompressed bytes (a gzip bomb is
//     ErrTooLarge after MaxBytes, never buffered further);
//  6. the whole hop, body included, must finish within Options.Timeout
//     (ErrTimeout otherwise).
//
// At most Options.MaxRedirects redirects are followed (ErrTooManyRedirects).
// A 304 answer to a conditional request is a success with NotModified set.
// Any other status outside 2xx is an *HTTPError, returned together with a
// Response carrying the headers (RetryAfter is set from Retry-After on 429 and
// 503 and any other status that sends it).
//
// Backoff computes when to try a failing source again.
package fetch
