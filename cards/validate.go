package cards

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Problem is one thing wrong with a deck, placed as precisely as the source allows.
type Problem struct {
	// Line is the line of the file the problem is on: the CSV line of the card's row or of
	// the cell, or the line of the JSON field (of the card when the field is missing).
	// Zero when there is no file (Validate on a deck built in code) or the problem is about
	// the deck as a whole.
	Line int
	// CardID is the id of the card the problem is about, empty for the deck itself or for a
	// card without an id.
	CardID string
	// Card is the card's 1-based position in the deck, 0 for the deck itself. It names a
	// card that has no id, and places one in a deck that has no lines.
	Card int
	// Field names the field the way the source does: a CSV column ("title_en") or a JSON
	// path ("title.en", "parts[1]"). Empty when the problem is about the whole card or deck.
	Field string
	// Message says what is wrong and, where it is not obvious, how to put it right, in
	// Dutch and English: a deck is loaded by a facilitator in either.
	Message Text
}

// Error formats the problem in English, as In does.
func (p Problem) Error() string { return p.In(EN) }

// In formats the problem in language l as `line 7 (card "tech-x"), title_en: missing
// English translation` (`regel 7 (kaart "tech-x"), title_en: de Engelse vertaling
// ontbreekt`), leaving out the parts that are unknown. Field names stay as the file spells
// them.
func (p Problem) In(l Lang) string {
	lineWord, cardWord := "line", "card"
	if l == NL {
		lineWord, cardWord = "regel", "kaart"
	}
	var b strings.Builder
	card := ""
	switch {
	case p.CardID != "":
		card = fmt.Sprintf("%s %q", cardWord, p.CardID)
	case p.Card > 0:
		card = cardWord + " " + strconv.Itoa(p.Card)
	}
	switch {
	case p.Line > 0 && card != "":
		fmt.Fprintf(&b, "%s %d (%s)", lineWord, p.Line, card)
	case p.Line > 0:
		fmt.Fprintf(&b, "%s %d", lineWord, p.Line)
	default:
		b.WriteString(card)
	}
	if p.Field != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Field)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message.In(l))
	return b.String()
}

// Problems is every problem found in a deck. The loaders and Validate return it as their
// error, so a caller can list the problems one by one with errors.As.
type Problems []Problem

// Error gives the number of problems, then each problem on a line of its own.
func (ps Problems) Error() string {
	var b strings.Builder
	if len(ps) == 1 {
		b.WriteString("1 problem:")
	} else {
		fmt.Fprintf(&b, "%d problems:", len(ps))
	}
	for _, p := range ps {
		b.WriteByte('\n')
		b.WriteString(p.Error())
	}
	return b.String()
}

// err returns ps as an error, or nil when there is nothing wrong: a nil Problems in an
// error interface would not compare equal to nil.
func (ps Problems) err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// Validate checks the deck against the rules of the deck format and reports every
// problem, not just the first:
//
//   - the deck has an id, a version of 1 or more and a name in Dutch and English;
//   - every card has a unique id of lowercase letters, digits, "-" and "_";
//   - every card has a known kind and the fields its kind needs: a title for all kinds,
//     a body for technology and advice cards, and at least one part and an example for
//     technology cards;
//   - every text is given in Dutch and English, within its length limit, without control
//     characters or white space around it;
//   - every part is one of the four parts, once; every card has a known icon;
//   - a watch-out, a first step and an effort only on technology cards, within their
//     limits, the effort one of small, medium or large;
//   - a source has a name, a year from MinSourceYear to MaxSourceYear and, if it has a
//     link, an http(s) address with a site name;
//   - the deck holds at most MaxCards cards, and enough statements and playable cards
//     (technology and blank) for a game with the default settings.
//
// The error is a Problems, or nil when the deck is fine.
func (d *Deck) Validate() error {
	return check(d, nil).err()
}

// fieldRef names a field of a card or of the deck whatever the file format spells it.
type fieldRef struct {
	name  string // the JSON key: "id", "kind", "title", "parts", "name", …
	lang  Lang   // for a text: the translation, or "" for the text as a whole
	index int    // for parts: the element, or -1 for the whole list
}

func field(name string) fieldRef             { return fieldRef{name: name, index: -1} }
func textField(name string, l Lang) fieldRef { return fieldRef{name: name, lang: l, index: -1} }
func partField(i int) fieldRef               { return fieldRef{name: "parts", index: i} }
func (f fieldRef) whole() fieldRef           { return fieldRef{name: f.name, index: -1} }

