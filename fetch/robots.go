package fetch

import (
	"strconv"
	"strings"
	"time"
)

// maxRobotsBytes is how much of a robots.txt is read (RFC 9309 asks for at
// least 500 KiB); the rest is ignored.
const maxRobotsBytes = 512 << 10

// Robots is a parsed robots.txt, reduced to the rules for one user agent.
type Robots struct {
	rules      []robotsRule
	CrawlDelay time.Duration // the group's Crawl-delay (non-standard), 0 if none
}

type robotsRule struct {
	allow   bool
	pattern string // percent-encoding normalised; may hold '*' and a final '$'
}

// ParseRobots reads a robots.txt for the given product token ("parallax"),
// following RFC 9309: the groups whose User-agent names the token (case
// insensitively; "parallax/1.0" counts too) are merged; when none does, the
// "*" groups are; when there are none either, everything is allowed. Lines it
// does not understand are ignored. It never fails.
func ParseRobots(body []byte, agent string) *Robots {
	if len(body) > maxRobotsBytes {
		body = body[:maxRobotsBytes]
	}
	agent = strings.ToLower(agent)
	type group struct {
		agents []string
		rules  []robotsRule
		delay  time.Duration
	}
	var groups []*group
	var cur *group
	inAgents := false // the previous significant line was a User-agent line
	for _, line := range strings.FieldsFunc(string(body), func(r rune) bool { return r == '\n' || r == '\r' }) {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		key, value, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		key = strings.ToLower(strings.TrimSpace(key))
		value = strings.TrimSpace(value)
		switch key {
		case "user-agent", "useragent", "user agent":
			if !inAgents || cur == nil {
				cur = &group{}
				groups = append(groups, cur)
			}
			inAgents = true
			cur.agents = append(cur.agents, strings.ToLower(value))
		case "allow", "disallow":
			inAgents = false
			if cur == nil || value == "" { // "Disallow:" with no path allows everything: no rule
				continue
			}
			cur.rules = append(cur.rules, robotsRule{allow: key == "allow", pattern: normalizePath(value)})
		case "crawl-delay":
			inAgents = false
			if cur == nil {
				continue
			}
			if s, err := strconv.ParseFloat(value, 64); err == nil && s > 0 && s < 86400 {
				cur.delay = time.Duration(s * float64(time.Second))
			}
		default:
			// Sitemap and unknown keys neither belong to nor end a group.
		}
	}
	r := &Robots{}
	pick := func(match func(string) bool) bool {
		found := false
		for _, g := range groups {
			for _, a := range g.agents {
				if match(a) {
					found = true
					r.rules = append(r.rules, g.rules...)
					r.CrawlDelay = max(r.CrawlDelay, g.delay)
					break
				}
			}
		}
		return found
	}
	if agent != "" && pick(func(a string) bool {
		tok, _, _ := strings.Cut(a, "/")
		return strings.TrimSpace(tok) == agent
	}) {
		return r
	}
	pick(func(a string) bool { return a == "*" })
	return r
}

// Allowed reports whether a URL path (with its query, as url.URL.RequestURI
// gives it) may be fetched: the longest matching pattern decides, Allow
// winning a tie; no match allows; /robots.txt is always allowed.
func (r *Robots) Allowed(path string) bool {
	if r == nil {
		return true
	}
	if path == "" {
		path = "/"
	}
	if path == "/robots.txt" {
		return true
	}
	path = normalizePath(path)
	best, allow := -1, true
	for _, rule := range r.rules {
		if !matchPattern(rule.pattern, path) {
			continue
		}
		if n := len(rule.pattern); n > best || (n == best && rule.allow) {
			best, allow = n, rule.allow
		}
	}
	return allow
}

// normalizePath makes two spellings of one path compare equal: bytes outside
// printable ASCII are percent-encoded and existing escapes upper-cased, and
// escapes of unreserved characters ("%7E" for "~") are decoded.
func normalizePath(p string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case c == '%' && i+2 < len(p) && isHex(p[i+1]) && isHex(p[i+2]):
			v := unhex(p[i+1])<<4 | unhex(p[i+2])
			if isUnreserved(v) {
				b.WriteByte(v)
			} else {
				b.WriteByte('%')
				b.WriteByte(hex[v>>4])
				b.WriteByte(hex[v&15])
			}
			i += 2
		case c <= ' ' || c >= 0x7f:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

func unhex(c byte) byte {
	switch {
	case c <= '9':
		return c - '0'
	case c >= 'a':
		return c - 'a' + 10
	}
	return c - 'A' + 10
}

func isUnreserved(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// matchPattern reports whether pattern matches a prefix of path ('*' matches
// any run of bytes; a final '$' anchors the end). It runs in O(len(pattern) *
// len(path)) at worst, never exponentially, whatever the pattern.
func matchPattern(pattern, path string) bool {
	anchored := strings.HasSuffix(pattern, "$")
	if anchored {
		pattern = pattern[:len(pattern)-1]
	}
	// Greedy wildcard match with one backtrack point: the classic linear
	// algorithm. Without the anchor the pattern only has to match a prefix,
	// which is the same as the pattern followed by '*'.
	if !anchored {
		pattern += "*"
	}
	p, s := 0, 0
	star, mark := -1, 0
	for s < len(path) {
		switch {
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, s
			p++
		case p < len(pattern) && pattern[p] == path[s]:
			p++
			s++
		case star >= 0:
			p = star + 1
			mark++
			s = mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
