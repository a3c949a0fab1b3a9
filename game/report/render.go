package report

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Formats lists the export formats Render writes, in the order a menu offers them.
var Formats = [...]string{"md", "html", "pdf", "csv", "ics", "png", "json"}

// ErrUnknownFormat is wrapped by Render's error for a format not in Formats; the relay
// answers it with 400 Bad Request.
var ErrUnknownFormat = errors.New("unknown report format")

// Render writes the report in format (one of Formats; "ics" is the invitation for the
// follow-up meeting) and returns the
// bytes, their Content-Type and a file name such as "impactkaarten-K7P-2QX-2026-11-25.md".
func Render(r *Report, format string) (data []byte, contentType string, filename string, err error) {
	if r == nil {
		return nil, "", "", errors.New("report: no report to render")
	}
	name := Filename(r, format)
	switch format {
	case "md":
		data, contentType = Markdown(r), "text/markdown; charset=utf-8"
	case "html":
		data, err = HTML(r)
		contentType = "text/html; charset=utf-8"
	case "csv":
		data, err = CSV(r)
		contentType = "text/csv; charset=utf-8"
	case "pdf":
		data, err = PDF(r)
		contentType = "application/pdf"
	case "ics":
		data, err = ICS(r)
		contentType = "text/calendar; charset=utf-8; method=PUBLISH"
	case "png":
		data, err = PNG(r)
		contentType = "image/png"
	case "json":
		data, err = JSON(r)
		contentType = "application/json"
	default:
		return nil, "", "", fmt.Errorf("report: %w %q (%s)", ErrUnknownFormat, format, strings.Join(Formats[:], ", "))
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("report: %s: %w", format, err)
	}
	return data, contentType, name, nil
}

// Filename is the file name of the report in format: impactkaarten-<room>-<date>.<format>.
// Only letters, digits and hyphens of the room code are kept, so the name is safe in a
// Content-Disposition header and on every file system.
func Filename(r *Report, format string) string {
	var b strings.Builder
	b.WriteString("impactkaarten-")
	room := strings.Map(func(c rune) rune {
		switch {
		case c >= 'A' && c <= 'Z', c >= 'a' && c <= 'z', c >= '0' && c <= '9', c == '-':
			return c
		}
		return -1
	}, r.Room)
	if room != "" {
		b.WriteString(room)
		b.WriteByte('-')
	}
	b.WriteString(r.Date)
	b.WriteByte('.')
	b.WriteString(format)
	return b.String()
}

// JSON writes the report as indented JSON, the model as it is.
func JSON(r *Report) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false) // the file is not embedded in HTML; keep "&" and "<" readable
	if err := enc.Encode(r); err != nil {
		return nil, fmt.Errorf("encode json: %w", err)
	}
	return buf.Bytes(), nil
}