// jsonPath spells f the way a JSON deck does: "title.en", "parts[1]".
func (f fieldRef) jsonPath() string {
	switch {
	case f.lang != "":
		return f.name + "." + string(f.lang)
	case f.index >= 0:
		return f.name + "[" + strconv.Itoa(f.index) + "]"
	}
	return f.name
}

// A locator tells the validator where a field is in the file the deck came from. Card i
// < 0 means the deck itself.
type locator interface {
	// locate returns the name of field f as the file spells it, and its line (0 if
	// unknown).
	locate(card int, f fieldRef) (name string, line int)
	// present reports whether the file spells out field f (even if empty), so that an
	// empty text there is reported as empty rather than as missing.
	present(card int, f fieldRef) bool
	// reported reports whether reading the file already found field f unreadable, so
	// that the validator does not report it again as missing.
	reported(card int, f fieldRef) bool
}

// noFile is the locator of a deck built in code: JSON names, no lines.
type noFile struct{}

func (noFile) locate(_ int, f fieldRef) (string, int) { return f.jsonPath(), 0 }
func (noFile) present(int, fieldRef) bool             { return false }
func (noFile) reported(int, fieldRef) bool            { return false }

// checker collects the problems of one deck.
type checker struct {
	d     *Deck
	loc   locator
	probs Problems
}

// check checks d, placing the problems with loc (nil: a deck without a file).
func check(d *Deck, loc locator) Problems {
	c := checker{d: d, loc: loc}
	if loc == nil {
		c.loc = noFile{}
	}
	c.deck()
	return c.probs
}

func (c *checker) add(card int, f fieldRef, msg Text) {
	p := Problem{Message: msg}
	if card >= 0 {
		p.Card = card + 1
		p.CardID = c.d.Cards[card].ID
	}
	if f.name != "" {
		p.Field, p.Line = c.loc.locate(card, f)
	}
	c.probs = append(c.probs, p)
}

func (c *checker) deck() {
	d := c.d
	if d == nil {
		c.probs = append(c.probs, Problem{Message: says("geen kaartspel", "no deck")})
		return
	}
	c.id(-1, d.ID)
	switch vf := field("version"); {
	case c.loc.reported(-1, vf) || d.Version >= 1:
	case d.Version == 0 && !c.loc.present(-1, vf):
		c.add(-1, vf, says("versie ontbreekt: een kaartspel heeft een versie, een heel getal vanaf 1",
			"missing version: a deck has a version, a whole number from 1 up"))
	default:
		c.add(-1, vf, says("versie %d: de versie van een kaartspel is een heel getal vanaf 1",
			"version %d: a deck's version is a whole number from 1 up", d.Version))
	}
	c.text(-1, "name", d.Name, true, MaxTitle, says("een kaartspel", "a deck"))

	first := make(map[string]int, len(d.Cards)) // id → index of the first card with it
	for i := range d.Cards {
		card := &d.Cards[i]
		if j, dup := first[card.ID]; dup && card.ID != "" {
			_, line := c.loc.locate(j, field("id"))
			if line > 0 {
				c.add(i, field("id"), says("id %q komt twee keer voor: de kaart op regel %d heeft het ook",
					"duplicate id %q: the card on line %d has it too", card.ID, line))
			} else {
				c.add(i, field("id"), says("id %q komt twee keer voor: kaart %d heeft het ook",
					"duplicate id %q: card %d has it too", card.ID, j+1))
			}
		} else {
			first[card.ID] = i
		}
		c.card(i)
	}

	if n := len(d.Cards); n > MaxCards {
		c.add(-1, fieldRef{}, says("het kaartspel heeft %d kaarten, het maximum is %d",
			"the deck has %d cards, the limit is %d", n, MaxCards))
	}
	if n := d.Count(Statement); n < MinStatements {
		c.add(-1, fieldRef{}, says("het kaartspel heeft %d %s en heeft er minstens %d nodig: een spel speelt standaard %d stellingen",
			"the deck has %d statement %s and needs at least %d: a game plays %d statements by default",
			n, counted(n, says("stelling", "card"), says("stellingen", "cards")), MinStatements, DefaultStatements))
	}
	if n := d.Count(Technology) + d.Count(Blank); n < MinPlayable {
		c.add(-1, fieldRef{}, says("het kaartspel heeft samen %d %s van de soorten technology en blank en heeft er minstens %d nodig: "+
			"elk van %d spelers krijgt standaard %d kaarten in de hand",
			"the deck has %d technology and blank %s together and needs at least %d: "+
				"each of %d players is dealt a hand of %d by default",
			n, counted(n, says("kaart", "card"), says("kaarten", "cards")), MinPlayable, PlannedPlayers, DefaultHandSize))
	}
}

