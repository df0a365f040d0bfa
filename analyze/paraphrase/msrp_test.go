package paraphrase

import (
	"reflect"
	"strings"
	"testing"
)

func TestReadMSRP(t *testing.T) {
	tests := map[string]struct {
		in   string
		want []Pair
		err  string // non-empty: ReadMSRP fails with this in the message
	}{
		"header, bom, crlf": {
			in: "\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\r\n1\t11\t12\tThe pier \"reopened\".\tThe pier opened again.\r\n0\t13\t14\tRain fell.\tThe sun shone.\r\n",
			want: []Pair{
				{ID1: "11", ID2: "12", A: "The pier \"reopened\".", B: "The pier opened again.", Same: true},
				{ID1: "13", ID2: "14", A: "Rain fell.", B: "The sun shone."},
			},
		},
		"no header, no final newline, blank line": {
			in:   "0\t1\t2\tA dog.\tA cat.\n\n1\t3\t4\tA hat.\tA cap.",
			want: []Pair{{ID1: "1", ID2: "2", A: "A dog.", B: "A cat."}, {ID1: "3", ID2: "4", A: "A hat.", B: "A cap.", Same: true}},
		},
		"glued records": {
			in: "1\t1\t2\tThe ferry left late.\tThe ferry was late.0\t3\t4\tThe mayor resigned.\tThe mayor stayed.\n",
			want: []Pair{
				{ID1: "1", ID2: "2", A: "The ferry left late.", B: "The ferry was late.", Same: true},
				{ID1: "3", ID2: "4", A: "The mayor resigned.", B: "The mayor stayed."},
			},
		},
		"too few fields":     {in: "1\t1\t2\tOnly one sentence.\n", err: "line 1: 4 tab-separated fields"},
		"bad quality":        {in: "0\t1\t2\ta\tb\nyes\t1\t2\ta\tb\n", err: "line 2: quality \"yes\""},
		"glue without digit": {in: "1\t1\t2\ta\tbx\t3\t4\tc\td\n", err: "line 1: quality \"x\""},
		"empty sentence":     {in: "1\t1\t2\t \tb\n", err: "line 1: empty sentence"},
		"empty id":           {in: "1\t\t2\ta\tb\n", err: "line 1: empty sentence id"},
		"header elsewhere":   {in: "0\t1\t2\ta\tb\nQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n", err: "line 2: quality"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ReadMSRP(strings.NewReader(tt.in))
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
		})
	}
}
