package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallax-news/parallax/internal/shared"
)

// cli runs parallax with args and returns its exit status and output.
type cliResult struct {
	code           int
	stdout, stderr string
}

func cli(t *testing.T, env map[string]string, stdin string, args ...string) cliResult {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return env[k] }
	code := run(context.Background(), args, getenv, strings.NewReader(stdin), &out, &errb)
	return cliResult{code, out.String(), errb.String()}
}

// repoRoot finds the module root by walking up to go.mod.
func repoRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("go.mod not found")
		}
		dir = parent
	}
}

// sharedDir returns ../shared beside the repo: skipped when absent locally,
// a failure under CI=true, where it must be present.
func sharedDir(t *testing.T) string {
	t.Helper()
	return shared.Path(t)
}

func decode[T any](t *testing.T, s string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatalf("output is not the expected JSON: %v\n%s", err, s)
	}
	return v
}

type storyJSON struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Storyline string `json:"storyline"`
	Articles  []struct {
		ID          string    `json:"id"`
		Outlet      string    `json:"outlet"`
		Published   time.Time `json:"published"`
		DuplicateOf string    `json:"duplicate_of"`
	} `json:"articles"`
	Entities []entityJSON `json:"entities"`
	Quotes   []struct {
		Speaker, Text, Article string
		Start, End             int
	} `json:"quotes"`
	Statements []struct {
		Speaker     string
		Text        string
		Occurrences []struct {
			Article, Outlet, Text string
			Start, End            int
		}
	} `json:"statements"`
	Why []struct {
		Article           string
		Started           bool
		Score             float64
		Entities, Numbers []string
		Terms, Statements []string
	} `json:"why"`
	Speakers []struct {
		EntityID   string `json:"entity_id"`
		Name, Kind string
		Statements []struct{ Text string }
		Relays     []struct {
			ToldTo   []string `json:"told_to"`
			Via      []string
			Articles []string
			Outlets  []string
		}
	} `json:"speakers"`
}

type entityJSON struct {
	ID, Name, Kind string
	Aliases        []string
	Mentions       int
	Roles          []struct{ Role, Article string }
	Merges         []struct{ Alias, Reason, Confidence string }
}

// entityNamed returns the story's entity with the name or alias, ignoring
// case, or nil.
// storylineFaces decodes a storyline view's entities, statements and
// speakers, which have the story view's shape; its "articles" is a count.
func storylineFaces(t *testing.T, out string) storyJSON {
	t.Helper()
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatalf("storyline output is not JSON: %v", err)
	}
	delete(m, "articles")
	b, _ := json.Marshal(m)
	return decode[storyJSON](t, string(b))
}

func entityNamed(st storyJSON, name string) *entityJSON {
	for i, e := range st.Entities {
		if strings.EqualFold(e.Name, name) || slices.ContainsFunc(e.Aliases, func(a string) bool { return strings.EqualFold(a, name) }) {
			return &st.Entities[i]
		}
	}
	return nil
}

type articleJSON struct {
	ID, URL, Outlet, Title, Language, Text, Story string
	DuplicateOf                                   string `json:"duplicate_of"`
}

func storyOf(stories []storyJSON, article string) string {
	for _, s := range stories {
		for _, a := range s.Articles {
			if a.ID == article {
				return s.ID
			}
		}
	}
	return ""
}

func TestHelpAndUsage(t *testing.T) {
	r := cli(t, nil, "", "help")
	if r.code != 0 || !strings.Contains(r.stdout, "ingest") || !strings.Contains(r.stdout, "serve") {
		t.Fatalf("help: code %d, stdout %q", r.code, r.stdout)
	}
	r = cli(t, nil, "", "search", "--help")
	if r.code != 0 || !strings.Contains(r.stdout, "--outlet") || !strings.Contains(r.stdout, "--from") {
		t.Fatalf("search --help: code %d, stdout %q", r.code, r.stdout)
	}
	for name, args := range map[string][]string{
		"no command":      nil,
		"unknown command": {"frobnicate"},
		"bad flag":        {"stories", "--nope"},
		"bad limit":       {"stories", "--limit", "many"},
		"bad date":        {"search", "x", "--from", "yesterday"},
		"missing id":      {"story"},
		"bad format":      {"ingest", "--format", "pdf", "x"},
	} {
		t.Run(name, func(t *testing.T) {
			r := cli(t, nil, "", args...)
			if r.code != 2 || !strings.HasPrefix(r.stderr, "parallax: ") {
				t.Fatalf("code %d (want 2), stderr %q", r.code, r.stderr)
			}
		})
	}
}