// id checks the id of card i, or of the deck when i < 0.
func (c *checker) id(i int, id string) {
	f := field("id")
	if c.loc.reported(i, f) {
		return
	}
	every := says("elke kaart", "every card")
	if i < 0 {
		every = says("elk kaartspel", "every deck")
	}
	switch {
	case id == "":
		c.add(i, f, says("lege id: %s heeft er een nodig", "empty id: %s needs one", every))
	case !validID(id):
		c.add(i, f, says("ongeldige id %q: gebruik alleen kleine letters, cijfers, \"-\" en \"_\"",
			"bad id %q: use only lowercase letters, digits, \"-\" and \"_\"", id))
	case utf8.RuneCountInString(id) > MaxID:
		c.add(i, f, says("de id is %d tekens lang, het maximum is %d",
			"id is %d characters, the limit is %d", utf8.RuneCountInString(id), MaxID))
	}
}

func validID(id string) bool {
	for _, r := range id {
		if !('a' <= r && r <= 'z' || '0' <= r && r <= '9' || r == '-' || r == '_') {
			return false
		}
	}
	return true
}

// What each kind of card needs besides a title and an icon, which every card needs.
func needsBody(k Kind) bool    { return k == Technology || k == Advice }
func needsExample(k Kind) bool { return k == Technology }
func needsParts(k Kind) bool   { return k == Technology }

// titleLimit is the length limit of a title of kind k. A card of an unknown kind gets the
// larger limit: its kind is reported already.
func titleLimit(k Kind) int {
	if k == Statement || k == Question || !k.Valid() {
		return MaxTitleStatement
	}
	return MaxTitle
}

func (c *checker) card(i int) {
	card := &c.d.Cards[i]
	c.id(i, card.ID)

	kf := field("kind")
	switch {
	case c.loc.reported(i, kf):
	case card.Kind == "":
		c.add(i, kf, says("soort ontbreekt: gebruik %s", "missing kind: use %s", kindList()))
	case !card.Kind.Valid():
		c.add(i, kf, says("onbekende soort %q: gebruik %s", "unknown kind %q: use %s", card.Kind, kindList()))
	}

	who := says("elke kaart", "every card")
	if card.Kind.Valid() {
		who = aCard(card.Kind)
	}
	c.text(i, "title", card.Title, true, titleLimit(card.Kind), who)
	c.text(i, "body", card.Body, needsBody(card.Kind), MaxBody, who)
	c.text(i, "example", card.Example, needsExample(card.Kind), MaxExample, who)
	c.parts(i, card)
	c.technologyOnly(i, card)
	c.source(i, card.Source)
	c.icon(i, card.Icon)
}

// technologyOnly checks the fields that help a director act on a technology: a
// watch-out, a first step and an effort. They are optional, so that older decks load; on
// a card of another kind they are a slip (a statement has no effort) and are reported.
func (c *checker) technologyOnly(i int, card *Card) {
	if card.Kind.Valid() && card.Kind != Technology {
		for _, f := range []struct {
			name string
			set  bool
		}{{"watchOut", !card.WatchOut.IsZero()}, {"firstStep", !card.FirstStep.IsZero()}, {"effort", card.Effort != ""}} {
			if f.set && !c.loc.reported(i, field(f.name)) {
				c.add(i, field(f.name), says("%s hoort alleen bij technologiekaarten: laat het weg uit %s",
					"%s is for technology cards only: leave it out of %s", f.name, aCard(card.Kind)))
			}
		}
		return
	}
	c.text(i, "watchOut", card.WatchOut, false, MaxNote, Text{})
	c.text(i, "firstStep", card.FirstStep, false, MaxNote, Text{})
	ef := field("effort")
	if card.Effort != "" && !card.Effort.Valid() && !c.loc.reported(i, ef) {
		c.add(i, ef, says("onbekende inspanning %q: gebruik %s", "unknown effort %q: use %s", card.Effort, effortList()))
	}
}

