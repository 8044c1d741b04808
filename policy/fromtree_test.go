package policy_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/chujing/chujing/policy"
)

// TestRequestFromTreeMatchesEncodingJSON reads every corpus request both
// ways: the engine's own reader and encoding/json must give the same
// Request, so that no field is lost.
func TestRequestFromTreeMatchesEncodingJSON(t *testing.T) {
	n := 0
	for _, f := range loadCorpus(t) {
		for i := range f.Cases {
			b, err := f.Cases[i].Request()
			if err != nil {
				t.Fatal(err)
			}
			got, err := policy.DecodeRequest(b)
			if err != nil {
				continue // rejected requests are covered elsewhere
			}
			var want policy.Request
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(*got, want) {
				t.Errorf("%s: %s:\n got %+v\nwant %+v", f.Path, f.Cases[i].Name, *got, want)
			}
			n++
		}
	}
	if n < 100 {
		t.Fatalf("only %d requests compared", n)
	}
}
