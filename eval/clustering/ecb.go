package clustering

import (
	"cmp"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"

	parallax "github.com/parallax-news/parallax"
)

// ecbName matches an ECB+ file name: topic, document number, and which of
// the topic's two events ("ecb" the original ECB one, "ecbplus" the one ECB+
// added). The file name is the only place the event is written down as a
// whole: the XML marks mentions, not the document's event.
var ecbName = regexp.MustCompile(`^([0-9]+)_([0-9]+)(ecb|ecbplus)\.xml$`)

// ReadECB reads every ECB+ document under fsys (at any depth, so the corpus
// folder, its ECB+ subfolder or one topic folder all work), sorted by topic,
// document number and event so that the base order never depends on the
// file system. Other files are ignored; a folder with no ECB+ file is an
// error, as is a file that cannot be read.
func ReadECB(fsys fs.FS) ([]Doc, error) {
	var docs []Doc
	type key struct{ topic, num int }
	keys := map[string]key{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		m := ecbName.FindStringSubmatch(d.Name())
		if d.IsDir() || m == nil {
			return nil
		}
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		doc, err := ParseECB(f, p)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if _, dup := keys[doc.Article.ID]; dup {
			// One document twice would count its pairs twice and the
			// store would see the second as the same article.
			return fmt.Errorf("%s: a second copy of %s", p, d.Name())
		}
		topic, _ := strconv.Atoi(m[1])
		num, _ := strconv.Atoi(m[2])
		keys[doc.Article.ID] = key{topic, num}
		docs = append(docs, doc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, errors.New("no ECB+ documents (TOPIC_Necb.xml, TOPIC_Necbplus.xml) found")
	}
	slices.SortFunc(docs, func(a, b Doc) int {
		ka, kb := keys[a.Article.ID], keys[b.Article.ID]
		return cmp.Or(cmp.Compare(ka.topic, kb.topic), cmp.Compare(ka.num, kb.num), strings.Compare(a.Gold, b.Gold))
	})
	return docs, nil
}

// ParseECB reads one CROMER XML document named name (its base name,
// "3_7ecbplus.xml", which gives the topic and the event). The text is
// rebuilt from the tokens: one line per sentence (the `sentence`
// attribute), tokens separated by a space except around punctuation (see
// joinTokens). The article is English plain text with no title, URL or date:
// ECB+ gives none apart from the words themselves.
func ParseECB(r io.Reader, name string) (Doc, error) {
	base := path.Base(name)
	m := ecbName.FindStringSubmatch(base)
	if m == nil {
		return Doc{}, fmt.Errorf("%q is not an ECB+ file name (TOPIC_Necb.xml or TOPIC_Necbplus.xml)", base)
	}
	topic := strings.TrimLeft(m[1], "0")
	if topic == "" {
		topic = "0"
	}
	dec := xml.NewDecoder(r)
	var (
		sentences [][]string
		cur       string // sentence attribute of the last token
		inToken   bool
		tok       strings.Builder
	)
	for {
		t, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Doc{}, fmt.Errorf("invalid XML: %w", err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			if t.Name.Local != "token" {
				continue
			}
			if inToken {
				return Doc{}, errors.New("invalid ECB+ XML: a token inside a token")
			}
			inToken = true
			tok.Reset()
			s := attr(t, "sentence")
			if len(sentences) == 0 || s != cur {
				sentences = append(sentences, nil)
				cur = s
			}
		case xml.CharData:
			if inToken {
				tok.Write(t)
			}
		case xml.EndElement:
			if t.Name.Local == "token" && inToken {
				inToken = false
				if w := strings.Join(strings.Fields(tok.String()), " "); w != "" {
					last := len(sentences) - 1
					sentences[last] = append(sentences[last], w)
				}
			}
		}
	}
	text := joinSentences(sentences)
	if text == "" {
		return Doc{}, errors.New("no tokens")
	}
	return Doc{
		Article: parallax.Article{
			ID:          strings.TrimSuffix(base, ".xml"),
			Language:    "en",
			ContentType: parallax.ContentText,
			Body:        []byte(text),
			Origin:      name,
		},
		Gold:  topic + m[3],
		Topic: topic,
	}, nil
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

// joinSentences puts each non-empty sentence on its own line, which the
// pipeline reads as a paragraph break: ECB+ keeps no paragraph structure,
// and a sentence is the nearest unit it has.
func joinSentences(sentences [][]string) string {
	var lines []string
	for _, s := range sentences {
		if l := joinTokens(s); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "\n")
}

// closers are tokens written against the word before them; openers against
// the word after. ECB+ is tokenised Penn-Treebank style (two backquotes and
// two apostrophes for quotation marks, 's and n't split off), so undoing
// that gives text closer to what the pipeline meets in real articles and
// what its entity tagger and quote finder were built for. Straight quotes
// and dashes are ambiguous (open or close, joining or separating) and keep
// their spaces.
var (
	closers = map[string]bool{
		".": true, ",": true, ";": true, ":": true, "!": true, "?": true, "%": true,
		")": true, "]": true, "}": true, "''": true, "”": true, "’": true, "...": true, "…": true,
		"'s": true, "'S": true, "’s": true, "n't": true, "N'T": true, "'re": true, "'ve": true,
		"'ll": true, "'d": true, "'m": true,
	}
	openers = map[string]bool{"(": true, "[": true, "{": true, "``": true, "“": true, "‘": true, "$": true}
)

// joinTokens writes one sentence's tokens with a space between them except
// before a closer and after an opener. “ and ” become “ and ”.
func joinTokens(toks []string) string {
	var b strings.Builder
	prevOpener := true // no space at the start
	for _, t := range toks {
		if !prevOpener && !closers[t] {
			b.WriteByte(' ')
		}
		switch t {
		case "``":
			b.WriteString("“")
		case "''":
			b.WriteString("”")
		default:
			b.WriteString(t)
		}
		prevOpener = openers[t]
	}
	return b.String()
}
