package http

import (
	"bufio"
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// openAPIOperations reads "METHOD /path" pairs from the paths section of the
// OpenAPI file. There is no YAML library in go.mod, and the file is ours, so a
// line-based reading of its fixed indentation is enough; yamlShapeOK checks
// that indentation holds up.
func openAPIOperations(t *testing.T, doc []byte) []string {
	t.Helper()
	pathRE := regexp.MustCompile(`^  (/\S*):\s*$`)
	opRE := regexp.MustCompile(`^    (get|post|put|patch|delete):\s*$`)
	var ops []string
	inPaths := false
	path := ""
	sc := bufio.NewScanner(bytes.NewReader(doc))
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, " ") && line != "" {
			inPaths = line == "paths:"
			continue
		}
		if !inPaths {
			continue
		}
		if m := pathRE.FindStringSubmatch(line); m != nil {
			path = m[1]
		} else if m := opRE.FindStringSubmatch(line); m != nil && path != "" {
			ops = append(ops, strings.ToUpper(m[1])+" "+path)
		}
	}
	return ops
}

// yamlShapeOK does the cheap checks that catch most hand-editing slips:
// no tabs, even indentation that never jumps by more than one level, and
// "key: value" or "- item" on every non-blank line outside block scalars.
func yamlShapeOK(t *testing.T, doc []byte) {
	t.Helper()
	lines := strings.Split(string(doc), "\n")
	prev := 0
	block := -1 // indentation of an open "|" block scalar, -1 when none
	keyRE := regexp.MustCompile(`^(- )?("[^"]*"|[A-Za-z0-9_$/{}.\-]+):( .*)?$|^- `)
	for i, line := range lines {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if strings.Contains(line, "\t") {
			t.Errorf("openapi.yaml:%d: tab", i+1)
		}
		ind := len(line) - len(strings.TrimLeft(line, " "))
		if block >= 0 {
			if ind > block {
				continue
			}
			block = -1
		}
		if ind%2 != 0 {
			t.Errorf("openapi.yaml:%d: odd indentation", i+1)
		}
		if ind > prev+2 && !strings.HasPrefix(strings.TrimSpace(lines[i-1]), "- ") {
			t.Errorf("openapi.yaml:%d: indentation jumps from %d to %d", i+1, prev, ind)
		}
		body := strings.TrimSpace(line)
		if !keyRE.MatchString(body) {
			t.Errorf("openapi.yaml:%d: not a key or list item: %q", i+1, body)
		}
		if strings.HasSuffix(body, ": |") {
			block = ind
		}
		prev = ind
		if strings.HasPrefix(body, "- ") {
			prev = ind + 2
		}
	}
}

func TestOpenAPIDescribesEveryRoute(t *testing.T) {
	if !bytes.HasPrefix(openAPI, []byte("openapi: 3.")) {
		t.Fatalf("openapi.yaml does not start with an OpenAPI 3 version line")
	}
	yamlShapeOK(t, openAPI)
	if !bytes.Contains(openAPI, []byte(`version: "1"`)) {
		t.Error("info.version is not 1")
	}
	documented := openAPIOperations(t, openAPI)

	f := newFixture(t, "")
	var routed []string
	for _, rt := range f.srv.routes() {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !ok || !(strings.HasPrefix(path, "/api/") || path == "/healthz") {
			continue // UI routes and catch-alls
		}
		routed = append(routed, method+" "+path)
	}
	slices.Sort(documented)
	slices.Sort(routed)
	if !slices.Equal(documented, routed) {
		t.Errorf("openapi.yaml operations and API routes differ:\n documented %q\n routed     %q", documented, routed)
	}
	if len(routed) < 8 {
		t.Errorf("only %d API routes found: %q", len(routed), routed)
	}

	// Every schema reference resolves.
	refRE := regexp.MustCompile(`\$ref: "#/components/(\w+)/(\w+)"`)
	for _, m := range refRE.FindAllSubmatch(openAPI, -1) {
		def := regexp.MustCompile(`(?m)^    ` + string(m[2]) + `:\s*$`)
		if !def.Match(openAPI) {
			t.Errorf("unresolved $ref %s/%s", m[1], m[2])
		}
	}

	// The server serves the same bytes.
	rec := f.do("GET", "/api/openapi.yaml", nil)
	if rec.Code != 200 || !bytes.Equal(rec.Body.Bytes(), openAPI) || !strings.Contains(rec.Header().Get("Content-Type"), "yaml") {
		t.Errorf("GET /api/openapi.yaml: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
}
