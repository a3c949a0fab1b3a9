package report

import (
	"bytes"
	"encoding/base64"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"impactkaarten/assets"
	"impactkaarten/cards"
	"impactkaarten/game"
	"impactkaarten/game/theme"
)

var update = flag.Bool("update", false, "update golden files")

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./game/report -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file:\n%s\n(run go test ./game/report -update if the change is intended)", name, firstDiff(string(want), string(got)))
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return fmt.Sprintf("line %d:\nwant: %.300s\n got: %.300s", i+1, w, g)
		}
	}
	return "(same lines, different bytes)"
}

var (
	fontData = regexp.MustCompile(`data:font/otf;base64,[A-Za-z0-9+/=]+`)
	pngData  = regexp.MustCompile(`data:image/png;base64,[A-Za-z0-9+/=]+`)
)

// normalHTML replaces the inlined fonts and canvas, about a megabyte of base64 checked
// separately, with short markers, so that the golden file stays readable and diffable.
func normalHTML(page []byte) []byte {
	page = fontData.ReplaceAllFunc(page, func(m []byte) []byte {
		raw, _ := base64.StdEncoding.DecodeString(string(m[len("data:font/otf;base64,"):]))
		name := "unknown font"
		switch {
		case bytes.Equal(raw, assets.InterRegular):
			name = "Inter-Regular.otf"
		case bytes.Equal(raw, assets.InterSemiBold):
			name = "Inter-SemiBold.otf"
		}
		return []byte("data:font/otf;base64,[" + name + "]")
	})
	return pngData.ReplaceAll(page, []byte("data:image/png;base64,[canvas]"))
}

func TestGolden(t *testing.T) {
	sc := newScenario(t)
	for _, lang := range cards.Langs {
		r := sc.build(lang)
		for _, format := range Formats {
			t.Run(string(lang)+"/"+format, func(t *testing.T) {
				data, ctype, name, err := Render(r, format)
				if err != nil {
					t.Fatal(err)
				}
				if want := "impactkaarten-K7P-2QX-2026-11-25." + format; name != want {
					t.Errorf("file name %q, want %q", name, want)
				}
				if ctype == "" {
					t.Error("no content type")
				}
				switch format {
				case "png":
					goldenPNG(t, "report-"+string(lang)+".png", data)
				case "html":
					golden(t, "report-"+string(lang)+".html", normalHTML(data))
				case "pdf":
					goldenPDF(t, "report-"+string(lang)+".pdf.txt", data)
				default:
					golden(t, "report-"+string(lang)+"."+format, data)
				}
			})
		}
	}
}

// goldenPNG compares a PNG with its golden file: byte for byte where the drawing is the
// same, else pixel by pixel with a small tolerance, because floating-point rasterising may
// round differently on another CPU (fused multiply-add on arm64, say).
func goldenPNG(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./game/report -update to create it)", err)
	}
	if bytes.Equal(got, want) {
		return
	}
	gi, err := png.Decode(bytes.NewReader(got))
	if err != nil {
		t.Fatal(err)
	}
	wi, err := png.Decode(bytes.NewReader(want))
	if err != nil {
		t.Fatal(err)
	}
	if gi.Bounds() != wi.Bounds() {
		t.Fatalf("%s: size %v, golden %v", name, gi.Bounds(), wi.Bounds())
	}
	off, total := 0, 0
	b := gi.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			total++
			if colourDistance(gi.At(x, y), wi.At(x, y)) > 24 {
				off++
			}
		}
	}
	if off*1000 > total { // more than 0.1 % of the pixels visibly different
		t.Errorf("%s: %d of %d pixels differ from the golden file", name, off, total)
	}
}

func colourDistance(a, b color.Color) int {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) int {
		if x > y {
			return int(x-y) >> 8
		}
		return int(y-x) >> 8
	}
	return max(d(ar, br), d(ag, bg), d(ab, bb))
}

