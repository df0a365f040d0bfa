package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	parallax "github.com/parallax-news/parallax"
)

// exportedArticle is an article as exported: the JSON Lines record ingest
// reads, plus what parallax derived, so an export can be re-ingested.
type exportedArticle struct {
	ID          string `json:"id"`
	URL         string `json:"url,omitempty"`
	Outlet      string `json:"outlet,omitempty"`
	Language    string `json:"language,omitempty"`
	Published   string `json:"published,omitempty"`
	Title       string `json:"title,omitempty"`
	Text        string `json:"text"`
	Story       string `json:"story"`
	DuplicateOf string `json:"duplicate_of,omitempty"`
}

func runExport(ctx context.Context, m *Main) (err error) {
	store, err := m.openStore(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	var w io.Writer = m.Stdout
	if m.Config.Output != "" && m.Config.Output != "-" {
		// Write to a temporary file and rename, so a failed export never
		// leaves a truncated file that looks complete.
		f, err := os.CreateTemp(dirOf(m.Config.Output), ".parallax-export-*")
		if err != nil {
			return fmt.Errorf("creating export file: %w", err)
		}
		defer func() {
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err == nil {
				err = os.Rename(f.Name(), m.Config.Output)
			}
			if err != nil {
				os.Remove(f.Name())
			}
		}()
		w = f
	}
	bw := bufio.NewWriter(w)
	if m.Config.What == "stories" {
		err = exportStories(ctx, store, bw, m.Config.Format)
	} else {
		err = exportArticles(ctx, store, bw, m.Config.Format)
	}
	if err != nil {
		return err
	}
	return bw.Flush()
}

func dirOf(path string) string {
	if i := strings.LastIndexByte(path, os.PathSeparator); i >= 0 {
		return path[:i+1]
	}
	return "."
}

func exportArticles(ctx context.Context, store parallax.Store, w io.Writer, format string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	cw := csv.NewWriter(w)
	if format == "csv" {
		cw.Write([]string{"id", "url", "outlet", "language", "published", "title", "story", "duplicate_of", "text"})
	}
	for a, err := range store.Articles(ctx) {
		if err != nil {
			return fmt.Errorf("reading articles: %w", err)
		}
		e := exportedArticle{ID: a.ID, URL: a.URL, Outlet: a.Outlet, Language: a.Language, Title: a.Title,
			Text: a.Text, Story: a.Story, DuplicateOf: a.DuplicateOf}
		if !a.Published.IsZero() {
			e.Published = a.Published.UTC().Format(time.RFC3339)
		}
		if format == "csv" {
			cw.Write([]string{e.ID, e.URL, e.Outlet, e.Language, e.Published, e.Title, e.Story, e.DuplicateOf, e.Text})
			continue
		}
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func exportStories(ctx context.Context, store parallax.Store, w io.Writer, format string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	cw := csv.NewWriter(w)
	if format == "csv" {
		cw.Write([]string{"id", "title", "updated", "articles", "outlets", "article_ids"})
	}
	const page = 500
	for off := 0; ; off += page {
		list, err := store.Stories(ctx, parallax.StoryFilter{Limit: page, Offset: off})
		if err != nil {
			return fmt.Errorf("reading stories: %w", err)
		}
		for _, s := range list {
			if format == "csv" {
				ids := make([]string, len(s.Articles))
				for i, a := range s.Articles {
					ids[i] = a.ID
				}
				updated := ""
				if !s.Updated.IsZero() {
					updated = s.Updated.UTC().Format(time.RFC3339)
				}
				cw.Write([]string{s.ID, s.Title, updated, strconv.Itoa(len(s.Articles)), strconv.Itoa(s.Outlets), strings.Join(ids, " ")})
				continue
			}
			if err := enc.Encode(s); err != nil {
				return err
			}
		}
		if len(list) < page {
			break
		}
	}
	cw.Flush()
	return cw.Error()
}
