//go:build js && wasm

package client

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"syscall/js"

	"impactkaarten/cards"
)

// fetched is the answer of the page's fetch.
type fetched struct {
	status      int
	statusText  string
	contentType string
	disposition string
	body        []byte
}

// fetch makes an HTTP request with the page's fetch. Going through fetch rather than
// net/http keeps net/http and crypto/tls out of the WebAssembly module, which makes it
// megabytes smaller. It waits for the network: call it off the game loop.
func fetch(ctx context.Context, method, u, token, body string) (*fetched, error) {
	return fetchBody(ctx, method, u, token, "application/json", []byte(body))
}

// fetchBody is fetch with a body of any type (none when empty).
func fetchBody(ctx context.Context, method, u, token, contentType string, body []byte) (*fetched, error) {
	type result struct {
		f   *fetched
		err error
	}
	done := make(chan result, 1)
	var funcs []js.Func
	defer func() {
		for _, f := range funcs {
			f.Release()
		}
	}()
	fn := func(f func(js.Value)) js.Func {
		jf := js.FuncOf(func(this js.Value, args []js.Value) any {
			var v js.Value
			if len(args) > 0 {
				v = args[0]
			}
			f(v)
			return nil
		})
		funcs = append(funcs, jf)
		return jf
	}
	fail := fn(func(e js.Value) {
		done <- result{err: fmt.Errorf("%s", e.Call("toString").String())}
	})
	headers := map[string]any{}
	if len(body) > 0 {
		headers["Content-Type"] = contentType
	}
	if token != "" {
		headers["Authorization"] = "Bearer " + token
	}
	opts := map[string]any{"method": method, "headers": headers}
	if len(body) > 0 {
		arr := js.Global().Get("Uint8Array").New(len(body))
		js.CopyBytesToJS(arr, body)
		opts["body"] = arr
	}
	js.Global().Call("fetch", u, opts).Call("then", fn(func(resp js.Value) {
		h := resp.Get("headers")
		header := func(name string) string {
			if v := h.Call("get", name); v.Type() == js.TypeString {
				return v.String()
			}
			return ""
		}
		f := &fetched{status: resp.Get("status").Int(), statusText: resp.Get("statusText").String(),
			contentType: header("Content-Type"), disposition: header("Content-Disposition")}
		resp.Call("arrayBuffer").Call("then", fn(func(buf js.Value) {
			arr := js.Global().Get("Uint8Array").New(buf)
			f.body = make([]byte, arr.Get("length").Int())
			js.CopyBytesToGo(f.body, arr)
			done <- result{f: f}
		}), fail)
	}), fail)
	select {
	case r := <-done:
		return r.f, r.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// CreateRoom asks the relay at base for a new room, with deck (nil: the relay's default). It waits for the network: call it off
// the game loop.
func CreateRoom(ctx context.Context, base string, deck *cards.Deck) (*Room, error) {
	body, err := createBody(deck)
	if err != nil {
		return nil, err
	}
	f, err := fetchBody(ctx, "POST", strings.TrimRight(base, "/")+"/api/rooms", "", "application/json", body)
	if err != nil {
		return nil, noAnswer("create room", err)
	}
	return parseRoom(f.status, f.body)
}

// FetchReport downloads a room's report in format (md, html, csv, png, json) and lang (nl,
// en, or "" for the session's language). token is the room's facilitator token or the
// seat token of the seat that is facilitator now.
func FetchReport(ctx context.Context, base, code, token, format, lang string) (*Download, error) {
	f, err := fetch(ctx, "GET", reportURL(base, code, format, lang), token, "")
	if err != nil {
		return nil, noAnswer("report", err)
	}
	if f.status != 200 {
		return nil, apiError("report", f.status, f.body)
	}
	return &Download{Name: filenameFrom(f.disposition, "impactkaarten."+format), Type: f.contentType, Data: f.body}, nil
}

// FetchDeckPrint downloads a deck as a printable PDF in lang: the room's deck (token as for
// FetchReport), or with code "" the relay's built-in deck (no token).
func FetchDeckPrint(ctx context.Context, base, code, token string, lang cards.Lang) (*Download, error) {
	f, err := fetch(ctx, "GET", printURL(base, code, lang), token, "")
	if err != nil {
		return nil, noAnswer("print deck", err)
	}
	if f.status != 200 {
		return nil, apiError("print deck", f.status, f.body)
	}
	return &Download{Name: filenameFrom(f.disposition, "impactkaarten-deck.pdf"), Type: f.contentType, Data: f.body}, nil
}

// DeleteRoom asks the relay to delete a room and all its data now; token as for
// FetchReport.
func DeleteRoom(ctx context.Context, base, code, token string) error {
	f, err := fetch(ctx, "DELETE", roomURL(base, code), token, "")
	if err != nil {
		return noAnswer("delete room", err)
	}
	if f.status != 204 && f.status != 200 {
		return apiError("delete room", f.status, f.body)
	}
	return nil
}

// UploadDeck replaces the deck of a room in its lobby with a deck file (JSON, or CSV from
// a spreadsheet; name is the file's name); token as for FetchReport. A bad deck's
// problems come back in an *APIError, in lang (nl or en; "" for English).
func UploadDeck(ctx context.Context, base, code, token, name string, lang cards.Lang, data []byte) error {
	f, err := fetchBody(ctx, "PUT", deckURL(base, code, name, lang), token, "application/octet-stream", data)
	if err != nil {
		return noAnswer("load deck", err)
	}
	if f.status != 200 {
		return apiError("load deck", f.status, f.body)
	}
	return nil
}

// FetchDeck gets a deck by its content hash from the relay at base; the browser's cache
// keeps it (the relay marks it immutable).
func FetchDeck(ctx context.Context, base, hash string) (*cards.Deck, error) {
	f, err := fetch(ctx, "GET", deckHashURL(base, hash), "", "")
	if err != nil {
		return nil, noAnswer("deck", err)
	}
	if f.status != 200 {
		return nil, apiError("deck", f.status, f.body)
	}
	return cards.LoadJSON(bytes.NewReader(f.body))
}
