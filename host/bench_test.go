package host_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"

	"github.com/chujing/chujing/host"
	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/web"
)

func largeRequest(n int) []byte {
	scenarios := []string{"other", "contract_performance", "hr_management", "international_trade"}
	var ts []string
	for i := 0; i < n; i++ {
		ts = append(ts, fmt.Sprintf(`{"id":"t%d","scenario":%q,"important_data":"none","personal_information":{"individuals":%d,"sensitive_individuals":%d}}`,
			i, scenarios[i%len(scenarios)], 100+i, i%3))
	}
	return []byte(`{"as_of":"2026-06-01","processor":{"ciio":"no","exported_this_year":{"individuals":1000,"sensitive_individuals":0}},"transfers":[` + strings.Join(ts, ",") + `]}`)
}

// BenchmarkEvaluate compares the native engine with the same engine in the
// module through wazero, on the typical request and on 1,000 transfers.
func BenchmarkEvaluate(b *testing.B) {
	e := engine(b)
	ctx := context.Background()
	for _, bc := range []struct {
		name string
		req  []byte
	}{{"typical", typical(b)}, {"transfers=1000", largeRequest(1000)}} {
		b.Run("native/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				policy.EvaluateJSON(bc.req)
			}
		})
		b.Run("wazero/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := e.EvaluateJSON(ctx, bc.req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkColdStart measures compiling the module without and with a
// warm compilation cache, and instantiating it.
func BenchmarkColdStart(b *testing.B) {
	ctx := context.Background()
	wasm := web.Module()
	b.Run("compile", func(b *testing.B) {
		for b.Loop() {
			r := wazero.NewRuntime(ctx)
			if _, err := r.CompileModule(ctx, wasm); err != nil {
				b.Fatal(err)
			}
			r.Close(ctx)
		}
	})
	b.Run("compile-warm-cache", func(b *testing.B) {
		dir := b.TempDir()
		cache, _ := wazero.NewCompilationCacheWithDir(dir)
		r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(cache))
		r.CompileModule(ctx, wasm) // fill the cache
		r.Close(ctx)
		for b.Loop() {
			cache, _ := wazero.NewCompilationCacheWithDir(dir)
			r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(cache))
			if _, err := r.CompileModule(ctx, wasm); err != nil {
				b.Fatal(err)
			}
			r.Close(ctx)
		}
	})
	b.Run("new-engine-warm-cache", func(b *testing.B) {
		dir := b.TempDir()
		e, _ := host.New(ctx, host.NewConfig().WithCacheDir(dir))
		e.Close(ctx)
		for b.Loop() {
			e, err := host.New(ctx, host.NewConfig().WithCacheDir(dir).WithPoolSize(1))
			if err != nil {
				b.Fatal(err)
			}
			e.Close(ctx)
		}
	})
}

func TestMain(m *testing.M) { os.Exit(m.Run()) }
