package clustering

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// The readers take files from outside; on any bytes they must return docs
// or an error, never panic, and what they return must be usable: non-empty
// text and gold, in the promised order.

func FuzzReadECB(f *testing.F) {
	f.Add([]byte(ecbXML([]string{"A", "kiln", "fire", "."}, []string{"``", "Yes", ",", "''", "she", "said", "."})))
	f.Add([]byte(`<Document><token sentence="0">a</token><token sentence="1"> </token></Document>`))
	f.Add([]byte(`<Document><token sentence="0"><token>x</token></token></Document>`))
	f.Add([]byte("<token>&amp;</token><token>''</token>"))
	f.Add([]byte("\xff<token>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := ParseECB(bytes.NewReader(data), "12_3ecb.xml")
		if err != nil {
			return
		}
		text := string(d.Article.Body)
		if text == "" || d.Gold != "12ecb" || d.Topic != "12" || d.Article.ID != "12_3ecb" {
			t.Fatalf("doc %+v", d)
		}
		if !utf8.ValidString(text) {
			t.Fatalf("invalid UTF-8 text %q", text)
		}
		for _, l := range strings.Split(text, "\n") {
			if l == "" || strings.TrimSpace(l) != l {
				t.Fatalf("line %q of %q: empty or with edge spaces", l, text)
			}
		}
	})
}

func FuzzReadUCI(f *testing.F) {
	f.Add([]byte("ID,TITLE,URL,PUBLISHER,CATEGORY,STORY,HOSTNAME,TIMESTAMP\n1,\"Kiln fire, again\",http://x.example/a,X,b,S1,www.x.example,1394470370698\n2,Cut"))
	f.Add([]byte("TITLE,STORY,TIMESTAMP\na,S,1\n\"b cut"))
	f.Add([]byte("TITLE,STORY,TIMESTAMP,ID\na,S,1,7\nb,S,0,7\nc,T,-5,8\n"))
	f.Add([]byte("\uFEFFtitle,story,timestamp\n\"a\"\"b\",S,253402300799999\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _, err := ReadUCI(bytes.NewReader(data))
		if err != nil {
			if len(docs) != 0 {
				t.Fatalf("error %v with %d docs", err, len(docs))
			}
			return
		}
		checkDocs(t, docs)
	})
}

func FuzzReadJSONL(f *testing.F) {
	f.Add([]byte(`{"id":"a","text":"Kiln fire.","published":"2031-05-01","story_id":"k"}` + "\n" + `{"text":"x","story_id":3}`))
	f.Add([]byte(`[{"text":"in an array","story_id":"s"}]`))
	f.Add([]byte(`{"text":"t","story_id":null}` + "\n" + `{"text":"t","story_id":""}` + "\n" + `{"text":"t","story_id":{}}`))
	f.Add([]byte("{\n\"text\": \"pretty\",\n\"story_id\": \"p\"\n}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, _, err := ReadJSONL(context.Background(), bytes.NewReader(data), "f.jsonl")
		if err != nil {
			if len(docs) != 0 {
				t.Fatalf("error %v with %d docs", err, len(docs))
			}
			return
		}
		checkDocs(t, docs)
	})
}

// checkDocs asserts what the command relies on: text and gold on every doc,
// and publication order, undated last.
func checkDocs(t *testing.T, docs []Doc) {
	t.Helper()
	if len(docs) == 0 {
		t.Fatal("no docs and no error")
	}
	for i, d := range docs {
		if len(bytes.TrimSpace(d.Article.Body)) == 0 || d.Gold == "" {
			t.Fatalf("doc %d: %+v", i, d)
		}
		if i == 0 {
			continue
		}
		p, q := docs[i-1].Article.Published, d.Article.Published
		if !q.IsZero() && (p.IsZero() || p.After(q)) {
			t.Fatalf("doc %d (%v) after doc %d (%v)", i, q, i-1, p)
		}
	}
}
