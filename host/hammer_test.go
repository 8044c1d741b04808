package host_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/chujing/chujing/policy"
)

var hammerCalls = flag.Int("hammer.calls", 10000, "calls per goroutine in TestHammer")

// TestHammer sends 64 goroutines × hammer.calls (10,000) requests through
// one engine and checks every answer against the native engine's. make
// test runs it under -race (~2.5 minutes here). Most requests are small
// and rejected early, a few are full evaluations, so that the run stays
// within CI's time.
func TestHammer(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	e := engine(t)
	type pair struct{ in, want []byte }
	var table []pair
	add := func(in []byte) { table = append(table, pair{in, policy.EvaluateJSON(in)}) }
	golden, _ := filepath.Glob("../testdata/golden/*.request.json")
	for i := 0; i < 500-len(golden); i++ {
		add([]byte(fmt.Sprintf(`{"as_of":%d`, i))) // syntax errors at varied offsets
	}
	for _, g := range golden { // full decisions, provisional ones and a rejected request
		b, err := os.ReadFile(g)
		if err != nil {
			t.Fatal(err)
		}
		add(b)
	}
	const goroutines = 64
	var wg sync.WaitGroup
	errs := make(chan error, goroutines)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < *hammerCalls; i++ {
				p := table[(g*7919+i)%len(table)]
				got, err := e.EvaluateJSON(context.Background(), p.in)
				if err != nil {
					errs <- err
					return
				}
				if !bytes.Equal(got, p.want) {
					errs <- fmt.Errorf("goroutine %d call %d: wrong answer for %q: %.200s", g, i, p.in, got)
					return
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
