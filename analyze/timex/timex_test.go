package timex

import (
	"strings"
	"testing"
	"time"
)

// dct is a Thursday: 10 November 2016; feb a DCT early in a year.
var (
	dct = time.Date(2016, 11, 10, 9, 30, 0, 0, time.UTC)
	feb = time.Date(2016, 2, 10, 0, 0, 0, 0, time.UTC)
)

// TestFind pins one construction a row, in invented sentences: the words
// found, their type and their value against the DCT.
func TestFind(t *testing.T) {
	tg, err := New()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, text, want, typ, val string
		anchored                   bool
		dct                        time.Time // when not the Thursday above
	}{
		// Explicit dates, with and without a year.
		{"full date", "The treaty was signed on March 13, 2015, in Oslo.", "March 13, 2015", "DATE", "2015-03-13", false, time.Time{}},
		{"day month year", "Talks resumed on 7 August 2014 in Geneva.", "7 August 2014", "DATE", "2014-08-07", false, time.Time{}},
		{"month year", "The plant closed in August 2012.", "August 2012", "DATE", "2012-08", false, time.Time{}},
		{"year", "The dam was finished in 1998.", "1998", "DATE", "1998", false, time.Time{}},
		{"numeric date", "The filing is dated 11/10/2016.", "11/10/2016", "DATE", "2016-11-10", false, time.Time{}},
		{"date without year, past", "The mayor resigned on Oct. 23.", "Oct. 23", "DATE", "2016-10-23", true, time.Time{}},
		{"date without year moved back", "Officials said the bridge failed on Dec. 28.", "Dec. 28", "DATE", "2015-12-28", true, feb},
		{"date without year, a deadline", "The offer expires Dec. 28.", "Dec. 28", "DATE", "2016-12-28", true, time.Time{}},
		{"date without year, ahead", "The show is due to air March 13.", "March 13", "DATE", "2017-03-13", true, time.Time{}},
		{"month, past", "Exports fell sharply in September.", "September", "DATE", "2016-09", true, time.Time{}},
		{"month, ahead", "The new law will take effect in February.", "February", "DATE", "2017-02", true, time.Time{}},
		{"modal May is no month", "May I ask a question?", "", "", "", false, time.Time{}},
		{"decade", "Output peaked in the 1970s.", "1970s", "DATE", "197", false, time.Time{}},
		{"modified decade", "Output peaked in the late 1970s.", "the late 1970s", "DATE", "197", false, time.Time{}},
		{"century", "It was the bloodiest war of the 20th century.", "the 20th century", "DATE", "19", false, time.Time{}},
		{"christmas", "The strike ended on Christmas Day.", "Christmas Day", "DATE", "2015-12-25", true, feb},
		// Weekdays: the last one unless the sentence looks ahead.
		{"weekday, past", "The minister said Monday that talks had failed.", "Monday", "DATE", "2016-11-07", true, time.Time{}},
		{"weekday is the DCT", "Stocks fell Thursday in early trading.", "Thursday", "DATE", "2016-11-10", true, time.Time{}},
		{"weekday, ahead", "The two leaders will meet Friday in Vienna.", "Friday", "DATE", "2016-11-11", true, time.Time{}},
		{"weekday, reported future", "She said they would vote on Tuesday.", "Tuesday", "DATE", "2016-11-15", true, time.Time{}},
		{"last weekday", "The ship docked last Friday.", "last Friday", "DATE", "2016-11-04", true, time.Time{}},
		{"next weekday", "Results are expected next Monday.", "next Monday", "DATE", "2016-11-14", true, time.Time{}},
		{"weekday and date", "It opened on Saturday, April 25, 2015.", "Saturday, April 25, 2015", "DATE", "2015-04-25", false, time.Time{}},
		{"weekday evening", "Protesters gathered on Thursday evening.", "Thursday evening", "DATE", "2016-11-10TEV", true, time.Time{}},
		// Relative to the DCT.
		{"yesterday", "The governor resigned yesterday.", "yesterday", "DATE", "2016-11-09", true, time.Time{}},
		{"today", "The court rules today.", "today", "DATE", "2016-11-10", true, time.Time{}},
		{"tomorrow", "Polls open tomorrow.", "tomorrow", "DATE", "2016-11-11", true, time.Time{}},
		{"this morning", "The minister arrived this morning.", "this morning", "TIME", "2016-11-10TMO", true, time.Time{}},
		{"last night", "Fires broke out last night.", "last night", "TIME", "2016-11-09TNI", true, time.Time{}},
		{"last month", "Prices rose last month.", "last month", "DATE", "2016-10", true, time.Time{}},
		{"this year", "Sales doubled this year.", "this year", "DATE", "2016", true, time.Time{}},
		{"next year", "The mine reopens next year.", "next year", "DATE", "2017", true, time.Time{}},
		{"earlier this year", "He moved to Lyon earlier this year.", "earlier this year", "DATE", "2016", true, time.Time{}},
		{"late month", "Snow fell in late November.", "late November", "DATE", "2016-11", true, time.Time{}},
		{"this week", "Parliament votes this week.", "this week", "DATE", "2016-W45", true, time.Time{}},
		{"next week", "Talks resume next week.", "next week", "DATE", "2016-W46", true, time.Time{}},
		{"last fall", "The merger was announced last fall.", "last fall", "DATE", "2015-FA", true, time.Time{}},
		{"this summer", "The stadium opens this summer.", "this summer", "DATE", "2016-SU", true, time.Time{}},
		{"days ago", "The ceasefire collapsed two days ago.", "two days ago", "DATE", "2016-11-08", true, time.Time{}},
		{"weeks ago", "He left three weeks ago.", "three weeks ago", "DATE", "2016-W42", true, time.Time{}},
		{"years ago", "The town flooded ten years ago.", "ten years ago", "DATE", "2006", true, time.Time{}},
		{"vague ago", "The firm was sold several years ago.", "several years ago", "DATE", "PAST_REF", false, time.Time{}},
		{"now", "The company now employs 300 people.", "now", "DATE", "PRESENT_REF", false, time.Time{}},
		{"recently", "The museum recently reopened.", "recently", "DATE", "PAST_REF", false, time.Time{}},
		{"the future", "Nobody can predict the future.", "the future", "DATE", "FUTURE_REF", false, time.Time{}},
		{"recent years", "Crime has fallen in recent years.", "recent years", "DATE", "PAST_REF", false, time.Time{}},
		// Quarters and halves.
		{"quarter", "Profit fell in the third quarter.", "the third quarter", "DATE", "2016-Q3", true, time.Time{}},
		{"quarter adjective", "Third-quarter profit fell.", "Third-quarter", "DATE", "2016-Q3", true, time.Time{}},
		{"quarter of year", "Profit rose in the first quarter of 2015.", "the first quarter of 2015", "DATE", "2015-Q1", false, time.Time{}},
		{"quarter a year earlier", "Profit fell in the third quarter, from $5 million a year earlier.", "a year earlier", "DATE", "2015-Q3", true, time.Time{}},
		{"first half", "Sales rose in the first half.", "the first half", "DATE", "2016-H1", true, time.Time{}},
		{"fiscal year", "Revenue in fiscal 2015 was flat.", "fiscal 2015", "DATE", "2015", false, time.Time{}},
		// Durations.
		{"duration", "The strike lasted three weeks.", "three weeks", "DURATION", "P3W", false, time.Time{}},
		{"duration digits", "Rescuers searched for 36 hours.", "36 hours", "DURATION", "PT36H", false, time.Time{}},
		{"for the past years", "He has led the party for the past two years.", "the past two years", "DURATION", "P2Y", false, time.Time{}},
		{"the past decade", "Rents doubled over the past decade.", "the past decade", "DURATION", "P10Y", false, time.Time{}},
		{"hyphenated duration", "She signed a two-year contract.", "two-year", "DURATION", "P2Y", false, time.Time{}},
		{"first nine months", "Sales rose in the first nine months.", "the first nine months", "DURATION", "P9M", false, time.Time{}},
		{"approximate duration", "The vote took more than four hours.", "more than four hours", "DURATION", "PT4H", false, time.Time{}},
		{"vague duration", "The talks could take a few days.", "a few days", "DURATION", "PXD", false, time.Time{}},
		{"for years", "The house stood empty for years.", "years", "DURATION", "PXY", false, time.Time{}},
		{"age is no duration", "A 6-year-old boy was rescued.", "", "", "", false, time.Time{}},
		{"since year", "Rates have risen since 2014.", "2014", "DATE", "2014", false, time.Time{}},
		// Times of day.
		{"clock", "The blast came at 10:35 a.m.", "10:35 a.m.", "TIME", "2016-11-10T10:35", true, time.Time{}},
		{"clock and day", "The polls closed at 8 p.m. Tuesday.", "8 p.m. Tuesday", "TIME", "2016-11-08T20:00", true, time.Time{}},
		{"noon", "Crowds gathered at noon.", "noon", "TIME", "2016-11-10T12:00", true, time.Time{}},
		// Sets.
		{"daily", "The ferry sails daily.", "daily", "SET", "P1D", false, time.Time{}},
		{"every week", "The council meets every week.", "every week", "SET", "P1W", false, time.Time{}},
		{"each weekday", "The market opens each Thursday.", "each Thursday", "SET", "XXXX-WXX-4", false, time.Time{}},
		{"money a year", "Tuition costs $9,000 a year.", "a year", "SET", "P1Y", false, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := dct
			if !tt.dct.IsZero() {
				d = tt.dct
			}
			got := tg.Find(tt.text, d)
			if tt.want == "" {
				if len(got) != 0 {
					t.Fatalf("%q: found %+v, want nothing", tt.text, got)
				}
				return
			}
			start := strings.Index(tt.text, tt.want)
			for _, x := range got {
				if x.Start < start+len(tt.want) && x.End > start {
					if s := tt.text[x.Start:x.End]; s != tt.want || string(x.Type) != tt.typ || x.Value != tt.val || x.Anchored != tt.anchored {
						t.Errorf("%q: got %q %s %s anchored=%v, want %q %s %s anchored=%v", tt.text, s, x.Type, x.Value, x.Anchored, tt.want, tt.typ, tt.val, tt.anchored)
					}
					return
				}
			}
			t.Errorf("%q: %q not found (found %+v)", tt.text, tt.want, got)
		})
	}
}

// TestFindOffsets checks spans in a text with multi-byte characters before
// and inside the expressions, and that nothing is found twice.
func TestFindOffsets(t *testing.T) {
	tg, _ := New()
	text := "Zürich — «Der Rat» met on Monday; the vote is due next week."
	got := tg.Find(text, dct)
	if len(got) != 2 {
		t.Fatalf("got %+v", got)
	}
	if text[got[0].Start:got[0].End] != "Monday" || text[got[1].Start:got[1].End] != "next week" {
		t.Errorf("spans %q %q", text[got[0].Start:got[0].End], text[got[1].Start:got[1].End])
	}
}

func FuzzFind(f *testing.F) {
	tg, err := New()
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"On Friday, Oct. 23, 1998 at 10:35 a.m. EST", "the year-earlier quarter", "'80s 1990s 7th of May", "two-", "the", "10/", "a.m", "every"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		prev := 0
		for _, x := range tg.Find(s, dct) {
			if x.Start < prev || x.End <= x.Start || x.End > len(s) || x.Value == "" {
				t.Fatalf("bad timex %+v in %q", x, s)
			}
			prev = x.End
		}
	})
}
