//go:build js && wasm

package client

import (
	"fmt"
	"syscall/js"
)

// StorageTokens keeps seat tokens in the page's localStorage, one key per room, so that a
// reload of the page puts the player back in their seat.
type StorageTokens struct{}

// tokenKey is the localStorage key of a room's seat token.
func tokenKey(room string) string { return "impactkaarten.seat." + room }

// DefaultTokens returns the localStorage store.
func DefaultTokens() (TokenStore, error) {
	if !js.Global().Get("localStorage").Truthy() {
		return nil, fmt.Errorf("client: this page has no localStorage")
	}
	return StorageTokens{}, nil
}

// Load returns the room's token.
func (StorageTokens) Load(room string) (string, bool) {
	v := js.Global().Get("localStorage").Call("getItem", tokenKey(room))
	if v.Type() != js.TypeString || v.String() == "" {
		return "", false
	}
	return v.String(), true
}

// Save keeps the room's token.
func (StorageTokens) Save(room, token string) error {
	js.Global().Get("localStorage").Call("setItem", tokenKey(room), token)
	return nil
}

// Delete forgets the room's token.
func (StorageTokens) Delete(room string) error {
	js.Global().Get("localStorage").Call("removeItem", tokenKey(room))
	return nil
}
