package cardpdf

import (
	"bytes"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"impactkaarten/assets"
	"impactkaarten/cards"
	"impactkaarten/game/theme"
)

var out = flag.String("out", "", "also write the printed decks to this directory, to look at")

// fullDeck is the default deck with one card that has every field of the second edition.
func fullDeck(t *testing.T) *cards.Deck {
	t.Helper()
	d, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	full := *d
	full.Cards = append([]cards.Card{{ID: "st-long-source", Kind: cards.Statement,
		Title:  cards.Text{NL: "Een stelling met een lange bron", EN: "A statement with a long source"},
		Source: &cards.Source{Name: "Het Nieuwsblad, Van Gogh-expo van Exhibition Hub trekt miljoenen bezoekers wereldwijd en nog veel meer woorden", Year: 2023}},
		{ID: "tech-full", Kind: cards.Technology,
			Title:     cards.Text{NL: "Generatieve AI voor zaalteksten", EN: "Generative AI for gallery texts"},
			Body:      cards.Text{NL: "Een taalmodel schrijft een eerste versie van zaalteksten en vertalingen; een conservator maakt ze af.", EN: "A language model drafts gallery texts and translations; a curator finishes them."},
			Example:   cards.Text{NL: "Een museum liet in 2025 de Engelse zaalteksten vooraf vertalen en liet ze nakijken.", EN: "In 2025 a museum had its English gallery texts drafted by AI and checked."},
			WatchOut:  cards.Text{NL: "Fouten klinken overtuigend; wie controleert, en wie is eigenaar van de tekst?", EN: "Errors sound convincing; who checks, and who owns the text?"},
			FirstStep: cards.Text{NL: "Laat één zaaltekst schrijven en vergelijk hem met de jouwe.", EN: "Have one text drafted and compare it with yours."},
			Effort:    cards.EffortSmall, Parts: []cards.Part{cards.Aanbod, cards.Bereik},
			Source: &cards.Source{Name: "DEN", Year: 2025, URL: "https://www.den.nl"}, Icon: "robot"}}, d.Cards...)
	full.Index()
	return &full
}

// TestPrint checks the printed deck with pdftotext (poppler-utils): every card's title is on
// a front in the chosen language, there is a sheet of backs for every sheet of fronts, and
// the Dutch letters survive.
func TestPrint(t *testing.T) {
	d := fullDeck(t)
	for _, l := range cards.Langs {
		t.Run(string(l), func(t *testing.T) {
			data, err := Bytes(d, l)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.HasPrefix(data, []byte("%PDF-1.")) {
				t.Fatal("not a PDF")
			}
			if *out != "" {
				if err := os.WriteFile(filepath.Join(*out, Filename(d, l)), data, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			bin, err := exec.LookPath("pdftotext")
			if err != nil {
				t.Skip("pdftotext (poppler-utils) is not installed: the printed text is not checked")
			}
			path := filepath.Join(t.TempDir(), "deck.pdf")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			text, err := exec.Command(bin, "-raw", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatal(err)
			}
			pages := bytes.Split(text, []byte("\f"))
			sheets := (len(d.Cards) + PerPage - 1) / PerPage
			if n := len(pages) - 1; n != 2*sheets {
				t.Errorf("%d pages, want %d (fronts and backs of %d sheets)", n, 2*sheets, sheets)
			}
			flat := strings.Join(strings.Fields(string(text)), " ")
			for _, c := range d.Cards {
				if title := strings.Join(strings.Fields(c.Title.In(l)), " "); !strings.Contains(flat, title) {
					t.Errorf("card %s: its title %q is not printed", c.ID, title)
				}
			}
			want := map[cards.Lang][]string{
				cards.NL: {"Let op:", "Eerste stap:", "Inspanning: klein", "Bron: DEN (2025)", "TECHNOLOGIE", "Aanbod"},
				cards.EN: {"Watch out:", "First step:", "Effort: small", "Source: DEN (2025)", "TECHNOLOGY", "Offer"},
			}[l]
			for _, w := range want {
				if !strings.Contains(flat, w) {
					t.Errorf("the print lacks %q", w)
				}
			}
		})
	}
}

// TestBackMirrored checks that a back lands behind its front when the sheet turns over its
// long edge: column c of the fronts is column 2-c of the backs, in the same row.
func TestBackMirrored(t *testing.T) {
	for i := range PerPage {
		fx, fy := cellOrigin(i, false)
		bx, by := cellOrigin(i, true)
		if fy != by || fx+bx != 2*marginX+2*CardW {
			t.Errorf("card %d: front at %.1f,%.1f, back at %.1f,%.1f", i, fx, fy, bx, by)
		}
	}
	if marginX < 10 || marginY < 10 {
		t.Errorf("margins %.1f × %.1f mm leave no room for cut marks", marginX, marginY)
	}
}

func TestPrintErrors(t *testing.T) {
	if _, err := Bytes(&cards.Deck{}, cards.NL); err == nil {
		t.Error("an empty deck printed")
	}
	if _, err := Bytes(fullDeck(t), "de"); err == nil {
		t.Error("an unknown language printed")
	}
	if got := Filename(&cards.Deck{ID: "Mijn Deck!"}, cards.EN); got != "impactkaarten-mijndeck-en.pdf" {
		t.Errorf("file name %q", got)
	}
}

// TestClip: a long source wraps onto two lines at most, each within the card, the second
// ending in an ellipsis.
func TestClip(t *testing.T) {
	f := fpdf.New("P", "mm", "A4", "")
	f.SetCellMargin(0)
	f.AddUTF8FontFromBytes("Inter", "", assets.InterRegularTTF)
	f.AddUTF8FontFromBytes("Inter", "B", assets.InterSemiBoldTTF)
	p := printer{f: f}
	p.font(false, 6.5, theme.Muted)
	long := "Bron: Het Nieuwsblad, Van Gogh-expo van Exhibition Hub trekt miljoenen bezoekers wereldwijd en nog veel meer woorden (2023)"
	lines := p.clip(long, 2)
	if len(lines) != 2 || !strings.HasSuffix(lines[1], "…") {
		t.Fatalf("lines %q", lines)
	}
	for _, l := range lines {
		if w := f.GetStringWidth(l); w > CardW-2*pad {
			t.Errorf("line %q is %.1f mm, wider than the card's %.1f", l, w, CardW-2*pad)
		}
	}
	if got := p.clip("Bron: DEN (2025)", 2); len(got) != 1 || got[0] != "Bron: DEN (2025)" {
		t.Errorf("a short source: %q", got)
	}
}
