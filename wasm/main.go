//go:build wasip1

// Command wasm is chujing's WebAssembly module: a WASI preview 1 reactor
// that exports the ABI in ABI.md over package policy. Nothing else lives
// here.
package main

import (
	"runtime"
	"unsafe"

	"github.com/chujing/chujing/policy"
	"github.com/chujing/chujing/policy/ics"
	"github.com/chujing/chujing/schemas"
)

// ABI version: hosts refuse a major version they do not know.
const (
	abiMajor = 1
	abiMinor = 1
)

// maxAlloc is the largest buffer a host may ask for. Larger requests are
// refused by alloc (it returns 0) and hosts report too_large themselves.
const maxAlloc = 16 << 20

// live keeps every buffer handed to the host reachable until it is freed,
// so the garbage collector never moves or reclaims memory the host uses.
var live = map[uint32][]byte{}

func main() {}

//go:wasmexport abi_version
func abiVersion() uint32 { return abiMajor<<16 | abiMinor }

//go:wasmexport alloc
func alloc(size uint32) uint32 {
	if size == 0 || size > maxAlloc {
		return 0
	}
	buf := make([]byte, size)
	ptr := uint32(uintptr(unsafe.Pointer(&buf[0])))
	live[ptr] = buf
	return ptr
}

//go:wasmexport free
func free(ptr uint32) { delete(live, ptr) }

//go:wasmexport evaluate
func evaluate(ptr, size uint32) uint64 {
	in, ok := input(ptr, size)
	if !ok {
		return result(policy.BadBufferJSON())
	}
	return result(policy.EvaluateJSON(in))
}

//go:wasmexport validate
func validate(ptr, size uint32) uint64 {
	in, ok := input(ptr, size)
	if !ok {
		return result(policy.BadBufferJSON())
	}
	return result(policy.ValidateJSON(in))
}

//go:wasmexport schema
func schema(ptr, size uint32) uint64 {
	in, ok := input(ptr, size)
	if !ok {
		return result(policy.BadBufferJSON())
	}
	b, found := schemas.Get(string(in))
	if !found {
		return result(policy.UnknownSchemaJSON(string(in)))
	}
	return result(b)
}

//go:wasmexport ics
func icsExport(ptr, size uint32) uint64 {
	in, ok := input(ptr, size)
	if !ok {
		return result(policy.BadBufferJSON())
	}
	return result(ics.CalendarJSON(in))
}

//go:wasmexport info
func info() uint64 { return result(policy.InfoJSON(abiMajor, abiMinor)) }

// input returns the bytes the host wrote into a buffer from alloc, and
// false for a pointer the module did not hand out or a size beyond it.
// A zero size reads as empty input whatever the pointer.
func input(ptr, size uint32) ([]byte, bool) {
	if size == 0 {
		return nil, true
	}
	buf, ok := live[ptr]
	if !ok || int(size) > len(buf) {
		return nil, false
	}
	return buf[:size], true
}

// result hands bytes to the host as ptr<<32 | len; the host frees ptr.
// Before returning it yields once: a WebAssembly module has one thread,
// and the garbage collector's background workers only run when a call
// lets them. Without this a collection can stall between calls and the
// heap grow without bound.
func result(b []byte) uint64 {
	runtime.Gosched()
	if len(b) == 0 {
		return 0
	}
	buf := make([]byte, len(b))
	copy(buf, b)
	ptr := uint32(uintptr(unsafe.Pointer(&buf[0])))
	live[ptr] = buf
	return uint64(ptr)<<32 | uint64(len(buf))
}
