// Command deckcheck checks Impactkaarten deck files and reports every problem in them, by
// line and field, so that a facilitator can fix a deck before a session.
//
// Usage:
//
//	deckcheck [-csv] [-json] [-comma SEP] [-lang nl|en] [FILE ...]
//	deckcheck -print OUT.pdf [-lang nl|en] [FILE]
//
// With no FILE it checks the built-in default deck. A good deck gets a summary line with
// its counts, then indented lines on the balance of its parts, the watch-outs, first steps
// and efforts of its technology cards, and its sources; a bad one gets every problem on a line of its own, prefixed with the file name. -csv or
// -json writes the first deck to standard output in that format instead (to start a
// spreadsheet from the default deck, or to turn a spreadsheet into a JSON deck); the
// summaries and problems then go to standard error. -print writes the first deck as an A4
// PDF of card fronts and backs with cut marks, to print double-sided and cut out, in the
// language of -lang (Dutch by default). Given, -lang is also the language of the problems
// and summaries, which are in English without it.
//
// Exit status: 0 when every deck is good, 1 when a deck has problems, 2 when a file
// cannot be read or the command line is wrong.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"impactkaarten/cards"
	"impactkaarten/cards/cardpdf"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// The exit statuses.
const (
	exitOK       = 0
	exitProblems = 1
	exitUsage    = 2
)

// run is the whole command, apart from the process: it returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("deckcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	toCSV := fs.Bool("csv", false, "write the first deck as CSV to standard output")
	toJSON := fs.Bool("json", false, "write the first deck as JSON to standard output")
	comma := fs.String("comma", ",", "the CSV separator for -csv: \",\", \";\" (Dutch Excel) or \"tab\"")
	printTo := fs.String("print", "", "write the first deck as a printable A4 PDF of cards to this file")
	lang := fs.String("lang", "nl", "the language of -print (default nl) and, when given, of the problems and summaries (default en): nl or en")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: deckcheck [-csv | -json] [-comma SEP] [-lang nl|en] [FILE ...]")
		fmt.Fprintln(stderr, "       deckcheck -print OUT.pdf [-lang nl|en] [FILE]")
		fmt.Fprintln(stderr, "Checks deck files (.json or .csv); with no FILE, the built-in default deck.")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); errors.Is(err, flag.ErrHelp) {
		return exitOK // asked for
	} else if err != nil {
		return exitUsage
	}
	sep, ok := map[string]rune{",": ',', ";": ';', "tab": '\t', `\t`: '\t'}[*comma]
	if !ok {
		fmt.Fprintf(stderr, "deckcheck: -comma %q: use \",\", \";\" or \"tab\"\n", *comma)
		return exitUsage
	}
	if *toCSV && *toJSON || (*toCSV || *toJSON) && *printTo != "" {
		fmt.Fprintln(stderr, "deckcheck: -csv, -json and -print: choose one")
		return exitUsage
	}
	if l := cards.Lang(*lang); !l.Valid() {
		fmt.Fprintf(stderr, "deckcheck: -lang %q: use nl or en\n", *lang)
		return exitUsage
	}
	// The report is in English unless -lang is given: -lang's default is the printed
	// deck's language, Dutch, and the report's has been English.
	reportLang := cards.EN
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "lang" {
			reportLang = cards.Lang(*lang)
		}
	})
	report := stdout
	if *toCSV || *toJSON {
		report = stderr // standard output holds the deck
	}

	type source struct {
		label string
		load  func() (*cards.Deck, error)
	}
	var sources []source
	if fs.NArg() == 0 {
		sources = append(sources, source{cards.DefaultFile, cards.Default})
	}
	for _, name := range fs.Args() {
		sources = append(sources, source{name, func() (*cards.Deck, error) {
			data, err := os.ReadFile(name)
			if err != nil {
				return nil, err
			}
			return cards.Load(name, data)
		}})
	}

	status := exitOK
	for i, src := range sources {
		d, err := src.load()
		var probs cards.Problems
		switch {
		case errors.As(err, &probs):
			for _, p := range probs {
				fmt.Fprintf(report, "%s: %s\n", src.label, p.In(reportLang))
			}
			fmt.Fprintf(report, "%s: %s\n", src.label, problemCount(len(probs), reportLang))
			status = max(status, exitProblems)
			continue
		case err != nil:
			fmt.Fprintf(stderr, "deckcheck: %v\n", err)
			status = exitUsage
			continue
		}
		fmt.Fprintf(report, "%s: %s\n", src.label, d.SummaryIn(reportLang))
		for _, l := range d.DetailsIn(reportLang) {
			fmt.Fprintf(report, "%s:   %s\n", src.label, l)
		}
		if i > 0 {
			continue
		}
		switch {
		case *toCSV:
			err = cards.WriteCSVComma(stdout, d, sep)
		case *toJSON:
			err = cards.WriteJSON(stdout, d)
		case *printTo != "":
			err = writePrint(*printTo, d, cards.Lang(*lang))
		}
		if err != nil {
			fmt.Fprintf(stderr, "deckcheck: %v\n", err)
			status = exitUsage
		}
	}
	return status
}

// problemCount is the line after a deck's problems: "3 problems", "3 problemen".
func problemCount(n int, l cards.Lang) string {
	switch {
	case l == cards.NL && n == 1:
		return "1 probleem"
	case l == cards.NL:
		return fmt.Sprintf("%d problemen", n)
	case n == 1:
		return "1 problem"
	}
	return fmt.Sprintf("%d problems", n)
}

// writePrint writes the printable deck to the file name.
func writePrint(name string, d *cards.Deck, l cards.Lang) error {
	data, err := cardpdf.Bytes(d, l)
	if err != nil {
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}
