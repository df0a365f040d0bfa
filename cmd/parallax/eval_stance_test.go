package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestEvalStanceSmall runs the eval on an invented FNC-1 folder: the output
// has the documented figures, and a malformed row is skipped and reported
// with its file and line.
func TestEvalStanceSmall(t *testing.T) {
	dir := t.TempDir()
	var bodies, stances strings.Builder
	bodies.WriteString("Body ID,articleBody\n")
	stances.WriteString("Headline,Body ID,Stance\n")
	// Ten invented stories, each with a body per stance, so that every fold
	// of five has every label to train on.
	for i := range 10 {
		place := []string{"Arlen", "Bexby", "Corran", "Dulmar", "Eskton", "Fenwick", "Garlow", "Hesket", "Ilmor", "Jorvik"}[i]
		claim := "Bridge in " + place + " collapsed after storm"
		texts := map[string]string{
			"agree":    "The bridge in " + place + " collapsed after the storm, officials confirmed on Monday.",
			"disagree": "Reports that the bridge in " + place + " collapsed are false; the bridge is intact and the story was a hoax.",
			"discuss":  "The bridge in " + place + " reportedly collapsed after the storm, according to unverified posts.",
		}
		for j, stance := range []string{"agree", "disagree", "discuss"} {
			id := i*10 + j
			bodies.WriteString(strconv.Itoa(id) + ",\"" + texts[stance] + "\"\n")
			stances.WriteString(claim + "," + strconv.Itoa(id) + "," + stance + "\n")
			other := (i + 1) % 10 * 10
			stances.WriteString("Choir from " + place + " wins national prize," + strconv.Itoa(other+j) + ",unrelated\n")
		}
	}
	stances.WriteString("Broken row,7\n")
	for name, s := range map[string]string{"x_bodies.csv": bodies.String(), "x_stances.csv": stances.String()} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := cli(t, nil, "", "eval", "stance", "--data", dir)
	if r.code != 0 {
		t.Fatalf("eval: code %d, stderr %s", r.code, r.stderr)
	}
	if !strings.Contains(r.stderr, "x_stances.csv:62: 2 fields") {
		t.Errorf("stderr does not report the broken row at x_stances.csv:62: %s", r.stderr)
	}
	out := decode[map[string]any](t, r.stdout)
	for _, k := range []string{"fnc_score", "accuracy", "macro_f1", "per_class", "confusion", "baseline",
		"cross_validation", "cross_validation_by_story", "embedded_model_not_held_out", "skipped_rows"} {
		if _, ok := out[k]; !ok {
			t.Errorf("eval output lacks %q", k)
		}
	}
	if out["pairs"] != 60.0 {
		t.Errorf("pairs = %v, want 60", out["pairs"])
	}
	if pc, _ := out["per_class"].(map[string]any); len(pc) != 4 {
		t.Errorf("per_class = %v, want the four labels", out["per_class"])
	}
	// Claims and bodies this plain: relatedness at least must be right.
	if f := out["fnc_score"].(float64); f < 0.5 {
		t.Errorf("FNC score %.3f on invented clear pairs", f)
	}

	if r := cli(t, nil, "", "eval", "stance"); r.code != 2 {
		t.Errorf("eval stance without --data: code %d, want 2", r.code)
	}
	if r := cli(t, nil, "", "eval", "stance", "--data", t.TempDir()); r.code == 0 {
		t.Error("eval stance on an empty folder succeeded")
	}
}

// TestTrainStanceReproduces retrains the stance model with the documented
// command and checks that it writes the embedded file's content: the model
// in the repository is the one the code and the data make.
func TestTrainStanceReproduces(t *testing.T) {
	data := filepath.Join(sharedDir(t), "data", "fnc1")
	out := filepath.Join(t.TempDir(), "model.json.gz")
	r := cli(t, nil, "", "train", "stance", "--data", data, "-o", out)
	if r.code != 0 {
		t.Fatalf("train: code %d, stderr %s", r.code, r.stderr)
	}
	got, want := gunzip(t, out), gunzip(t, filepath.Join("..", "..", "analyze", "stance", "model.json.gz"))
	if !bytes.Equal(got, want) {
		t.Errorf("retrained model (%d bytes of JSON) differs from the embedded one (%d): run `parallax train stance --data ../shared/data/fnc1` and commit analyze/stance/model.json.gz", len(got), len(want))
	}
}

func gunzip(t *testing.T, path string) []byte {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
