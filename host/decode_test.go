package host

import (
	stdjson "encoding/json"
	"reflect"
	"testing"

	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/policy/casefile"
)

// TestParseDecisionMatchesEncodingJSON decodes every corpus decision with
// goccy/go-json and with encoding/json and requires the same value.
func TestParseDecisionMatchesEncodingJSON(t *testing.T) {
	files, err := casefile.Load("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, out := range casefile.Run(files, policy.EvaluateJSON).Outputs {
		got, err := parseDecision(out)
		if err != nil {
			continue
		}
		var want policy.Decision
		if err := stdjson.Unmarshal(out, &want); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(*got, want) {
			t.Fatalf("goccy and encoding/json differ for %.200s", out)
		}
		n++
	}
	if n < 100 {
		t.Fatalf("only %d decisions compared", n)
	}
}