// aCard is "a statement card", "een stellingkaart": a card of kind k, with its article.
func aCard(k Kind) Text {
	switch k {
	case Statement:
		return says("een stellingkaart", "a statement card")
	case Technology:
		return says("een technologiekaart", "a technology card")
	case Question:
		return says("een vraagkaart", "a question card")
	case Advice:
		return says("een advieskaart", "an advice card")
	case Blank:
		return says("een blanco kaart", "a blank card")
	}
	return says("een kaart van de soort %s", "a card of kind %s", k)
}

func effortList() Text {
	names := make([]string, len(Efforts))
	for i, e := range Efforts {
		names[i] = string(e)
	}
	return orList(names)
}

// source checks the source of card i: a name, a year in range and, if given, a link a
// browser can open.
func (c *checker) source(i int, s *Source) {
	if s == nil || c.loc.reported(i, field("source")) {
		return
	}
	nf, yf, uf := field("source.name"), field("source.year"), field("source.url")
	switch {
	case c.loc.reported(i, nf):
	case s.Name == "":
		c.add(i, nf, says("naam van de bron ontbreekt: een bron noemt wie het feit publiceerde, met het jaar",
			"missing source name: a source names who published the fact, with its year"))
	case strings.ContainsFunc(s.Name, unicode.IsControl):
		c.add(i, nf, says("de naam van de bron bevat een stuurteken of een regeleinde: schrijf hem op één regel",
			"source name holds a control character or a line break: write it on one line"))
	case utf8.RuneCountInString(s.Name) > MaxSourceName:
		c.add(i, nf, says("de naam van de bron is %d tekens lang, het maximum is %d: noem de uitgever en de titel, niet de hele bronvermelding",
			"source name is %d characters, the limit is %d: name the publisher and the title, not the whole citation",
			utf8.RuneCountInString(s.Name), MaxSourceName))
	}
	switch {
	case c.loc.reported(i, yf):
	case s.Year == 0:
		c.add(i, yf, says("jaar van de bron ontbreekt: een bron heeft het jaar waarin ze verscheen, zoals 2024",
			"missing source year: a source has the year it was published, such as 2024"))
	case s.Year < MinSourceYear || s.Year > MaxSourceYear:
		c.add(i, yf, says("jaar van de bron %d valt buiten het bereik: een jaar van %d tot en met %d",
			"source year %d is out of range: a year from %d to %d", s.Year, MinSourceYear, MaxSourceYear))
	}
	if s.URL != "" && !c.loc.reported(i, uf) {
		if msg := checkURL(s.URL); !msg.IsZero() {
			c.add(i, uf, says("ongeldige link %q: %s", "bad link %q: %s", s.URL, msg))
		}
	}
}

// checkURL says what is wrong with a source's link, or nothing (a zero Text) when a
// browser can open it.
func checkURL(s string) Text {
	if n := utf8.RuneCountInString(s); n > MaxURL {
		return says("hij is %d tekens lang, het maximum is %d", "it is %d characters, the limit is %d", n, MaxURL)
	}
	if strings.ContainsAny(s, " \t\n\r") {
		return says("een link heeft geen spaties of regeleinden", "a link has no spaces or line breaks")
	}
	u, err := url.Parse(s)
	switch {
	case err != nil:
		return says("geen webadres", "not a web address")
	case u.Scheme != "https" && u.Scheme != "http":
		return says("schrijf het hele webadres, beginnend met https://", "write the whole web address, starting with https://")
	case u.Host == "" || !strings.Contains(u.Host, "."):
		return says("het adres heeft geen sitenaam na https://", "the address has no site name after https://")
	}
	return Text{}
}

func kindList() Text {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return orList(names)
}

func partList() Text {
	names := make([]string, len(Parts))
	for i, p := range Parts {
		names[i] = string(p)
	}
	return orList(names)
}