func TestModel(t *testing.T) {
	sc := newScenario(t)
	r := sc.build(cards.NL)

	t.Run("session", func(t *testing.T) {
		if r.Status != Finished || r.End == nil || r.Start == nil {
			t.Fatalf("status %s, start %v, end %v", r.Status, r.Start, r.End)
		}
		if !r.Start.Equal(sessionStart) {
			t.Errorf("start %v", r.Start)
		}
		if want := int((r.End.Sub(*r.Start) + 30*time.Second) / time.Minute); r.Minutes != want || r.Minutes < 30 {
			t.Errorf("minutes %d, want %d", r.Minutes, want)
		}
		if r.Room != "K7P-2QX" || r.Date != "2026-11-25" || r.Deck.ID != "digitaal-dna" || r.Deck.Name != "Digitaal DNA" {
			t.Errorf("room %q date %q deck %+v", r.Room, r.Date, r.Deck)
		}
	})
	t.Run("participants", func(t *testing.T) {
		want := []Participant{
			{Seat: fenna, Name: "Fenna", Role: RoleFacilitator},
			{Seat: zoe, Name: "Zoë", Role: RolePlayer},
			{Seat: jeroen, Name: "Jeroen", Role: RolePlayer},
			{Seat: danielle, Name: "Daniëlle", Role: RolePlayer, Left: true},
			// The big screen (an observer) watched; it is not a participant.
		}
		if len(r.Participants) != len(want) {
			t.Fatalf("%d participants", len(r.Participants))
		}
		for i, w := range want {
			p := r.Participants[i]
			if p.Seat != w.Seat || p.Name != w.Name || p.Role != w.Role || p.Left != w.Left {
				t.Errorf("participant %d = %+v, want %+v", i, p, w)
			}
		}
	})
	t.Run("statements", func(t *testing.T) {
		if len(r.Statements) != 3 {
			t.Fatalf("%d statements", len(r.Statements))
		}
		s1, s2, s3 := r.Statements[0], r.Statements[1], r.Statements[2]
		if s1.Result == nil || s1.Result.Distribution != [5]int{1, 0, 0, 2, 1} || s1.Result.Mean != 3.5 || s1.Result.Spread != 1.5 {
			t.Errorf("statement 1 result %+v", s1.Result)
		}
		if len(s1.Result.Apart) != 2 || s1.Result.Apart[0].Name != "Zoë" || s1.Result.Apart[1].Name != "Jeroen" {
			t.Errorf("furthest apart %+v", s1.Result.Apart)
		}
		if s1.Insight == "" || s2.Result == nil || s2.Result.Count != 3 {
			t.Errorf("statement 2 %+v", s2)
		}
		if s3.Revealed || s3.Result != nil || s3.Votes != nil || s3.Voters != 2 || s3.Card != sc.unrevealed {
			t.Errorf("unrevealed statement %+v", s3)
		}
	})
	t.Run("canvas", func(t *testing.T) {
		var n int
		for _, col := range r.Canvas {
			n += len(col.Cards)
		}
		if n != 5 || len(r.Canvas[1].Cards) != 2 {
			t.Fatalf("%d cards; bereik holds %d", n, len(r.Canvas[1].Cards))
		}
		own := r.Canvas[0].Cards[0]
		if !own.OwnIdea || own.Title != ownTitle || own.Owner.Name != "Zoë" || own.Plus != 2 || own.Questions != 1 ||
			own.Concerns != 1 || own.Dots != 4 || own.Place != 1 {
			t.Errorf("own idea %+v", own)
		}
		if r.Ranking[0].Card != sc.ownIdea || r.Ranking[1].Card != sc.played[0] || r.Ranking[1].Dots != 3 {
			t.Errorf("ranking %+v", r.Ranking)
		}
	})
	t.Run("actions", func(t *testing.T) {
		if len(r.Actions) != 3 {
			t.Fatalf("%d actions", len(r.Actions))
		}
		if a := r.Actions[0]; a.Owner != "Zoë" || a.NoOwner || a.DueText != "9 december 2026" || a.CardTitle != ownTitle {
			t.Errorf("action 1 %+v", a)
		}
		if a := r.Actions[1]; a.Owner != "Marieke (directeur)" || a.NoOwner {
			t.Errorf("action 2 %+v", a)
		}
		if a := r.Actions[2]; !a.NoOwner || a.Owner != "" || a.Due != "" {
			t.Errorf("action 3 %+v", a)
		}
	})
	t.Run("title and metadata", func(t *testing.T) {
		if r.Title != "Sessieverslag — woensdag 25 november 2026" {
			t.Errorf("title %q", r.Title)
		}
		md := string(Markdown(r))
		if strings.Contains(strings.SplitN(md, "\n", 2)[0], "K7P-2QX") || !strings.Contains(md, "Sessiecode K7P-2QX") {
			t.Errorf("the room code belongs in the metadata, not the heading:\n%s", md[:200])
		}
		titled, err := Build(sc.s, Info{Room: "K7P-2QX", Title: "Digitale strategie 2027", Generated: sc.now.Add(5 * time.Minute)}, cards.NL)
		if err != nil || titled.Title != "Digitale strategie 2027" {
			t.Errorf("a session's own title: %q, %v", titled.Title, err)
		}
	})
	t.Run("page 1 is the summary", func(t *testing.T) {
		for _, lang := range cards.Langs {
			md := string(Markdown(sc.build(lang)))
			lb := labelsFor(lang)
			page1 := md[:strings.Index(md, "## "+lb.Statements)]
			for _, want := range []string{"Fenna (" + lb.Facilitator + ")", "Daniëlle", ownTitle, "Marieke (directeur)",
				lb.NoOwner, lb.Decisions, lb.FollowUpHead} {
				if !strings.Contains(page1, want) {
					t.Errorf("%s: page 1 lacks %q:\n%s", lang, want, page1)
				}
			}
			if strings.Contains(md, "Groot scherm") {
				t.Errorf("%s: the big screen is listed as taking part", lang)
			}
		}
	})
	t.Run("agenda", func(t *testing.T) {
		kinds := []string{}
		total := 0
		for _, it := range r.Agenda.Items {
			kinds = append(kinds, it.Kind)
			total += it.Minutes
		}
		want := []string{AgendaOpen, AgendaReview, AgendaProgress, AgendaOwners, AgendaDiscuss, AgendaPartners, AgendaDecide, AgendaClose}
		if strings.Join(kinds, ",") != strings.Join(want, ",") {
			t.Fatalf("agenda kinds %v, want %v", kinds, want)
		}
		if total != 60 || r.Agenda.Minutes != 60 {
			t.Errorf("the items take %d minutes of %d", total, r.Agenda.Minutes)
		}
		checks := map[string][]string{
			AgendaReview:   {"Terugblik: top 3 prioriteiten (", ownTitle},
			AgendaOwners:   {"Eigenaar kiezen voor: “Budget voor streamingapparatuur verkennen”"},
			AgendaDiscuss:  {"Doorpraten over: “", "(spreiding 1,5)"},
			AgendaPartners: {"Theater & Co", "scholen"},
		}
		for _, it := range r.Agenda.Items {
			for _, s := range checks[it.Kind] {
				if !strings.Contains(it.Text, s) {
					t.Errorf("%s item %q lacks %q", it.Kind, it.Text, s)
				}
			}
		}
		if !strings.Contains(r.Agenda.Purpose, ownTitle) {
			t.Errorf("purpose %q", r.Agenda.Purpose)
		}
		wantDecisions := []string{"Welke prioriteit krijgt als eerste een proef", "Wie neemt op zich wat nog geen eigenaar heeft (1 actie)",
			"minder of niet meer doen", "raad van toezicht"}
		if len(r.Agenda.Decisions) != len(wantDecisions) {
			t.Fatalf("decisions %q", r.Agenda.Decisions)
		}
		for i, w := range wantDecisions {
			if !strings.Contains(r.Agenda.Decisions[i], w) {
				t.Errorf("decision %d %q lacks %q", i, r.Agenda.Decisions[i], w)
			}
		}
		invite := map[string]string{}
		for _, in := range r.Agenda.Invite {
			invite[in.Who] = in.Brings
		}
		// Titles come from the deck, so the test reads them from the report.
		title := func(card string) string {
			for _, col := range r.Canvas {
				for _, c := range col.Cards {
					if c.Card == card {
						return c.Title
					}
				}
			}
			return card
		}
		for who, brings := range map[string]string{"Zoë": "licht “Makerspodcast” toe (prioriteit 1)",
			"Fenna": "“" + title(sc.played[0]) + "”", "Marieke (directeur)": "vertelt hoe het staat met",
			"directie en bestuur": "wijst eigenaren aan", "makers en medewerkers": "werk",
			"Theater & Co": "genoemd in de toelichting bij “" + r.Ranking[2].Title + "”"} {
			if !strings.Contains(invite[who], brings) {
				t.Errorf("invite %s: %q, want it to contain %q (all: %v)", who, invite[who], brings, invite)
			}
		}
		// 25 November + 4 weeks is 23 December, in the Christmas holiday: back to Friday the 18th.
		if r.Agenda.Date != "2026-12-18" || r.Agenda.FollowUp != "Voorgestelde datum: vrijdag 18 december 2026, 60 minuten" {
			t.Errorf("follow-up %q on %s", r.Agenda.FollowUp, r.Agenda.Date)
		}
		en := sc.build(cards.EN)
		if en.Agenda.FollowUp != "Proposed date: Friday 18 December 2026, 60 minutes" ||
			!strings.Contains(en.Agenda.Items[4].Text, "(spread 1.5)") {
			t.Errorf("English agenda %+v", en.Agenda)
		}
	})
}

