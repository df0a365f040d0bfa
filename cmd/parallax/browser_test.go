package main

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/parallax-news/parallax/demo"
)

var updateScreenshots = flag.Bool("update-screenshots", false, "write the browser test's screenshots into docs/ (used by the README)")

// chromium finds Debian's chromium: skipped locally when absent, a failure
// under CI=true, where the test script installs it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed: CI must install it (make test does, as root)")
	}
	t.Skip("chromium is not installed; skipping the browser test (make test installs it as root)")
	return ""
}

// TestBrowser opens the demo in real headless Chromium as a reader would: the
// story list, a story with a folded copy, an article with highlights, the
// storyline list and a storyline with its events; no page may write an
// error to the console (a blocked inline style, a failed asset, a script
// error).
func TestBrowser(t *testing.T) {
	exe := chromium(t)
	base := startDemo(t, Config{})

	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU,
		// The machine's network is closed: keep Chromium from trying it.
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	)
	defer cancelAlloc()
	ctx, cancel := chromedp.NewContext(alloc)
	defer cancel()
	// The first call starts the browser and must not carry a timeout.
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"/")); err != nil {
		t.Fatalf("opening the story list: %v", err)
	}
	// Console errors from here on; the story list is loaded again below so
	// that it is watched too.
	var (
		consoleMu   sync.Mutex
		consoleErrs []string
	)
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.IsException() {
				consoleMu.Lock()
				consoleErrs = append(consoleErrs, m.String()+" ("+m.URL+")")
				consoleMu.Unlock()
			}
		}
	}()
	noConsoleErrors := func(where string) {
		t.Helper()
		consoleMu.Lock()
		defer consoleMu.Unlock()
		if len(consoleErrs) > 0 {
			t.Errorf("console errors by %s: %q", where, consoleErrs)
			consoleErrs = nil
		}
	}
	step := func(what string, steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		c, done := context.WithTimeout(ctx, 20*time.Second)
		defer done()
		if err := chromedp.Do(c, steps...); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	}
	value := func(what, js string) []string {
		t.Helper()
		c, done := context.WithTimeout(ctx, 20*time.Second)
		defer done()
		v, err := chromedp.Run(c, chromedp.Evaluate[[]string](js))
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		return v
	}
	shots := t.TempDir()
	if *updateScreenshots {
		shots = filepath.Join(repoRoot(t), "docs")
	}
	screenshot := func(name string) {
		t.Helper()
		c, done := context.WithTimeout(ctx, 20*time.Second)
		defer done()
		png, err := chromedp.Run(c, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot %s: %v", name, err)
		}
		if len(png) < 1000 {
			t.Fatalf("screenshot %s is empty", name)
		}
		if err := os.WriteFile(filepath.Join(shots, name), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}

	// The story list: every demo story, each linking to its page.
	step("story list", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("#stories .story a")))
	titles := value("story titles", `Array.from(document.querySelectorAll('#stories .story a[href^="/stories/"]')).map(a => a.textContent.trim())`)
	if len(titles) < len(demo.Stories()) {
		t.Fatalf("story list shows %d stories, want %d: %q", len(titles), len(demo.Stories()), titles)
	}
	screenshot("stories.png")

	// Follow the story that holds the demo's near-copy: the copy is folded
	// under its original, and quotes are grouped by speaker.
	var copyStory string
	for _, s := range demo.Stories() {
		for _, id := range s {
			if id == "demo-eastbridge-002" {
				copyStory = s[0]
			}
		}
	}
	code, body := get(t, base+"/api/articles/"+copyStory)
	if code != 200 {
		t.Fatalf("article %s: %d", copyStory, code)
	}
	storyID := decode[articleJSON](t, body).Story
	link := `#stories .story a[href="/stories/` + storyID + `"]`
	step("following the story link", chromedp.Click(chromedp.CSS(link)), chromedp.WaitVisible(chromedp.CSS("#articles")))
	if loc := value("location", `[location.pathname]`); loc[0] != "/stories/"+storyID {
		t.Fatalf("clicking the story went to %s", loc[0])
	}
	copies := value("copies", `Array.from(document.querySelectorAll('.copies')).map(e => e.textContent)`)
	if len(copies) == 0 || !strings.Contains(strings.Join(copies, " "), "eastbridgepost.example") {
		t.Errorf("the near-copy is not folded under its original: %q", copies)
	}
	speakers := value("speakers", `Array.from(document.querySelectorAll('#quotes .speaker')).map(e => e.textContent.trim())`)
	if len(speakers) == 0 {
		t.Errorf("the story page shows no speakers")
	}
	entities := value("entities", `Array.from(document.querySelectorAll('#entities li')).map(e => e.textContent.trim())`)
	if len(entities) == 0 {
		t.Errorf("the story page shows no entities")
	}
	t.Logf("story page: %d speakers %q, %d entities", len(speakers), speakers, len(entities))
	screenshot("story.png")

	// Follow an article: its text, with entities and quotes highlighted.
	step("following an article link",
		chromedp.Click(chromedp.CSS(`#articles a[href^="/articles/"]`)),
		chromedp.WaitVisible(chromedp.CSS("#article-text")))
	text := value("article text", `[document.querySelector('#article-text').innerText]`)[0]
	if len(text) < 200 {
		t.Errorf("article text too short: %q", text)
	}
	if marks := value("entity marks", `Array.from(document.querySelectorAll('#article-text mark.entity')).map(e => e.textContent)`); len(marks) == 0 {
		t.Errorf("no entity is highlighted in the article")
	}
	if marks := value("quote marks", `Array.from(document.querySelectorAll('#article-text mark.quote')).map(e => e.textContent)`); len(marks) == 0 {
		t.Errorf("no quote is highlighted in the article")
	}
	screenshot("article.png")
	noConsoleErrors("the story list, a story and an article")

	// The storyline list, from the navigation: each storyline links to its
	// page, which lists its events in order, each linking to its story, and
	// that story links back to the storyline.
	step("following the storylines link",
		chromedp.Click(chromedp.CSS(`header nav a[href="/storylines"]`)),
		chromedp.WaitVisible(chromedp.CSS("#storylines .storyline a")))
	lines := value("storylines", `Array.from(document.querySelectorAll('#storylines .storyline h2 a')).map(a => a.getAttribute('href'))`)
	if len(lines) == 0 {
		t.Fatal("the storyline list is empty")
	}
	step("following a storyline link",
		chromedp.Click(chromedp.CSS(`#storylines .storyline h2 a[href="`+lines[0]+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#events")))
	if loc := value("location", `[location.pathname]`); loc[0] != lines[0] {
		t.Fatalf("clicking the storyline went to %s, want %s", loc[0], lines[0])
	}
	events := value("events", `Array.from(document.querySelectorAll('#events .event > a')).map(a => a.getAttribute('href'))`)
	if len(events) == 0 {
		t.Fatal("the storyline page lists no events")
	}
	for _, e := range events {
		if !strings.HasPrefix(e, "/stories/") {
			t.Errorf("event link %q is not a story page", e)
		}
	}
	sections := value("sections", `Array.from(document.querySelectorAll('.storyline-page section')).map(s => s.id)`)
	t.Logf("storyline %s: %d events, sections %q", lines[0], len(events), sections)
	screenshot("storyline.png")
	step("following an event link",
		chromedp.Click(chromedp.CSS(`#events .event > a[href="`+events[0]+`"]`)),
		chromedp.WaitVisible(chromedp.CSS("#articles")))
	if back := value("storyline link", `Array.from(document.querySelectorAll('.storyline-link a')).map(a => a.getAttribute('href'))`); len(back) != 1 || back[0] != lines[0] {
		t.Errorf("the event's story page links to storyline %q, want %s", back, lines[0])
	}
	if forms := value("edit forms", `Array.from(document.querySelectorAll('#edit form')).map(f => f.id)`); len(forms) == 0 || forms[0] != "merge-form" {
		t.Errorf("the story page's edit forms are %q", forms)
	}
	noConsoleErrors("the storyline list, a storyline and its event")
}
