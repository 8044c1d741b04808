package host

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
)

// instance is one instantiated module with its exports looked up. It is
// used by one caller at a time.
type instance struct {
	mod                                               api.Module
	alloc, free, evaluate, validate, schema, ics, inf api.Function
}

func (e *Engine) instantiate(ctx context.Context) (*instance, error) {
	cfg := wazero.NewModuleConfig().WithName("").WithStartFunctions("_initialize")
	mod, err := e.rt.InstantiateModule(ctx, e.compiled, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w: instantiate: %v", ErrModule, err)
	}
	in := &instance{mod: mod}
	for name, dst := range map[string]*api.Function{
		"alloc": &in.alloc, "free": &in.free, "evaluate": &in.evaluate,
		"validate": &in.validate, "schema": &in.schema, "ics": &in.ics, "info": &in.inf,
	} {
		if *dst = mod.ExportedFunction(name); *dst == nil {
			mod.Close(ctx)
			return nil, fmt.Errorf("%w: module does not export %s", ErrABI, name)
		}
	}
	v := mod.ExportedFunction("abi_version")
	if v == nil {
		mod.Close(ctx)
		return nil, fmt.Errorf("%w: module does not export abi_version", ErrABI)
	}
	res, err := v.Call(ctx)
	if err != nil {
		mod.Close(ctx)
		return nil, fmt.Errorf("%w: abi_version: %v", ErrModule, err)
	}
	if major := uint32(res[0]) >> 16; major != ABIMajor {
		mod.Close(ctx)
		return nil, fmt.Errorf("%w: module speaks ABI %d, host speaks %d", ErrABI, major, ABIMajor)
	}
	return in, nil
}

// invoke writes input into a buffer from alloc, calls the export and reads
// its packed ptr<<32|len result, freeing both buffers.
func (in *instance) invoke(ctx context.Context, fn string, input []byte) ([]byte, error) {
	var ptr uint64
	if len(input) > 0 {
		res, err := in.alloc.Call(ctx, uint64(len(input)))
		if err != nil {
			return nil, fmt.Errorf("%w: alloc: %v", ErrModule, err)
		}
		ptr = res[0]
		if ptr == 0 || !in.mod.Memory().Write(uint32(ptr), input) {
			return nil, fmt.Errorf("%w: alloc returned no room for %d bytes", ErrModule, len(input))
		}
		defer in.free.Call(ctx, ptr)
	}
	var f api.Function
	switch fn {
	case "evaluate":
		f = in.evaluate
	case "validate":
		f = in.validate
	case "schema":
		f = in.schema
	case "ics":
		f = in.ics
	}
	res, err := f.Call(ctx, ptr, uint64(len(input)))
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrModule, fn, err)
	}
	return in.read(ctx, res[0])
}

func (in *instance) info(ctx context.Context) ([]byte, error) {
	res, err := in.inf.Call(ctx)
	if err != nil {
		return nil, fmt.Errorf("%w: info: %v", ErrModule, err)
	}
	return in.read(ctx, res[0])
}

// read copies a packed result out of the module's memory and frees it.
func (in *instance) read(ctx context.Context, packed uint64) ([]byte, error) {
	ptr, size := uint32(packed>>32), uint32(packed)
	if size == 0 {
		return nil, fmt.Errorf("%w: empty result", ErrModule)
	}
	view, ok := in.mod.Memory().Read(ptr, size)
	if !ok {
		return nil, fmt.Errorf("%w: result out of range", ErrModule)
	}
	out := append([]byte(nil), view...)
	if _, err := in.free.Call(ctx, uint64(ptr)); err != nil {
		return nil, fmt.Errorf("%w: free: %v", ErrModule, err)
	}
	if !json.Valid(out) {
		return nil, fmt.Errorf("%w: result is not JSON", ErrModule)
	}
	return out, nil
}

func (in *instance) close(ctx context.Context) { in.mod.Close(ctx) }
