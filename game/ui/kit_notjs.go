//go:build !js

package ui

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"

	"impactkaarten/cards"
	"impactkaarten/cards/cardpdf"
	"impactkaarten/docs"
	"impactkaarten/net/client"
)

// openGuide opens the facilitator's guide in the system's browser: the relay's page, or,
// without a relay, the page made here and saved in the downloads folder.
func openGuide(base string, lang cards.Lang) error {
	if base != "" {
		return openInBrowser(client.GuideURL(base, lang))
	}
	page, err := docs.GuideHTML(lang)
	if err != nil {
		return err
	}
	name := map[cards.Lang]string{cards.NL: "impactkaarten-handleiding.html", cards.EN: "impactkaarten-guide.html"}[lang]
	if name == "" {
		name = "impactkaarten-handleiding.html"
	}
	path, err := saveFile(name, "text/html", page)
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("guide: %w", err)
	}
	return openInBrowser("file://" + filepath.ToSlash(abs))
}

// openInBrowser hands an address to the system, which opens it in the default browser.
func openInBrowser(url string) error {
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		cmd = exec.Command("xdg-open", url)
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("open %s: %w", url, err)
	}
	go func() { _ = cmd.Wait() }() // reap it; the browser lives on without us
	return nil
}

// printLocal prints a practice room's deck here, as the relay would.
func printLocal(_ string, deck *cards.Deck, lang cards.Lang) (*client.Download, error) {
	data, err := cardpdf.Bytes(deck, lang)
	if err != nil {
		return nil, err
	}
	return &client.Download{Name: cardpdf.Filename(deck, lang), Type: "application/pdf", Data: data}, nil
}
