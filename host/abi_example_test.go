package host_test

import (
	"context"
	"log"
	"os"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/imports/wasi_snapshot_preview1"
)

// TestABIExample runs the 30-line host of wasm/ABI.md as written there.
func TestABIExample(t *testing.T) {
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	wasi_snapshot_preview1.MustInstantiate(ctx, r)

	wasm, _ := os.ReadFile("../web/site/chujing.wasm")
	mod, err := r.InstantiateWithConfig(ctx, wasm,
		wazero.NewModuleConfig().WithStartFunctions("_initialize"))
	if err != nil {
		log.Fatal(err)
	}
	if v, _ := mod.ExportedFunction("abi_version").Call(ctx); v[0]>>16 != 1 {
		log.Fatal("unknown ABI major version")
	}

	request := []byte(`{"as_of":"2026-06-01","processor":{"ciio":"no"},
  "transfers":[{"id":"t1","important_data":"none",
  "personal_information":{"individuals":150000}}]}`)
	alloc, free := mod.ExportedFunction("alloc"), mod.ExportedFunction("free")
	p, _ := alloc.Call(ctx, uint64(len(request)))
	mod.Memory().Write(uint32(p[0]), request)
	res, _ := mod.ExportedFunction("evaluate").Call(ctx, p[0], uint64(len(request)))
	free.Call(ctx, p[0])
	ptr, size := uint32(res[0]>>32), uint32(res[0])
	out, _ := mod.Memory().Read(ptr, size)
	got := string(out)
	free.Call(ctx, uint64(ptr))

	if !strings.Contains(got, `"route":"standard_contract_or_certification"`) {
		t.Fatalf("got %.300s", got)
	}
}
