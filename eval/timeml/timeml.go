// Package timeml reads TimeML documents (the .tml files of TimeBank,
// AQUAINT and TempEval-3) and scores time expressions found in their text
// against the TIMEX3 annotations as the TempEval-3 scorer does (README.md
// says how each number is computed).
package timeml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strings"
	"time"
)

// Timex is one TIMEX3 annotation: a span of Document.Text (UTF-8 byte
// offsets) with its type and normalised value.
type Timex struct {
	ID    string // tid
	Start int
	End   int
	Type  string // DATE, TIME, DURATION or SET
	Value string
}

// Document is the part of a TimeML file that timex scoring reads.
type Document struct {
	Name string // the file's path within the folder read
	// Text is the content of the TEXT element without its tags, entities
	// decoded; every span indexes it.
	Text string
	// DCTValue is the value of the creation-time TIMEX3 ("1998-11-20T19:30")
	// and DCT that value parsed, in UTC; the zero time when the file has none.
	DCTValue string
	DCT      time.Time
	// Timexes are the TIMEX3 annotations inside TEXT, in document order. The
	// creation time is not among them: the scorer leaves it out too.
	Timexes []Timex
}

// ErrNoText is returned for a TimeML file without a TEXT element.
var ErrNoText = errors.New("no TEXT element")

// Parse reads one TimeML document. Tags other than TIMEX3 inside TEXT
// (EVENT, SIGNAL, …) are dropped and their words kept; offsets are counted
// on the resulting plain text.
func Parse(r io.Reader) (*Document, error) {
	dec := xml.NewDecoder(r)
	dec.Strict = false // some files carry stray entities outside TEXT
	dec.Entity = xml.HTMLEntity
	var (
		d       Document
		text    strings.Builder
		inText  int // depth inside TEXT
		sawText bool
		open    []Timex // TIMEX3 elements open inside TEXT (they may nest)
		dctOpen bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("reading TimeML: %w", err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case t.Name.Local == "TEXT":
				inText++
				sawText = true
			case t.Name.Local == "TIMEX3":
				x := Timex{ID: attr(t, "tid"), Type: attr(t, "type"), Value: attr(t, "value"), Start: text.Len()}
				if attr(t, "functionInDocument") == "CREATION_TIME" && d.DCTValue == "" {
					d.DCTValue = x.Value
					dctOpen = inText > 0
					if !dctOpen {
						continue
					}
				}
				if inText > 0 {
					open = append(open, x)
				}
			}
		case xml.EndElement:
			switch {
			case t.Name.Local == "TEXT" && inText > 0:
				inText--
			case t.Name.Local == "TIMEX3" && inText > 0 && len(open) > 0:
				x := open[len(open)-1]
				open = open[:len(open)-1]
				x.End = text.Len()
				// A creation time written inside TEXT is still the DCT and
				// is not scored, as the scorer skips it.
				if dctOpen && len(open) == 0 {
					dctOpen = false
					continue
				}
				d.Timexes = append(d.Timexes, x)
			}
		case xml.CharData:
			if inText > 0 {
				text.Write(t)
			}
		}
	}
	if !sawText {
		return nil, ErrNoText
	}
	d.Text = text.String()
	sort.SliceStable(d.Timexes, func(i, j int) bool { return d.Timexes[i].Start < d.Timexes[j].Start })
	if d.DCTValue != "" {
		d.DCT, _ = ParseValue(d.DCTValue)
	}
	return &d, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// ParseValue reads the calendar point at the start of a TIMEX3 value
// ("1998-11-20", "1998-11-20T19:30", "1998-02-13T15:44:00", "19981120"),
// as a creation time is written. ok is false when it names no day.
func ParseValue(v string) (t time.Time, ok bool) {
	for _, layout := range []string{"2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02T15", "2006-01-02", "20060102"} {
		if len(v) >= len(layout) {
			if t, err := time.Parse(layout, v[:len(layout)]); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// ReadFS reads every .tml file under fsys (recursively), in path order.
// Files without a TEXT element are reported as errors, with their path.
func ReadFS(fsys fs.FS) ([]*Document, error) {
	var docs []*Document
	err := fs.WalkDir(fsys, ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() || path.Ext(p) != ".tml" {
			return nil
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		d, err := Parse(f)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		d.Name = p
		docs = append(docs, d)
		return nil
	})
	return docs, err
}
