package fetch

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

const sampleRobots = `# invented robots.txt
User-agent: *
Disallow: /private
Allow: /private/open
Disallow: /*.pdf$
Disallow: /search?

User-agent: Parallax/2.1
User-agent: otherbot
Disallow: /drafts/
Allow: /drafts/public
Disallow: /tmp$
Crawl-delay: 2.5

Sitemap: https://robots.example/sitemap.xml

User-agent: parallax-news
Disallow: /
`

func TestRobotsGroups(t *testing.T) {
	star := ParseRobots([]byte(sampleRobots), "somebot")
	ours := ParseRobots([]byte(sampleRobots), "parallax")
	cases := []struct {
		r    *Robots
		path string
		want bool
	}{
		{star, "/", true},
		{star, "/private", false},
		{star, "/private/x", false},
		{star, "/private/open", true},    // longer Allow wins
		{star, "/private/open/y", true},  // and covers what it prefixes
		{star, "/privateer", false},      // plain prefix match
		{star, "/report.pdf", false},     // '*' and '$'
		{star, "/report.pdf?dl=1", true}, // '$' anchors the end
		{star, "/search?q=ferry", false}, // query is part of the path
		{star, "/search", true},          //
		{star, "/robots.txt", true},      // always allowed
		{ours, "/private/x", true},       // our group replaces '*' entirely
		{ours, "/drafts/x", false},       //
		{ours, "/drafts/public/1", true}, //
		{ours, "/tmp", false},            //
		{ours, "/tmp/", true},            // "$" anchored
		{ours, "/anything", true},        // "parallax-news" is another agent
	}
	for _, c := range cases {
		who := "*"
		if c.r == ours {
			who = "parallax"
		}
		if got := c.r.Allowed(c.path); got != c.want {
			t.Errorf("%s %s: allowed=%v, want %v", who, c.path, got, c.want)
		}
	}
	if ours.CrawlDelay != 2500*time.Millisecond || star.CrawlDelay != 0 {
		t.Errorf("crawl-delay: ours %v, star %v", ours.CrawlDelay, star.CrawlDelay)
	}
}

func TestRobotsEdgeCases(t *testing.T) {
	cases := []struct {
		name, body, path string
		want             bool
	}{
		{"empty file", "", "/x", true},
		{"no group for anyone", "Disallow: /\n", "/x", true},
		{"empty disallow allows", "User-agent: *\nDisallow:\n", "/x", true},
		{"disallow all", "User-agent: *\nDisallow: /\n", "/x", false},
		{"tie goes to allow", "User-agent: *\nDisallow: /page\nAllow: /page\n", "/page", true},
		{"longest match by length, not order", "User-agent: *\nAllow: /a\nDisallow: /a/b/c\n", "/a/b/c/d", false},
		{"case of keys", "USER-AGENT: *\nDISALLOW: /X\n", "/X", false},
		{"paths are case-sensitive", "User-agent: *\nDisallow: /X\n", "/x", true},
		{"CR line ends and comments", "User-agent: * # all\r\nDisallow: /a # no\r\n", "/a", false},
		{"percent-encoding normalised", "User-agent: *\nDisallow: /caf%c3%a9\n", "/caf%C3%A9/menu", false},
		{"raw UTF-8 in pattern", "User-agent: *\nDisallow: /café\n", "/caf%C3%A9", false},
		{"unreserved escape", "User-agent: *\nDisallow: /%7Euser\n", "/~user/page", false},
		{"many stars stay fast", "User-agent: *\nDisallow: /" + strings.Repeat("*a", 200) + "b\n", "/" + strings.Repeat("a", 5000), true},
		{"rules before any user-agent ignored", "Disallow: /\nUser-agent: *\nAllow: /\n", "/x", true},
		{"star groups merged", "User-agent: *\nDisallow: /a\n\nUser-agent: *\nDisallow: /b\n", "/b", false},
	}
	for _, c := range cases {
		start := time.Now()
		if got := ParseRobots([]byte(c.body), "parallax").Allowed(c.path); got != c.want {
			t.Errorf("%s: allowed=%v, want %v", c.name, got, c.want)
		}
		if d := time.Since(start); d > 100*time.Millisecond {
			t.Errorf("%s: took %v", c.name, d)
		}
	}
}

func TestMatchPattern(t *testing.T) {
	cases := []struct {
		pattern, path string
		want          bool
	}{
		{"/", "/anything", true},
		{"/a*c", "/abbbc/d", true},
		{"/a*c$", "/abbbc/d", false},
		{"/a*c$", "/abbbc", true},
		{"*", "/", true},
		{"/$", "/", true},
		{"/$", "/x", false},
		{"/x", "/", false},
		{"/**a", "/ba", true},
	}
	for _, c := range cases {
		if got := matchPattern(c.pattern, c.path); got != c.want {
			t.Errorf("matchPattern(%q, %q) = %v, want %v", c.pattern, c.path, got, c.want)
		}
	}
}

func FuzzRobots(f *testing.F) {
	f.Add([]byte(sampleRobots), "/private/open/x")
	f.Add([]byte("User-agent: *\nDisallow: /*a*b*c$\n"), "/aXbYc")
	f.Add([]byte("User-agent: parallax\nAllow: /%7e\nDisallow: /\n"), "/~x")
	f.Fuzz(func(t *testing.T, body []byte, path string) {
		r := ParseRobots(body, "parallax")
		got := r.Allowed(path)
		if path == "/robots.txt" && !got {
			t.Fatal("robots.txt itself disallowed")
		}
		// A rule-less result allows everything.
		if len(r.rules) == 0 && !got {
			t.Fatal("disallowed with no rules")
		}
		if r.CrawlDelay < 0 {
			t.Fatal("negative crawl-delay")
		}
		// The wildcard matcher agrees with a regular-expression oracle.
		np := normalizePath(path)
		for _, rule := range r.rules {
			if got, want := matchPattern(rule.pattern, np), oracle(rule.pattern).MatchString(np); got != want {
				t.Fatalf("matchPattern(%q, %q) = %v, oracle says %v", rule.pattern, np, got, want)
			}
		}
	})
}

// oracle turns a robots pattern into an equivalent regular expression.
func oracle(pattern string) *regexp.Regexp {
	anchored := strings.HasSuffix(pattern, "$")
	pattern = strings.TrimSuffix(pattern, "$")
	parts := strings.Split(pattern, "*")
	for i := range parts {
		parts[i] = regexp.QuoteMeta(parts[i])
	}
	expr := "^(?s:" + strings.Join(parts, ".*") + ")"
	if anchored {
		expr += "$"
	}
	return regexp.MustCompile(expr)
}
