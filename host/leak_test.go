package host_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"

	"github.com/chujing/chujing/web"
)

// TestNoLeak calls one instance CHUJING_LEAK_CALLS times (default
// 200,000; run it with 1000000 for the million-call check in BENCHMARKS.md)
// through the raw ABI, freeing what it gets, and checks that
// the module's memory stops growing: what the second half of the calls
// adds must be nothing.
func TestNoLeak(t *testing.T) {
	if testing.Short() {
		t.Skip("short")
	}
	calls := 200000
	if s := os.Getenv("CHUJING_LEAK_CALLS"); s != "" {
		calls, _ = strconv.Atoi(s)
	}
	ctx := context.Background()
	cache, _ := wazero.NewCompilationCacheWithDir(cacheDirFor(t))
	r := wazero.NewRuntimeWithConfig(ctx, wazero.NewRuntimeConfig().WithCompilationCache(cache))
	defer r.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, r)
	mod, err := r.InstantiateWithConfig(ctx, web.Module(), wazero.NewModuleConfig().WithStartFunctions("_initialize"))
	if err != nil {
		t.Fatal(err)
	}
	alloc, free, evaluate := mod.ExportedFunction("alloc"), mod.ExportedFunction("free"), mod.ExportedFunction("evaluate")
	inputs := [][]byte{[]byte(`{"as_of":`), []byte(`[]`), []byte(`{"as_of":"2026-06-01","processor":{},"transfers":[]}`)}
	typicalReq := typical(t)
	call := func(in []byte) {
		p, err := alloc.Call(ctx, uint64(len(in)))
		if err != nil {
			t.Fatal(err)
		}
		mod.Memory().Write(uint32(p[0]), in)
		res, err := evaluate.Call(ctx, p[0], uint64(len(in)))
		if err != nil {
			t.Fatal(err)
		}
		free.Call(ctx, p[0])
		free.Call(ctx, res[0]>>32)
	}
	var half uint32
	for i := 0; i < calls; i++ {
		if i%1000 == 0 {
			call(typicalReq)
		} else {
			call(inputs[i%len(inputs)])
		}
		if i == calls/2 {
			half = mod.Memory().Size()
		}
		if i%(calls/10) == 0 {
			t.Logf("after %d calls: memory %d bytes", i, mod.Memory().Size())
		}
	}
	if end := mod.Memory().Size(); end > half {
		t.Errorf("memory grew from %d to %d bytes over the second half of %d calls", half, end, calls)
	}
	t.Logf("%d calls, memory %d bytes", calls, mod.Memory().Size())
}

func cacheDirFor(t testing.TB) string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return t.TempDir()
	}
	return dir + "/chujing/wazero-test"
}