func TestConfigPrecedence(t *testing.T) {
	env := map[string]string{"PARALLAX_DB": "from-env.db", "PARALLAX_ADDR": "127.0.0.1:9999"}
	c, err := ParseConfig([]string{"serve"}, func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "from-env.db" || c.Addr != "127.0.0.1:9999" {
		t.Fatalf("env not applied: %+v", c)
	}
	c, err = ParseConfig([]string{"--db", "flag.db", "serve", "--addr", ":0"}, func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "flag.db" || c.Addr != ":0" {
		t.Fatalf("flags must win over env: %+v", c)
	}
	c, err = ParseConfig([]string{"stories"}, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.DB != "parallax.db" {
		t.Fatalf("default db: %q", c.DB)
	}
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte("s3cret\n"), 0o600)
	c, err = ParseConfig([]string{"serve"}, func(k string) string {
		return map[string]string{"PARALLAX_TOKEN_FILE": tokenFile}[k]
	}, nil)
	if err != nil || c.Token != "s3cret" {
		t.Fatalf("token file: %q, %v", c.Token, err)
	}
}

// TestSeedsEndToEnd runs the reference story through the CLI: ingest, then the
// story views, as the acceptance describes.
func TestSeedsEndToEnd(t *testing.T) {
	seeds := filepath.Join(sharedDir(t), "corpus", "seeds.jsonl")
	db := filepath.Join(t.TempDir(), "p.db")
	r := cli(t, nil, "", "--db", db, "ingest", seeds)
	if r.code != 0 {
		t.Fatalf("ingest: code %d\nstdout %s\nstderr %s", r.code, r.stdout, r.stderr)
	}
	stories := decode[[]storyJSON](t, cli(t, nil, "", "--db", db, "stories", "--json").stdout)
	s2, s3, s4 := storyOf(stories, "002"), storyOf(stories, "003"), storyOf(stories, "004")
	if s2 == "" || s2 != s3 || s3 != s4 {
		t.Fatalf("002, 003, 004 must share one story; got %q %q %q", s2, s3, s4)
	}
	// 000 (the ministry's television remarks three days on) and 001 (March
	// 2017) are other events of the same storyline.
	lineOf := map[string]string{}
	for _, s := range stories {
		lineOf[s.ID] = s.Storyline
	}
	line := lineOf[s2]
	for _, id := range []string{"000", "001"} {
		if s := storyOf(stories, id); s == s2 || lineOf[s] != line || line == "" {
			t.Errorf("%s: story %s in storyline %q; want another event of storyline %q", id, s, lineOf[s], line)
		}
	}
	st := decode[storyJSON](t, cli(t, nil, "", "--db", db, "story", s2, "--json").stdout)
	// Who said what is read across the storyline: its view holds the
	// entities, statements and speakers of all five articles.
	sl := storylineFaces(t, cli(t, nil, "", "--db", db, "storyline", line, "--json").stdout)
	speakers := map[string]bool{}
	for _, s := range sl.Statements {
		if s.Speaker != "" {
			speakers[s.Speaker] = true
		}
	}
	t.Logf("speakers: %v", speakers)
	if len(speakers) < 6 {
		t.Errorf("want quotes from at least 6 distinct speakers, got %d: %v", len(speakers), speakers)
	}
	for _, want := range []string{"Sergei Ryabkov", "Maria Zakharova", "Hope Hicks", "Mark Toner", "Dmitry Peskov", "Michael Morell"} {
		if !speakers[want] {
			t.Errorf("speaker %q missing from %v", want, speakers)
		}
	}
	// The speakers view: the same people, each with statements, and 004's
	// Ryabkov quotes came through Interfax and then the Washington Post or
	// Bloomberg.
	relayed := false
	for _, sp := range sl.Speakers {
		if !speakers[sp.Name] || len(sp.Statements) == 0 || len(sp.Relays) == 0 {
			t.Errorf("speaker %+v: not a quoted speaker, or without statements or relays", sp)
		}
		if sp.Name != "Sergei Ryabkov" {
			continue
		}
		for _, p := range sp.Relays {
			if slices.Contains(p.Articles, "004") && slices.Contains(p.ToldTo, "Interfax") &&
				(slices.Contains(p.Via, "Washington Post") || slices.Contains(p.Via, "Bloomberg")) {
				relayed = true
			}
		}
		t.Logf("Ryabkov's relay paths: %+v", sp.Relays)
	}
	if len(sl.Speakers) < 6 || !relayed {
		t.Errorf("%d speakers; Ryabkov told Interfax via the Post or Bloomberg in 004: %v", len(sl.Speakers), relayed)
	}
	// Canonical entities: the machine translation's "trump" and "Zakharov"
	// are Donald Trump and Maria Zakharova, titles become roles, and the
	// outlets the articles cite are outlets.
	for alias, want := range map[string]string{"trump": "Donald Trump", "Zakharov": "Maria Zakharova", "Ryabkov": "Sergei Ryabkov"} {
		if e := entityNamed(sl, alias); e == nil || e.Name != want || e.Kind != "person" {
			t.Errorf("%q resolves to %+v, want the person %s", alias, e, want)
		}
	}
	if e := entityNamed(sl, "Zakharov"); e != nil && !slices.ContainsFunc(e.Merges, func(m struct{ Alias, Reason, Confidence string }) bool {
		return m.Alias == "Zakharov" && m.Confidence == "probable"
	}) {
		t.Errorf("joining Zakharov to Maria Zakharova is a probable merge: %+v", e.Merges)
	}
	if e := entityNamed(sl, "Sergei Ryabkov"); e == nil || len(e.Roles) == 0 || e.Roles[0].Role != "deputy foreign minister" {
		t.Errorf("Ryabkov's role: %+v", e)
	}
	for _, name := range []string{"Interfax", "CNN", "Bloomberg", "Washington Post"} {
		if e := entityNamed(sl, name); e == nil || e.Kind != "outlet" {
			t.Errorf("%s: %+v, want an outlet", name, e)
		}
	}
	// Across the store: one person has one id in every story, however a
	// story writes the name (the interfax.ru translation writes "Donald
	// trump"), and Sergei Ryabkov and Sergey Kislyak stay two people.
	ids := map[string]string{} // name → entity id
	carterStories := 0
	for _, sum := range stories {
		s := decode[storyJSON](t, cli(t, nil, "", "--db", db, "story", sum.ID, "--json").stdout)
		for _, name := range []string{"trump", "Hillary Clinton", "Vladimir Putin", "Dmitry Peskov", "Sergei Ryabkov", "Sergey Kislyak"} {
			e := entityNamed(s, name)
			if e == nil {
				continue
			}
			if id, ok := ids[name]; ok && id != e.ID {
				t.Errorf("%s: ids %s and %s in two stories", name, id, e.ID)
			}
			ids[name] = e.ID
		}
		// 001 writes only "Carter Paige"; 004 writes Carter Page.
		for _, name := range []string{"Carter Page", "Carter Paige"} {
			if e := entityNamed(s, name); e != nil && e.Kind == "person" {
				if id, ok := ids["Carter Page"]; ok && id != e.ID {
					t.Errorf("Carter Page: ids %s and %s (%s) in two stories", id, e.ID, e.Name)
				}
				ids["Carter Page"] = e.ID
				carterStories++
				break
			}
		}
		if e := entityNamed(s, "trump"); e != nil && e.Name != "Donald Trump" {
			t.Errorf("story %s: trump is %+v", s.ID, *e)
		}
	}
	if carterStories != 2 {
		t.Errorf("Carter Page is a person in %d stories, want 2", carterStories)
	}
	if ids["Sergei Ryabkov"] == "" || ids["Sergey Kislyak"] == "" || ids["Sergei Ryabkov"] == ids["Sergey Kislyak"] {
		t.Errorf("Ryabkov and Kislyak: ids %q, %q", ids["Sergei Ryabkov"], ids["Sergey Kislyak"])
	}
	// Sergei Ryabkov's statement that 002, 003 and 004 carry, two of them in
	// one translation and 003 in another, is one statement; every named
	// quote is in exactly one statement.
	var carried [][]string // Ryabkov statements in more than one of the three
	occurrences := 0
	for _, s := range st.Statements {
		occurrences += len(s.Occurrences)
		in := map[string]bool{}
		var arts []string
		for _, o := range s.Occurrences {
			if (o.Article == "002" || o.Article == "003" || o.Article == "004") && !in[o.Article] {
				in[o.Article] = true
				arts = append(arts, o.Article)
			}
		}
		if s.Speaker == "Sergei Ryabkov" && len(arts) > 1 {
			carried = append(carried, arts)
		}
	}
	t.Logf("Ryabkov statements across 002-004: %v", carried)
	// Why each article is in the story: the first started it; 003 and 004
	// share names with the articles before them and carry the Ryabkov statement.
	if len(st.Why) != len(st.Articles) || !st.Why[0].Started {
		t.Errorf("why: %+v", st.Why)
	}
	for _, w := range st.Why {
		if w.Article != "003" && w.Article != "004" {
			continue
		}
		if w.Started || w.Score <= 0 || len(w.Entities) == 0 || len(w.Statements) == 0 {
			t.Errorf("why %s: %+v", w.Article, w)
		}
	}
	if len(carried) != 1 || !slices.Equal(carried[0], []string{"002", "003", "004"}) {
		t.Errorf("want one statement of Sergei Ryabkov in 002, 003 and 004, earliest first; got %v", carried)
	}
	named := 0
	for _, q := range st.Quotes {
		if q.Speaker != "" {
			named++
		}
	}
	if occurrences != named {
		t.Errorf("statements hold %d quotes, the story has %d with a speaker", occurrences, named)
	}
	// Quote offsets point into the text that `article --json` returns.
	texts := map[string]string{}
	for _, q := range st.Quotes {
		if _, ok := texts[q.Article]; !ok {
			texts[q.Article] = decode[articleJSON](t, cli(t, nil, "", "--db", db, "article", q.Article, "--json").stdout).Text
		}
		text := texts[q.Article]
		if q.Start < 0 || q.End > len(text) || q.Start >= q.End || text[q.Start:q.End] != q.Text {
			t.Errorf("quote %q: offsets %d-%d do not match article %s text", q.Text, q.Start, q.End, q.Article)
		}
	}
	// 004 ends in a site masthead; none of it may survive extraction.
	a4 := decode[articleJSON](t, cli(t, nil, "", "--db", db, "article", "004", "--json").stdout)
	raw, err := os.ReadFile(filepath.Join(sharedDir(t), "corpus", "seeds", "004_884e2723cda65e0a.txt"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(raw)), "\n")
	var masthead []string
	for i := len(lines) - 1; i >= 0 && !strings.HasSuffix(strings.TrimSpace(lines[i]), "."); i-- {
		masthead = append(masthead, strings.TrimSpace(lines[i]))
	}
	if len(masthead) < 5 {
		t.Fatalf("expected a masthead block at the end of 004, found %d lines", len(masthead))
	}
	for _, l := range masthead {
		if l != "" && strings.Contains(a4.Text, l) {
			t.Errorf("masthead line %q survived in 004's text", l)
		}
	}
	lastPara := ""
	for i := len(lines) - 1; i >= 0; i-- {
		if strings.HasSuffix(strings.TrimSpace(lines[i]), ".") {
			lastPara = strings.TrimSpace(lines[i])
			break
		}
	}
	if !strings.HasSuffix(strings.TrimSpace(a4.Text), lastPara) {
		t.Errorf("004 lost its last paragraph: text ends %q", tail(a4.Text, 80))
	}
	// Re-ingesting changes nothing.
	r = cli(t, nil, "", "--db", db, "ingest", "--json", seeds)
	if r.code != 0 {
		t.Fatalf("re-ingest: code %d, stderr %s", r.code, r.stderr)
	}
	for _, res := range decode[[]map[string]string](t, r.stdout) {
		if res["status"] != "unchanged" {
			t.Errorf("re-ingest changed something: %v", res)
		}
	}
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[len(s)-n:]
}

// TestConfigFileVariables: any PARALLAX_* variable may come from a file
// named by its _FILE twin; the variable itself wins, and a missing file is
// named.
func TestConfigFileVariables(t *testing.T) {
	dir := t.TempDir()
	dbFile := filepath.Join(dir, "db")
	os.WriteFile(dbFile, []byte("postgres://u:secret@db.example/p\n"), 0o600)
	env := map[string]string{"PARALLAX_DB_FILE": dbFile}
	c, err := ParseConfig([]string{"stories"}, func(k string) string { return env[k] }, nil)
	if err != nil || c.DB != "postgres://u:secret@db.example/p" {
		t.Fatalf("DB from a file: %q, %v", c.DB, err)
	}
	env["PARALLAX_DB"] = "direct.db"
	if c, _ := ParseConfig([]string{"stories"}, func(k string) string { return env[k] }, nil); c.DB != "direct.db" {
		t.Errorf("the variable should win over its file: %q", c.DB)
	}
	env = map[string]string{"PARALLAX_DB_FILE": filepath.Join(dir, "missing")}
	if _, err := ParseConfig([]string{"stories"}, func(k string) string { return env[k] }, nil); err == nil || !strings.Contains(err.Error(), "PARALLAX_DB_FILE") {
		t.Errorf("a missing file: %v", err)
	}
}
