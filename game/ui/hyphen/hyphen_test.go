package hyphen

import "testing"

func TestHyphenate(t *testing.T) {
	nl, err := Load("nl")
	if err != nil {
		t.Fatal(err)
	}
	en, err := Load("en")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		p    *Patterns
		word string
		want string
	}{
		{nl, "publieksgegevens", "pu-blieks-ge-ge-vens"},
		{nl, "AI-hulpmiddelen", "AI-hulp-mid-de-len"},
		{nl, "handschriftherkenning", "hand-schrift-her-ken-ning"},
		{nl, "kort", "kort"},
		{en, "hyphenation", "hy-phen-ation"},
		{en, "accessibility,", "ac-ces-si-bil-ity,"},
	}
	for _, tt := range tests {
		t.Run(tt.word, func(t *testing.T) {
			if got := tt.p.Hyphenate(tt.word); got != tt.want {
				t.Errorf("Hyphenate(%q) = %q, want %q", tt.word, got, tt.want)
			}
		})
	}
}

func TestParseRejects(t *testing.T) {
	for _, in := range []string{"ISO8859-1\na1b\n", "UTF-8\nLEFTHYPHENMIN x\n"} {
		if _, err := Parse([]byte(in)); err == nil {
			t.Errorf("Parse(%q) took it", in)
		}
	}
}

func FuzzPoints(f *testing.F) {
	nl, err := Load("nl")
	if err != nil {
		f.Fatal(err)
	}
	f.Add("publieksgegevens")
	f.Add("AI-hulpmiddelen, ééndagsfestival")
	f.Fuzz(func(t *testing.T, s string) {
		last := 0
		for _, p := range nl.Points(s) {
			if p <= last || p >= len(s) {
				t.Fatalf("point %d out of order or range in %q", p, s)
			}
			last = p
		}
	})
}

func FuzzParse(f *testing.F) {
	f.Add([]byte("UTF-8\nLEFTHYPHENMIN 2\n.a4\naan5\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse(data)
		if err == nil {
			_ = p.Points("publieksgegevens")
		}
	})
}
