package cluster

import (
	"context"
	"errors"
	"reflect"
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
