package cluster

import (
	"context"
	"errors"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestFeaturesMatchPlace checks that Features gives the keys and bands Place
// stores, and reads nothing else: it neither places nor changes the record.
func TestFeaturesMatchPlace(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	placeAll(t, c, idx, background()...)
	d := contactsA
	d.minhash = minhash(d.body)
	rec := d.record()
	keys, bands, err := c.Features(context.Background(), idx, rec)
	if err != nil {
		t.Fatal(err)
	}
	if rec.Placement.Story != "" || rec.Placement.Keys != nil {
		t.Errorf("Features placed the record: %+v", rec.Placement)
	}
	if len(keys) == 0 || len(bands) != lshBands {
		t.Fatalf("Features = %d keys, %d bands", len(keys), len(bands))
	}
	if err := c.Place(context.Background(), idx, rec); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(keys, rec.Placement.Keys) || !reflect.DeepEqual(bands, rec.Placement.Bands) {
		t.Errorf("Features differs from Place:\n keys %v\n   vs %v\nbands %v\n   vs %v", keys, rec.Placement.Keys, bands, rec.Placement.Bands)
	}

	idx.err = errors.New("index down")
	if _, _, err := c.Features(context.Background(), idx, contactsB.record()); !errors.Is(err, idx.err) {
		t.Errorf("Features with a failing index: %v", err)
	}
	if _, _, err := c.Features(context.Background(), nil, rec); err == nil {
		t.Error("Features with a nil index succeeded")
	}
	if _, _, err := c.Features(context.Background(), idx, nil); err == nil {
		t.Error("Features of a nil record succeeded")
	}
}

// TestNumberKeys checks that figures become keys written one way whatever
// the separators: a magnitude, a toll with a thousands comma and the same
// toll without it, a decimal comma, a score.
func TestNumberKeys(t *testing.T) {
	got := numberKeys("A 6.1 quake killed 1,200 people (1200 by another count); magnitude 6,1. The Sixers are 9-14.", "en")
	want := map[string]int{"n:6.1": 2, "n:1200": 2, "n:9": 1, "n:14": 1}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("numberKeys = %v, want %v", got, want)
	}
	for in, want := range map[string]string{"12,345,678": "12345678", "3,5": "3.5", "1,200.5": "1200.5", "2016": "2016"} {
		if got := normNumber(in, false); got != want {
			t.Errorf("normNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNumberKeysLanguages checks that one figure written the German,
// Russian and English ways is one key: thousands with a point, a space
// (also a no-break one) or a comma, decimals with a comma or a point.
func TestNumberKeysLanguages(t *testing.T) {
	for _, tc := range []struct{ text, lang string }{
		{"27,000 vehicles, 6.1 magnitude", "en"},
		{"27.000 Fahrzeuge, Stärke 6,1", "de"},
		{"27 000 автомобилей, магнитуда 6,1", "ru"},
		{"27\u00a0000 автомобилей, магнитуда 6,1", "ru"},
	} {
		want := map[string]int{"n:27000": 1, "n:6.1": 1}
		if got := numberKeys(tc.text, tc.lang); !reflect.DeepEqual(got, want) {
			t.Errorf("numberKeys(%q, %s) = %v, want %v", tc.text, tc.lang, got, want)
		}
	}
	// A space groups thousands only before exactly three digits.
	if got := numberKeys("в 2031 году 12 домов", "ru"); !reflect.DeepEqual(got, map[string]int{"n:2031": 1, "n:12": 1}) {
		t.Errorf("numberKeys = %v", got)
	}
	if got := normNumber("1.2", true); got != "1.2" {
		t.Errorf("normNumber(1.2, de) = %q", got)
	}
}

// TestPlaceNumberKeys checks that an article's figures are among its keys
// and take a share of its unit-norm vector beside names and words.
func TestPlaceNumberKeys(t *testing.T) {
	c, idx := New(Config{}), newFakeIndex()
	placeAll(t, c, idx, background()...)
	d := contactsA
	d.body += "\nThe embassy counted 47 contacts in 2016."
	rec := d.record()
	if err := c.Place(context.Background(), idx, rec); err != nil {
		t.Fatal(err)
	}
	var num, all float64
	for _, k := range rec.Placement.Keys {
		all += k.Weight * k.Weight
		if strings.HasPrefix(k.Key, numberPrefix) {
			num += k.Weight * k.Weight
		}
	}
	if math.Abs(all-1) > 1e-9 {
		t.Errorf("|keys|² = %v, want 1", all)
	}
	if share := numberShare / (entityShare + termShare + numberShare); math.Abs(num-share) > 1e-9 {
		t.Errorf("numbers hold %v of the norm², want %v (keys %v)", num, share, rec.Placement.Keys)
	}
}
