package host_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/policy/casefile"
)

// FuzzABI feeds arbitrary bytes to the module's evaluate export. The
// module must never trap, must answer with JSON matching the decision or
// error schema, must give the same bytes twice, and must agree with the
// native engine. Seeds: every case of the corpora and the golden requests.
// make test runs it for FUZZTIME (20s); run longer with
//
//	go test -run '^$' -fuzz FuzzABI -fuzztime 30m ./host
func FuzzABI(f *testing.F) {
	for _, dir := range []string{"../testdata", "../../shared/cases"} {
		files, err := casefile.Load(dir)
		if err != nil {
			continue
		}
		for _, file := range files {
			for i := range file.Cases {
				if req, err := file.Cases[i].Request(); err == nil {
					f.Add(req)
				}
			}
		}
	}
	golden, _ := filepath.Glob("../testdata/golden/*.request.json")
	for _, g := range golden {
		b, _ := os.ReadFile(g)
		f.Add(b)
	}
	f.Add([]byte(`{"as_of":"2026-06-01","processor":{"ciio":"unknown"},"transfers":[{"id":"a","personal_information":{"individuals":null}}]}`))
	e := engine(f)
	f.Fuzz(func(t *testing.T, in []byte) {
		ctx := context.Background()
		a, err := e.EvaluateJSON(ctx, in)
		if err != nil {
			t.Fatalf("module failed: %v", err)
		}
		if err := policy.CheckOutput(a); err != nil {
			t.Fatalf("output does not match its schema: %v\n%.400s", err, a)
		}
		b, err := e.EvaluateJSON(ctx, in)
		if err != nil || !bytes.Equal(a, b) {
			t.Fatalf("second answer differs (%v)", err)
		}
		if n := policy.EvaluateJSON(in); !bytes.Equal(a, n) {
			t.Fatalf("module and native differ:\n%.300s\n%.300s", a, n)
		}
	})
}
