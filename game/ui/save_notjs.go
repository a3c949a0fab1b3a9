//go:build !js

package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// saveFile writes an export into the user's downloads folder under a name not yet taken
// ("report.md", then "report (2).md", …) and returns where it went.
func saveFile(name, _ string, data []byte) (string, error) {
	dir := downloadsDir()
	ext := filepath.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 1; i < 1000; i++ {
		path := filepath.Join(dir, name)
		if i > 1 {
			path = filepath.Join(dir, fmt.Sprintf("%s (%d)%s", stem, i, ext))
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("save %s: %w", name, err)
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			os.Remove(path) // a half-written export is worse than none
			return "", fmt.Errorf("save %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			os.Remove(path)
			return "", fmt.Errorf("save %s: %w", path, err)
		}
		return path, nil
	}
	return "", fmt.Errorf("save %s: too many files of that name in %s", name, dir)
}

// downloadsDir is where exports go: $XDG_DOWNLOAD_DIR, ~/Downloads, the home folder, or
// the working directory, the first that exists.
func downloadsDir() string {
	var dirs []string
	if d := os.Getenv("XDG_DOWNLOAD_DIR"); d != "" {
		dirs = append(dirs, d)
	}
	if home, err := os.UserHomeDir(); err == nil {
		dirs = append(dirs, filepath.Join(home, "Downloads"), home)
	}
	for _, d := range dirs {
		if info, err := os.Stat(d); err == nil && info.IsDir() {
			return d
		}
	}
	return "."
}