// text checks a text field of card i (or of the deck when i < 0); who is what needs a
// required text ("a technology card").
func (c *checker) text(i int, name string, t Text, required bool, limit int, who Text) {
	whole := field(name)
	if c.loc.reported(i, whole) {
		return
	}
	if t.IsZero() {
		switch {
		case c.loc.present(i, whole) && required:
			c.add(i, whole, says("%s is leeg: %s heeft er een nodig, in het Nederlands en het Engels",
				"empty %s: %s needs one, in Dutch and English", name, who))
		case c.loc.present(i, whole):
			c.add(i, whole, says("%s is leeg: schrijf het in het Nederlands en het Engels, of laat het veld weg",
				"empty %s: write it in Dutch and English, or leave the field out", name))
		case required:
			c.add(i, whole, says("%s ontbreekt: %s heeft er een nodig, in het Nederlands en het Engels",
				"missing %s: %s needs one, in Dutch and English", name, who))
		}
		return
	}
	for _, l := range Langs {
		f := textField(name, l)
		if c.loc.reported(i, f) {
			continue
		}
		s := t.NL
		language := says("Nederlandse", "Dutch")
		if l == EN {
			s, language = t.EN, says("Engelse", "English")
		}
		if s == "" {
			c.add(i, f, says("de %s vertaling ontbreekt", "missing %s translation", language))
			continue
		}
		c.textValue(i, f, s, limit)
	}
}

// textValue checks one translation of a text.
func (c *checker) textValue(i int, f fieldRef, s string, limit int) {
	if !utf8.ValidString(s) {
		// Mostly a spreadsheet saved in the Windows code page instead of UTF-8.
		c.add(i, f, says("de tekst is geen geldige UTF-8: sla het bestand op als UTF-8 (in Excel: \"CSV UTF-8\")",
			"text is not valid UTF-8: save the file as UTF-8 (in Excel: \"CSV UTF-8\")"))
		return
	}
	for _, r := range s {
		if unicode.IsControl(r) && r != '\n' {
			c.add(i, f, says("de tekst bevat het stuurteken %U: alleen regeleinden zijn toegestaan",
				"text holds the control character %U: only line breaks are allowed", r))
			break
		}
	}
	if strings.TrimSpace(s) != s {
		// The loaders trim every text; only a deck built in code gets here.
		c.add(i, f, says("de tekst begint of eindigt met witruimte", "text starts or ends with white space"))
	}
	if n := utf8.RuneCountInString(s); n > limit {
		c.add(i, f, says("de tekst is %d tekens lang, het maximum is %d (wat op een kaart past)",
			"text is %d characters, the limit is %d (what fits on a card face)", n, limit))
	}
}

func (c *checker) parts(i int, card *Card) {
	whole := field("parts")
	if c.loc.reported(i, whole) {
		return
	}
	if len(card.Parts) == 0 {
		if needsParts(card.Kind) {
			c.add(i, whole, says("onderdelen ontbreken: %s heeft er minstens één nodig van %s",
				"missing parts: %s needs at least one of %s", aCard(card.Kind), partList()))
		}
		return
	}
	seen := make(map[Part]bool, len(card.Parts))
	for k, p := range card.Parts {
		f := partField(k)
		switch {
		case c.loc.reported(i, f):
		case p == "":
			c.add(i, f, says("leeg onderdeel: gebruik %s", "empty part: use %s", partList()))
		case !p.Valid() && strings.ContainsAny(string(p), ",; "):
			c.add(i, f, says("onbekend onderdeel %q: gebruik %s, gescheiden door %q",
				"unknown part %q: use %s, separated by %q", p, partList(), PartSeparator))
		case !p.Valid():
			c.add(i, f, says("onbekend onderdeel %q: gebruik %s", "unknown part %q: use %s", p, partList()))
		case seen[p]:
			c.add(i, f, says("onderdeel %q komt twee keer voor", "part %q is listed twice", p))
		}
		seen[p] = true
	}
}

func (c *checker) icon(i int, name string) {
	f := field("icon")
	if c.loc.reported(i, f) {
		return
	}
	if name == "" {
		c.add(i, f, says("pictogram ontbreekt: elke kaart heeft er een nodig, met een naam uit Material Design Icons %s (bijv. \"lightbulb\")",
			"missing icon: every card needs one, named as in Material Design Icons %s (e.g. \"lightbulb\")", IconSetVersion))
		return
	}
	if _, ok := IconRune(name); ok {
		return
	}
	if bare, ok := strings.CutPrefix(name, "mdi-"); ok {
		if _, ok := IconRune(bare); ok {
			c.add(i, f, says("onbekend pictogram %q: schrijf %q, zonder \"mdi-\" ervoor",
				"unknown icon %q: write %q, without the \"mdi-\" prefix", name, bare))
			return
		}
	}
	c.add(i, f, says("onbekend pictogram %q: staat niet in Material Design Icons %s",
		"unknown icon %q: not in Material Design Icons %s", name, IconSetVersion))
}
