package policy

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzEvaluateJSON checks the native engine on arbitrary bytes: no panic
// (an internal error), output matching its schema, the same bytes twice,
// and a reader that accepts no document encoding/json finds invalid.
func FuzzEvaluateJSON(f *testing.F) {
	golden, _ := filepath.Glob("../testdata/golden/*.request.json")
	for _, g := range golden {
		b, _ := os.ReadFile(g)
		f.Add(b)
	}
	f.Add([]byte(validRequest))
	f.Add([]byte(`{"a":"\ud83d\ude00","b":[1,2.5e3,-0,{}],"c":null}`))
	f.Fuzz(func(t *testing.T, in []byte) {
		out := EvaluateJSON(in)
		if bytes.Contains(out, []byte(`"code":"internal"`)) {
			t.Fatalf("internal error for %q: %s", in, out)
		}
		if err := CheckOutput(out); err != nil {
			t.Fatalf("output does not match its schema: %v\n%s", err, out)
		}
		if !bytes.Equal(out, EvaluateJSON(in)) {
			t.Fatal("not deterministic")
		}
		if _, probs := parseTree(in); probs == nil && !json.Valid(in) {
			t.Fatalf("reader accepted what encoding/json rejects: %q", in)
		}
	})
}
