package stance

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestReadStances(t *testing.T) {
	tests := map[string]struct {
		in    string
		want  []Stance
		probs []Problem // each problem's line and a part of its message
		err   string
	}{
		"quoted comma, bom, crlf, any case": {
			in: "\uFEFFHeadline,Body ID,Stance\r\n\"Mayor, 54, resigns\",12,Agree\r\n\"Pier \"\"reopens\"\" soon\",3,unrelated\r\n",
			want: []Stance{
				{Headline: "Mayor, 54, resigns", BodyID: 12, Stance: "agree", Line: 2},
				{Headline: `Pier "reopens" soon`, BodyID: 3, Stance: "unrelated", Line: 3},
			},
		},
		"columns in another order": {
			in:   "Stance,Headline,Body ID\ndiscuss,Rain falls,7\n",
			want: []Stance{{Headline: "Rain falls", BodyID: 7, Stance: "discuss", Line: 2}},
		},
		"bad rows skipped with their lines": {
			in:    "Headline,Body ID,Stance\nA,1,agree\nB,x,agree\nC,2,maybe\nD,3\n,4,agree\nE,5,disagree\n",
			want:  []Stance{{Headline: "A", BodyID: 1, Stance: "agree", Line: 2}, {Headline: "E", BodyID: 5, Stance: "disagree", Line: 7}},
			probs: []Problem{{Line: 3, Msg: `body id "x"`}, {Line: 4, Msg: `unknown stance "maybe"`}, {Line: 5, Msg: "2 fields, the header has 3"}, {Line: 6, Msg: "empty headline"}},
		},
		"missing column": {in: "Headline,Body ID\nA,1\n", err: `lacks the column "Stance"`},
		"empty":          {in: "", err: "no header"},
		"broken quote":   {in: "Headline,Body ID,Stance\nA,1,agree\n\"B,2,agree\n", err: "line 3"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, probs, err := ReadStances(strings.NewReader(tt.in))
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("error %v, want one holding %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
			if len(probs) != len(tt.probs) {
				t.Fatalf("problems %v, want %v", probs, tt.probs)
			}
			for i, p := range probs {
				if p.Line != tt.probs[i].Line || !strings.Contains(p.Msg, tt.probs[i].Msg) {
					t.Errorf("problem %+v, want %+v", p, tt.probs[i])
				}
			}
		})
	}
}

func TestReadBodies(t *testing.T) {
	in := "Body ID,articleBody\n1,\"First line.\n\nSecond, with \"\"quotes\"\".\"\n2,Plain\n1,again\n-3,negative\n"
	got, probs, err := ReadBodies(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: "First line.\n\nSecond, with \"quotes\".", 2: "Plain"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
	// The multi-line body moves the later rows' lines down.
	if len(probs) != 2 || probs[0].Line != 6 || !strings.Contains(probs[0].Msg, "repeated") || probs[1].Line != 7 {
		t.Errorf("problems %v, want a repeated id on line 6 and a bad id on line 7", probs)
	}
}

// TestReadDir joins stances with their bodies by file prefix and id and
// keeps bodies without stances as unlabelled text.
func TestReadDir(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"test_bodies.csv":  "Body ID,articleBody\n2,The pier reopened.\n4,The mayor stayed.\n",
		"test_stances.csv": "Headline,Body ID,Stance\nPier reopens,2,agree\nMayor resigns,4,disagree\nGhost,6,agree\n",
		"train_bodies.csv": "Body ID,articleBody\n9,Later.\n1,Earlier.\n",
	}
	for n, s := range files {
		if err := os.WriteFile(filepath.Join(dir, n), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	pairs, unl, probs, err := ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []Pair{
		{Headline: "Pier reopens", BodyID: 2, Body: "The pier reopened.", Stance: "agree", Group: "test/2", Line: 2},
		{Headline: "Mayor resigns", BodyID: 4, Body: "The mayor stayed.", Stance: "disagree", Group: "test/4", Line: 3},
	}
	if !reflect.DeepEqual(pairs, want) {
		t.Errorf("pairs %+v\nwant %+v", pairs, want)
	}
	if !reflect.DeepEqual(unl, []string{"Earlier.", "Later."}) {
		t.Errorf("unlabelled %q, want the train bodies in id order", unl)
	}
	if len(probs) != 1 || probs[0].Line != 4 || !strings.HasSuffix(probs[0].File, "test_stances.csv") || !strings.Contains(probs[0].Msg, "body id 6") {
		t.Errorf("problems %v, want the missing body 6 at test_stances.csv:4", probs)
	}

	if _, _, _, err := ReadDir(t.TempDir()); err == nil {
		t.Error("a folder without stances files read without error")
	}
	os.Remove(filepath.Join(dir, "test_bodies.csv"))
	if _, _, _, err := ReadDir(dir); err == nil {
		t.Error("a stances file without its bodies file read without error")
	}
}
