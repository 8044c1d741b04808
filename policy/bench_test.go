package policy

import (
	"os"
	"strings"
	"testing"
)

// largeRequest reads the benchmark request with 1,000 transfers of mixed
// scenarios (testdata/bench).
func largeRequest(tb testing.TB) []byte {
	b, err := os.ReadFile("../testdata/bench/transfers-1000.request.json")
	if err != nil {
		tb.Fatal(err)
	}
	return b
}

// BenchmarkEvaluate measures EvaluateJSON, validation included, on the
// typical request (3 transfers, testdata/golden) and on 1,000 transfers.
func BenchmarkEvaluate(b *testing.B) {
	typical, err := os.ReadFile("../testdata/golden/typical-three-transfers.request.json")
	if err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name string
		req  []byte
	}{{"typical", typical}, {"transfers=1000", largeRequest(b)}} {
		b.Run(bc.name, func(b *testing.B) {
			if out := EvaluateJSON(bc.req); !strings.Contains(string(out[:30]), "decision") {
				b.Fatalf("not a decision: %.300s", out)
			}
			b.ReportAllocs()
			b.SetBytes(int64(len(bc.req)))
			for b.Loop() {
				EvaluateJSON(bc.req)
			}
		})
	}
}
