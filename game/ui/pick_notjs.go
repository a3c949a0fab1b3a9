//go:build !js

package ui

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

// pickFile lets the user choose a file with the desktop's file dialog (zenity or kdialog,
// whichever is installed) and hands its name and contents to done, on another goroutine.
// Nothing happens when the dialog is cancelled. Without a dialog program the error says
// how to give the file on the command line instead.
func pickFile(accept string, done func(name string, data []byte, err error)) {
	go func() {
		var cmd *exec.Cmd
		patterns := strings.ReplaceAll(strings.ReplaceAll(accept, ",", " "), ".", "*.")
		switch {
		case haveProgram("zenity"):
			cmd = exec.Command("zenity", "--file-selection", "--title=Impactkaarten", "--file-filter="+patterns)
		case haveProgram("kdialog"):
			cmd = exec.Command("kdialog", "--getopenfilename", ".", patterns)
		default:
			done("", nil, errors.New("no file dialog on this desktop (zenity or kdialog); start the app with -deck FILE instead"))
			return
		}
		var out bytes.Buffer
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			var exit *exec.ExitError
			if errors.As(err, &exit) {
				return // cancelled
			}
			done("", nil, fmt.Errorf("file dialog: %w", err))
			return
		}
		path := strings.TrimSpace(out.String())
		if path == "" {
			return
		}
		data, err := os.ReadFile(path)
		done(path, data, err)
	}()
}

func haveProgram(name string) bool {
	_, err := exec.LookPath(name)
	return err == nil
}