// TestNoSecrets checks that nothing secret can reach a report: with other values for the
// unrevealed votes, other hands and other pile orders, every format is byte for byte the same.
func TestNoSecrets(t *testing.T) {
	sc := newScenario(t)
	other := sc.secretsChanged()
	for _, lang := range cards.Langs {
		a := sc.build(lang)
		b, err := Build(other, sc.info(), lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, format := range Formats {
			if lang == cards.EN && (format == "png" || format == "html") {
				continue // the drawing is the same in both languages; once is enough (and slow under -race)
			}
			t.Run(string(lang)+"/"+format, func(t *testing.T) {
				da, _, _, err := Render(a, format)
				if err != nil {
					t.Fatal(err)
				}
				db, _, _, err := Render(b, format)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(da, db) {
					t.Fatalf("the %s export changes with the secrets of the session", format)
				}
			})
		}
	}
	t.Run("a player's view gives the same report", func(t *testing.T) {
		// Zoë's view holds her hand and her own unrevealed vote; neither may show.
		want, err := JSON(sc.build(cards.NL))
		if err != nil {
			t.Fatal(err)
		}
		r, err := FromView(game.View(sc.s, zoe), sc.s.Deck, sc.info(), cards.NL)
		if err != nil {
			t.Fatal(err)
		}
		got, err := JSON(r)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(got, want) {
			t.Fatalf("the report from Zoë's view differs:\n%s", firstDiff(string(want), string(got)))
		}
	})
	t.Run("csv has no row of the unrevealed statement", func(t *testing.T) {
		data, err := CSV(sc.build(cards.NL))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte(sc.unrevealed)) {
			t.Fatalf("CSV mentions %s", sc.unrevealed)
		}
	})
	t.Run("json has no votes of the unrevealed statement", func(t *testing.T) {
		r := sc.build(cards.NL)
		st := r.Statements[2]
		data, err := json.Marshal(st)
		if err != nil {
			t.Fatal(err)
		}
		for _, key := range []string{`"votes"`, `"result"`, `"distribution"`, `"value"`} {
			if bytes.Contains(data, []byte(key)) {
				t.Fatalf("unrevealed statement has %s: %s", key, data)
			}
		}
	})
}

