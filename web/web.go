// Package web embeds the static checker (web/site): the page, its
// scripts and the built module, chujing.wasm. The files are served as
// they are by any static host, by `chujing serve`, and read by the Go
// host, which runs the same module.
package web

import (
	"embed"
	"io/fs"
)

//go:embed site
var site embed.FS

// ModulePath is the module's path inside the site.
const ModulePath = "chujing.wasm"

// Site returns the static site's files, rooted at web/site.
func Site() fs.FS {
	sub, err := fs.Sub(site, "site")
	if err != nil {
		panic(err)
	}
	return sub
}

// Module returns the built WebAssembly module, web/site/chujing.wasm.
func Module() []byte {
	b, err := site.ReadFile("site/" + ModulePath)
	if err != nil {
		panic("web: site/chujing.wasm is missing; run make wasm")
	}
	return b
}
