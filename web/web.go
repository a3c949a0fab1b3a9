// Package web carries the built browser client into the relay binary, so that one file
// serves everything. scripts/build-web.sh (make web) writes the client into build/: the
// page, wasm_exec.js, impactkaarten.wasm and their .br/.gz copies. That output is never
// committed; build/ holds only unbuilt.html in the repository, the page a relay built
// before any client build serves instead, saying how to build the client.
package web

import (
	"embed"
	"errors"
	"io/fs"
)

//go:embed build
var files embed.FS

// Index is the name of the client's page.
const Index = "index.html"

// Client returns the files of the embedded web client, rooted at the page. Without a built
// client the page is unbuilt.html.
func Client() fs.FS {
	sub, err := fs.Sub(files, "build")
	if err != nil {
		panic(err) // "build" is a valid path, so fs.Sub cannot fail
	}
	return client{sub}
}

// Built reports whether a client was built into the binary.
func Built() bool {
	_, err := fs.Stat(files, "build/"+Index)
	return err == nil
}

type client struct{ fs.FS }

func (c client) Open(name string) (fs.File, error) {
	f, err := c.FS.Open(name)
	if name == Index && errors.Is(err, fs.ErrNotExist) {
		return c.FS.Open("unbuilt.html")
	}
	return f, err
}