// TestAnyMoment exports at every version of the session, from the empty lobby to the end:
// every format renders (the HTML, which draws the PNG, only at the start of each phase, to
// keep the test fast), a
// running session says so, and its duration runs up to the time of the export.
func TestAnyMoment(t *testing.T) {
	sc := newScenario(t)
	deck := sc.s.Deck
	s := game.New(deck, sc.s.Seed, game.DefaultSettings())
	lastPhase := game.Phase("")
	for i := -1; i < len(sc.log); i++ {
		if i >= 0 {
			s.Apply(sc.log[i])
		}
		at := sessionStart.Add(-time.Hour)
		if i >= 0 {
			at = time.UnixMilli(sc.log[i].At).In(cet).Add(time.Minute)
		}
		r, err := Build(s, Info{Room: "K7P-2QX", Generated: at}, cards.NL)
		if err != nil {
			t.Fatalf("version %d: %v", s.Version, err)
		}
		for _, format := range Formats {
			if format == "png" || (format == "html" && s.Phase == lastPhase) {
				continue
			}
			if _, _, _, err := Render(r, format); err != nil {
				t.Fatalf("version %d (%s): %s: %v", s.Version, s.Phase, format, err)
			}
		}
		lastPhase = s.Phase
		switch {
		case s.StartAt == 0:
			if r.Status != NotStarted || r.Minutes != 0 || r.Date != "2026-11-25" {
				t.Fatalf("version %d: lobby report %s %d %s", s.Version, r.Status, r.Minutes, r.Date)
			}
		case !s.Ended:
			want := int((at.Sub(time.UnixMilli(s.StartAt)) + 30*time.Second) / time.Minute)
			if r.Status != Running || r.End != nil || r.Minutes != want {
				t.Fatalf("version %d: running report %s, end %v, %d min (want %d)", s.Version, r.Status, r.End, r.Minutes, want)
			}
			if md := Markdown(r); !bytes.Contains(md, []byte("loopt nog")) {
				t.Fatalf("version %d: the Markdown does not say the session is still running", s.Version)
			}
		}
	}
}

