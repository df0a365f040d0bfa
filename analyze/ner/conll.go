package ner

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Sentence is one sentence of labelled data: its words and their gold tags
// as written in the file ("O", "B-PER", "I-LOC"; IOB1 or IOB2).
type Sentence struct {
	Words []string
	Tags  []string
}

// Document is one article of labelled data: its sentences in order.
type Document struct {
	Sentences []Sentence
}

// Words returns the words of d, one slice per sentence, as TagDocument takes them.
func (d Document) Words() [][]string {
	out := make([][]string, len(d.Sentences))
	for i, s := range d.Sentences {
		out[i] = s.Words
	}
	return out
}

// maxLine bounds one line of a CoNLL file; real lines are a word and three
// short tags.
const maxLine = 64 << 10

// ReadCoNLL reads CoNLL-2003 columns: one token a line, the word first and
// its NER tag last (the columns between are ignored), sentences separated by
// blank lines and documents by "-DOCSTART-" lines.
//
// Copies of the data with the -DOCSTART- lines removed still hold their
// Reuters layout: each story opens with a headline and a dateline sentence
// ("BRUSSELS 1996-08-22"). When a file has no -DOCSTART- line at all, a new
// document starts at the sentence before each dateline, so that
// document-level features see one story at a time.
//
// Errors name the line; a tag must be O or a B-/I- prefix and a type.
func ReadCoNLL(r io.Reader) ([]Document, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	var (
		docs     []Document
		cur      Document
		sent     Sentence
		docstart bool
		line     int
	)
	endSentence := func() {
		if len(sent.Words) > 0 {
			cur.Sentences = append(cur.Sentences, sent)
			sent = Sentence{}
		}
	}
	endDocument := func() {
		endSentence()
		if len(cur.Sentences) > 0 {
			docs = append(docs, cur)
			cur = Document{}
		}
	}
	for sc.Scan() {
		line++
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			endSentence()
			continue
		}
		if f[0] == "-DOCSTART-" {
			docstart = true
			endDocument()
			continue
		}
		if len(f) < 2 {
			return nil, fmt.Errorf("line %d: want a word and a tag, got %q", line, sc.Text())
		}
		tag := f[len(f)-1]
		if !validTag(tag) {
			return nil, fmt.Errorf("line %d: invalid tag %q", line, tag)
		}
		sent.Words = append(sent.Words, f[0])
		sent.Tags = append(sent.Tags, tag)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", line+1, maxLine)
		}
		return nil, err
	}
	endDocument()
	if !docstart && len(docs) == 1 {
		docs = splitAtDatelines(docs[0].Sentences)
	}
	return docs, nil
}

func validTag(t string) bool {
	if t == "O" {
		return true
	}
	return len(t) > 2 && (t[0] == 'B' || t[0] == 'I') && t[1] == '-'
}

// splitAtDatelines cuts sentences into documents before the headline that
// precedes each dateline.
func splitAtDatelines(sents []Sentence) []Document {
	var docs []Document
	start := 0
	for i := 1; i < len(sents); i++ {
		if isDateline(sents[i].Words) && i-1 > start {
			docs = append(docs, Document{Sentences: sents[start : i-1 : i-1]})
			start = i - 1
		}
	}
	return append(docs, Document{Sentences: sents[start:]})
}

// isDateline reports whether a sentence is a short place-and-date line
// ending in an ISO date ("LONDON 1996-08-30").
func isDateline(words []string) bool {
	if len(words) < 2 || len(words) > 8 {
		return false
	}
	d := words[len(words)-1]
	if len(d) != 10 || d[4] != '-' || d[7] != '-' {
		return false
	}
	for i := 0; i < len(d); i++ {
		if i != 4 && i != 7 && (d[i] < '0' || d[i] > '9') {
			return false
		}
	}
	return true
}
