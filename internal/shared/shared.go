// Package shared finds the labelled data and the reference corpus that live
// beside the repository in ../shared, for tests and benchmarks. The data is
// read in place and never copied into the repository.
package shared

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns ../shared/<elem...> beside the repository root (the folder
// holding go.mod above the working directory). When it is absent the test is
// skipped with a message, except under CI=true, where CI must provide it
// and its absence fails the test loudly.
func Path(tb testing.TB, elem ...string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Fatal("no go.mod above the test's directory")
		}
		dir = parent
	}
	p := filepath.Join(append([]string{dir, "..", "shared"}, elem...)...)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") == "true" {
			tb.Fatalf("%s is missing on CI (%v): CI must provide ../shared", p, err)
		}
		tb.Skipf("%s not found (%v); skipping", p, err)
	}
	return p
}