func TestRenderErrors(t *testing.T) {
	sc := newScenario(t)
	r := sc.build(cards.NL)
	for _, format := range []string{"", "docx", "MD", "html "} {
		t.Run(fmt.Sprintf("format %q", format), func(t *testing.T) {
			_, _, _, err := Render(r, format)
			if !errors.Is(err, ErrUnknownFormat) {
				t.Fatalf("error %v, want ErrUnknownFormat", err)
			}
		})
	}
	tests := []struct {
		name string
		s    *game.State
		info Info
		lang cards.Lang
	}{
		{"no state", nil, sc.info(), cards.NL},
		{"unknown language", sc.s, sc.info(), "de"},
		{"no time", sc.s, Info{Room: "K7P-2QX"}, cards.NL},
		{"no deck", &game.State{}, sc.info(), cards.NL},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Build(tc.s, tc.info, tc.lang); err == nil {
				t.Fatal("no error")
			}
		})
	}
	t.Run("session language by default", func(t *testing.T) {
		r, err := Build(sc.s, sc.info(), "")
		if err != nil || r.Lang != cards.NL {
			t.Fatalf("lang %v, err %v", r, err)
		}
	})
}

func TestFilename(t *testing.T) {
	tests := []struct {
		room, date, format, want string
	}{
		{"K7P-2QX", "2026-11-25", "md", "impactkaarten-K7P-2QX-2026-11-25.md"},
		{"", "2026-11-25", "png", "impactkaarten-2026-11-25.png"},
		{`../"x y"\`, "2026-11-25", "csv", "impactkaarten-xy-2026-11-25.csv"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			if got := Filename(&Report{Room: tc.room, Date: tc.date}, tc.format); got != tc.want {
				t.Fatalf("got %q", got)
			}
		})
	}
}

func TestCSV(t *testing.T) {
	sc := newScenario(t)
	for _, tc := range []struct {
		lang   cards.Lang
		comma  rune
		header string
	}{
		{cards.NL, ';', "soort;id;Kaart;Onderdeel;stoel;naam;waarde;tekst;Eigenaar;Datum"},
		{cards.EN, ',', "kind,id,Card,Part,seat,name,value,text,Owner,Due"},
	} {
		t.Run(string(tc.lang), func(t *testing.T) {
			data, err := CSV(sc.build(tc.lang))
			if err != nil {
				t.Fatal(err)
			}
			// Excel reads UTF-8 only with the byte order mark, and splits on the separator of
			// its locale: a semicolon in Dutch Excel, a comma in English Excel.
			body, ok := bytes.CutPrefix(data, []byte("\xef\xbb\xbf"))
			if !ok {
				t.Fatal("CSV lacks the byte order mark Excel needs to read UTF-8")
			}
			if n := bytes.Count(body, []byte("\n")); n == 0 || bytes.Count(body, []byte("\r\n")) != n {
				t.Error("line ends are not CRLF")
			}
			cr := csv.NewReader(bytes.NewReader(body))
			cr.Comma = tc.comma
			rows, err := cr.ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(rows[0], string(tc.comma)) != tc.header {
				t.Fatalf("header %v", rows[0])
			}
			kinds := map[string]int{}
			names := map[string]bool{}
			texts := map[string]bool{}
			for _, row := range rows[1:] {
				kinds[row[0]]++
				names[row[5]] = true
				texts[row[7]] = true
				if row[0] == "dot" && row[6] != "1" {
					t.Errorf("dot row value %q", row[6])
				}
			}
			want := map[string]int{"vote": 4 + 3, "dot": 9, "card": 5, "reaction": 6, "insight": 1, "action": 3}
			for k, n := range want {
				if kinds[k] != n {
					t.Errorf("%d %s rows, want %d (all: %v)", kinds[k], k, n, kinds)
				}
			}
			if !names["Zoë"] || !names["Daniëlle"] {
				t.Errorf("names %v lose their diacritics", names)
			}
			for _, want := range []string{jeroenReason, actionQuote, "Wie betaalt de techniek?"} {
				if !texts[want] {
					t.Errorf("the CSV lacks %q", want)
				}
			}
		})
	}
	if defuse("=HYPERLINK(1)") != "'=HYPERLINK(1)" || defuse("Zoë") != "Zoë" {
		t.Fatal("a formula is not defused")
	}
}

func TestEscaping(t *testing.T) {
	sc := newScenario(t)
	r := sc.build(cards.NL)
	page, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<live>", `"Theater & Co"`, "<vóór kerst>", "<script"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the HTML holds %q unescaped", bad)
		}
	}
	if !bytes.Contains(page, []byte("&lt;live&gt;")) {
		t.Error("the reason with <live> is missing from the HTML")
	}
	md := Markdown(r)
	if !bytes.Contains(md, []byte(`\<live\>`)) || !bytes.Contains(md, []byte(`\*niet\*`)) {
		t.Error("the Markdown does not escape markup in player text")
	}
}

// sourceLink is a link of the appendix, with its text.
var sourceLink = regexp.MustCompile(`<a href="https?://[^"]*">[^<]*</a>`)

// TestHTMLStandalone checks that the page needs nothing from outside: no URL but data URIs,
// no script, the fonts and the canvas inlined in full.
func TestHTMLStandalone(t *testing.T) {
	sc := newScenario(t)
	r := sc.build(cards.NL)
	page, err := HTML(r)
	if err != nil {
		t.Fatal(err)
	}
	// The appendix links to the sources for the reader; a link loads nothing.
	links := sourceLink.ReplaceAll(page, nil)
	for _, bad := range []string{"http://", "https://", "<script", "<link", "@import", `src="//`, "url(//", "url(http"} {
		if bytes.Contains(links, []byte(bad)) {
			t.Errorf("the page holds %q", bad)
		}
	}
	fonts := fontData.FindAll(page, -1)
	if len(fonts) != 2 {
		t.Fatalf("%d inlined fonts, want 2", len(fonts))
	}
	norm := string(normalHTML(page))
	if !strings.Contains(norm, "[Inter-Regular.otf]") || !strings.Contains(norm, "[Inter-SemiBold.otf]") {
		t.Error("the inlined fonts are not Inter Regular and SemiBold")
	}
	m := pngData.Find(page)
	if m == nil {
		t.Fatal("no inlined canvas")
	}
	raw, err := base64.StdEncoding.DecodeString(string(m[len("data:image/png;base64,"):]))
	if err != nil {
		t.Fatal(err)
	}
	want, err := PNG(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(raw, want) {
		t.Error("the inlined canvas is not the canvas PNG")
	}
	if !bytes.Contains(page, []byte("@page { size: A4; margin: 16mm; }")) {
		t.Error("no A4 print rule")
	}
}

// TestPNG decodes the canvas and checks its size, that it is not blank, and that the four
// part colours, the table green and the accent of the dots are in it.
func TestPNG(t *testing.T) {
	sc := newScenario(t)
	for _, lang := range cards.Langs {
		t.Run(string(lang), func(t *testing.T) {
			data, err := PNG(sc.build(lang))
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if b.Dx() != CanvasWidth || b.Dy() < 600 || b.Dy() > 3000 {
				t.Fatalf("size %v", b.Size())
			}
			counts := colourCounts(img)
			if len(counts) < 500 {
				t.Fatalf("only %d distinct colours: the canvas looks blank", len(counts))
			}
			for name, c := range map[string]theme.Color{"aanbod": theme.Aanbod, "bereik": theme.Bereik,
				"impact": theme.Impact, "inkomsten": theme.Inkomsten, "table": theme.Table, "accent": theme.Accent,
				"paper": theme.Paper, "card": theme.White} {
				if counts[c] < 200 {
					t.Errorf("colour %s (%s) covers only %d pixels", name, c.Hex(), counts[c])
				}
			}
			t.Logf("%v, %d bytes, %d colours", b.Size(), len(data), len(counts))
		})
	}
}

func colourCounts(img image.Image) map[theme.Color]int {
	counts := map[theme.Color]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[theme.Color(r>>8<<16|g>>8<<8|bl>>8)]++
		}
	}
	return counts
}

// TestLabels checks that every string of the table exists in both languages.
func TestLabels(t *testing.T) {
	for _, lang := range cards.Langs {
		t.Run(string(lang), func(t *testing.T) {
			lb := labelsFor(lang)
			data, err := json.Marshal(lb)
			if err != nil {
				t.Fatal(err)
			}
			var fields map[string]any
			if err := json.Unmarshal(data, &fields); err != nil {
				t.Fatal(err)
			}
			for k, v := range fields {
				switch v := v.(type) {
				case string:
					if v == "" {
						t.Errorf("%s is empty", k)
					}
				case []any:
					for i, s := range v {
						if s == "" {
							t.Errorf("%s[%d] is empty", k, i)
						}
					}
				}
			}
		})
	}
	for _, tc := range []struct {
		lang cards.Lang
		x    float64
		want string
	}{
		{cards.NL, 2.25, "2,3"}, // half away from zero, as people round
		{cards.EN, 2.25, "2.3"},
		{cards.NL, 1.5, "1,5"},
		{cards.EN, 0.7071, "0.7"},
		{cards.NL, 3, "3,0"},
	} {
		if got := decimal(tc.lang, tc.x); got != tc.want {
			t.Errorf("decimal(%s, %v) = %s, want %s", tc.lang, tc.x, got, tc.want)
		}
	}
}

// TestCrowded renders a report at the limits of the engine (long names, titles and reasons
// of the maximum length, a full canvas, many dots) and checks that the canvas grows to fit
// rather than breaking; the picture goes to testdata/out to be looked at.
func TestCrowded(t *testing.T) {
	r := &Report{Lang: cards.NL, Room: "ABC-123", Generated: sessionStart, Status: Running, Date: "2026-11-25",
		Deck: Deck{ID: "x", Version: 1, Name: "Een eigen deck met een lange naam"}}
	start := sessionStart.Add(-95 * time.Minute)
	r.Start, r.Minutes = &start, 95
	lb := labelsFor(cards.NL)
	longName := strings.Repeat("Wolfeschlegelsteinhausen", 2)[:game.MaxName]
	for i, p := range cards.Parts {
		col := Column{Part: p, Name: lb.PartName[i], Question: lb.PartQuestion[i], Color: theme.Part(p).Hex()}
		for j := 0; j < 10-2*i; j++ {
			c := Card{Card: fmt.Sprintf("c%d-%d", i, j), Title: strings.Repeat("Superlangetitelzonderspaties", 2)[:game.MaxTitle],
				Icon: "no-such-icon", Part: p, Reason: strings.Repeat("Een reden van de maximale lengte. ", 5)[:game.MaxReason],
				Owner: SeatRef{Seat: 1, Name: longName, Color: j}, Plus: 12, Questions: 9, Concerns: 10, Dots: 3 * j, Place: j + 1,
				OwnIdea: j%2 == 0}
			col.Cards = append(col.Cards, c)
			r.Ranking = append(r.Ranking, Ranked{Place: j + 1, Card: c.Card, Title: c.Title, Part: p, Dots: c.Dots})
		}
		r.Canvas = append(r.Canvas, col)
	}
	r.Agenda = Agenda{FollowUp: "x"}
	data, err := PNG(r)
	if err != nil {
		t.Fatal(err)
	}
	img := checkNotBlank(t, "crowded canvas", data, 500)
	if b := img.Bounds(); b.Dx() != CanvasWidth || b.Dy() < 2000 {
		t.Fatalf("crowded canvas is %v", b.Size())
	}
	if err := os.MkdirAll(filepath.Join("testdata", "out"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeOut(t, filepath.Join("testdata", "out", "crowded.png"), data)

	// The PDF of a crowded session: long words that do not fit a line, many pages.
	r.Agenda = Agenda{Minutes: 60, Date: "2026-12-18", DateText: "vrijdag 18 december 2026", FollowUp: "x",
		Items: []AgendaItem{{Kind: AgendaReview, Text: strings.Repeat("Superlangetitelzonderspaties", 4), Minutes: 60}}}
	for i := range 30 {
		r.Actions = append(r.Actions, ActionItem{ID: i + 1, Text: strings.Repeat("Een actie van de maximale lengte. ", 6), Owner: longName, DueText: "9 december 2026"})
	}
	pdf, err := PDF(r)
	if err != nil {
		t.Fatal(err)
	}
	writeOut(t, filepath.Join("testdata", "out", "crowded.pdf"), pdf)
	if text := pdfText(t, pdf); text != "" && (!strings.Contains(text, "30.") || strings.Count(text, "\f") < 4) {
		t.Errorf("the crowded PDF lost actions or pages:\n%.400s", text)
	}
}

// TestRevealedWithoutVotes: the facilitator may reveal a statement nobody voted on; the
// report then says so instead of showing a mean of zero.
func TestRevealedWithoutVotes(t *testing.T) {
	deck, err := cards.Default()
	if err != nil {
		t.Fatal(err)
	}
	sc := &scenario{t: t, s: game.New(deck, 7, game.DefaultSettings()), now: clockStart}
	sc.steps()[0]()
	sc.do(fenna, time.Minute, game.CmdReveal, game.Args{})
	r := sc.build(cards.NL)
	if st := r.Statements[0]; st.Result == nil || st.Result.Count != 0 {
		t.Fatalf("statement %+v", st)
	}
	for _, format := range []string{"md", "html"} {
		data, _, _, err := Render(r, format)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(data, []byte("Niemand heeft gestemd.")) || bytes.Contains(data, []byte("Gemiddeld 0,0")) {
			t.Errorf("the %s export does not say that nobody voted", format)
		}
	}
	if len(r.Agenda.Items) == 0 || r.Status != Running {
		t.Fatalf("agenda %+v, status %s", r.Agenda, r.Status)
	}
}

// TestRoomID: the room's id, when known, is in the JSON export and in the metadata line of
// the Markdown and HTML reports, in both languages.
func TestRoomID(t *testing.T) {
	const id = "0193a5b2-7c1e-7d3f-9a2b-4c5d6e7f8091"
	sc := newScenario(t)
	for _, lang := range cards.Langs {
		r := sc.build(lang)
		r.RoomID = id
		for _, format := range []string{"json", "md", "html"} {
			t.Run(string(lang)+"/"+format, func(t *testing.T) {
				data, _, _, err := Render(r, format)
				if err != nil {
					t.Fatal(err)
				}
				if !strings.Contains(string(data), id) {
					t.Errorf("the %s report lacks the room id", format)
				}
				if format == "json" {
					var back Report
					if err := json.Unmarshal(data, &back); err != nil || back.RoomID != id {
						t.Errorf("roomId read back as %q (%v)", back.RoomID, err)
					}
				}
			})
		}
	}
}

// TestScreenIsNoParticipant: a meeting-room screen that joined the session is in no
// report, neither listed nor counted.
func TestScreenIsNoParticipant(t *testing.T) {
	sc := newScenario(t)
	before := len(sc.build(cards.NL).Participants)
	sc.do(game.System, time.Second, game.CmdJoin, game.Args{Screen: true})
	r := sc.build(cards.NL)
	if len(r.Participants) != before {
		t.Fatalf("%d participants after a screen joined, want %d", len(r.Participants), before)
	}
	for _, p := range r.Participants {
		if p.Name == "" || p.Name == "…" {
			t.Errorf("the report lists %+v", p)
		}
	}
	if md := Markdown(r); strings.Contains(string(md), " … ") {
		t.Errorf("the Markdown report shows an unnamed participant")
	}
}
