package policy

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

// largeRequest builds a request with n transfers of mixed scenarios.
func largeRequest(n int) []byte {
	scenarios := []string{"other", "contract_performance", "hr_management", "international_trade"}
	var ts []string
	for i := 0; i < n; i++ {
		ts = append(ts, fmt.Sprintf(`{"id":"t%d","scenario":%q,"important_data":"none","personal_information":{"individuals":%d,"sensitive_individuals":%d}}`,
			i, scenarios[i%len(scenarios)], 100+i, i%3))
	}
	return []byte(`{"as_of":"2026-06-01","processor":{"ciio":"no","exported_this_year":{"individuals":1000,"sensitive_individuals":0}},"transfers":[` + strings.Join(ts, ",") + `]}`)
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
	}{{"typical", typical}, {"transfers=1000", largeRequest(1000)}} {
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
