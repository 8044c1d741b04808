package host_test

import (
	"context"
	"os"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/chujing/chujing/host"
	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/web"
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

// BenchmarkEvaluate compares the native engine with the same engine in the
// module through wazero, on the typical request and on 1,000 transfers.
func BenchmarkEvaluate(b *testing.B) {
	e := engine(b)
	ctx := context.Background()
	fast, err := host.New(ctx, host.NewConfig().WithCacheDir(cacheDirFor(b)+"-fast").WithoutInterrupts())
	if err != nil {
		b.Fatal(err)
	}
	defer fast.Close(ctx)
	for _, bc := range []struct {
		name string
		req  []byte
	}{{"typical", typical(b)}, {"transfers=1000", largeRequest(b)}} {
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
		b.Run("wazero-without-interrupts/"+bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := fast.EvaluateJSON(ctx, bc.req); err != nil {
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
	b.Run("instantiate", func(b *testing.B) {
		r := wazero.NewRuntime(ctx)
		defer r.Close(ctx)
		wasi_snapshot_preview1.MustInstantiate(ctx, r)
		compiled, err := r.CompileModule(ctx, wasm)
		if err != nil {
			b.Fatal(err)
		}
		cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize")
		for b.Loop() {
			m, err := r.InstantiateModule(ctx, compiled, cfg)
			if err != nil {
				b.Fatal(err)
			}
			m.Close(ctx)
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
