package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestBadInput feeds every kind of bad input the issue names, mixed with good
// input: one clear message per problem naming file and line, exit status 1,
// and every valid record stored.
func TestBadInput(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	empty := write("empty.txt", nil)
	binary := write("image.txt", append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0, 1, 2, 255}, 200)...))
	badUTF8 := write("latin1.txt", []byte("Council votes on the harbour plan\n\nThe council met on Tuesday in Porthaven and voted \xe9\xe8 to delay the plan.\n"))
	huge := filepath.Join(dir, "huge.txt")
	f, err := os.Create(huge)
	if err != nil {
		t.Fatal(err)
	}
	line := bytes.Repeat([]byte("The quay was repaired again. "), 35)
	for written := 0; written < 50<<20; written += len(line) + 1 {
		f.Write(line)
		f.Write([]byte("\n"))
	}
	f.Close()
	mixed := write("mixed.jsonl", []byte(strings.Join([]string{
		`{"id":"ok-1","outlet":"Porthaven Post","published":"2026-03-02","title":"Ferry strike ends","text":"The ferry strike in Porthaven ended on Monday after four days, the union said. “We have an agreement,” said union leader Maren Holt."}`,
		`{"id":"bad-json", "text": "unterminated`,
		`{"id":"no-text","title":"Nothing here"}`,
		``,
		`{"id":"ok-2","url":"https://www.bayledger.example/ferry","published":"2026-03-02T10:00:00Z","text":"Ferries to the islands sailed again on Monday, ending a four-day strike. Union leader Maren Holt said the deal was fair."}`,
		`{"id":"bad-date","published":"last Tuesday","text":"Some text about the harbour."}`,
		`[1,2,3]`,
	}, "\n")+"\n"))
	good := write("good.txt", []byte("Harbour lights restored\n\nThe harbour lights of Porthaven were switched on again on Friday after a month of repairs, the port authority said.\n"))
	missing := filepath.Join(dir, "does-not-exist.jsonl")

	db := filepath.Join(t.TempDir(), "p.db")
	r := cli(t, nil, "", "--db", db, "ingest", empty, binary, badUTF8, huge, mixed, good, missing)
	if r.code != 1 {
		t.Fatalf("exit status %d, want 1\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	msgs := strings.Split(strings.TrimSpace(r.stderr), "\n")
	wants := []string{
		empty + ":", binary + ":", badUTF8 + ":", huge + ":",
		mixed + ":2:", mixed + ":3:", mixed + ":6:", mixed + ":7:", missing,
	}
	if len(msgs) != len(wants) {
		t.Errorf("want one message per problem (%d), got %d:\n%s", len(wants), len(msgs), r.stderr)
	}
	for _, w := range wants {
		n := 0
		for _, m := range msgs {
			if strings.Contains(m, w) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("want exactly one message naming %q, got %d:\n%s", w, n, r.stderr)
		}
	}
	for _, m := range msgs {
		if !strings.HasPrefix(m, "parallax: ") || len(m) > 400 {
			t.Errorf("unclear message %q", m)
		}
	}
	for _, id := range []string{"ok-1", "ok-2"} {
		if r := cli(t, nil, "", "--db", db, "article", id, "--json"); r.code != 0 {
			t.Errorf("valid record %s not stored: %s", id, r.stderr)
		}
	}
	a := decode[articleJSON](t, cli(t, nil, "", "--db", db, "article", "ok-2", "--json").stdout)
	if a.Outlet != "bayledger.example" {
		t.Errorf("outlet from URL: got %q", a.Outlet)
	}
	res := decode[map[string]any](t, cli(t, nil, "", "--db", db, "search", "harbour lights", "--json").stdout)
	if res["total"].(float64) < 1 {
		t.Errorf("the good text file was not stored/searchable: %v", res)
	}
}

// TestConflict: the same id with a different text is reported, not overwritten.
func TestConflict(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "p.db")
	first := filepath.Join(dir, "a.jsonl")
	second := filepath.Join(dir, "b.jsonl")
	os.WriteFile(first, []byte(`{"id":"x1","text":"The mill on the river Arden reopened on Saturday with forty workers."}`+"\n"), 0o644)
	os.WriteFile(second, []byte(`{"id":"x1","text":"A completely different text that reuses the same id by mistake."}`+"\n"), 0o644)
	if r := cli(t, nil, "", "--db", db, "ingest", first); r.code != 0 {
		t.Fatalf("first ingest: %d %s", r.code, r.stderr)
	}
	r := cli(t, nil, "", "--db", db, "ingest", second)
	if r.code != 1 || !strings.Contains(r.stderr, "x1") || !strings.Contains(r.stderr, "b.jsonl:1") {
		t.Fatalf("conflict: code %d stderr %q", r.code, r.stderr)
	}
	a := decode[articleJSON](t, cli(t, nil, "", "--db", db, "article", "x1", "--json").stdout)
	if !strings.Contains(a.Text, "river Arden") {
		t.Fatalf("stored text was overwritten: %q", a.Text)
	}
}

// TestStdinAndHashIDs: records without ids get content ids; the same text read
// twice (from stdin) is one article.
func TestStdinAndHashIDs(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	in := `{"outlet":"Arden Courier","text":"The Arden bridge will close for repairs in May, the county said on Tuesday."}` + "\n"
	r := cli(t, nil, in+in, "--db", db, "ingest", "--json", "-")
	if r.code != 0 {
		t.Fatalf("code %d: %s", r.code, r.stderr)
	}
	res := decode[[]map[string]string](t, r.stdout)
	if len(res) != 2 || res[0]["status"] != "stored" || res[1]["status"] != "unchanged" || res[0]["id"] != res[1]["id"] || len(res[0]["id"]) < 16 {
		t.Fatalf("want one stored and one unchanged with the same 64-bit id, got %v", res)
	}
	if !strings.HasPrefix(res[0]["origin"], "stdin") {
		t.Errorf("origin %q should name stdin", res[0]["origin"])
	}
}
