package game

import "testing"

func TestAppendJoined(t *testing.T) {
	cases := []struct{ table, own, want string }{
		{`{"a":1}`, `{"b":2}`, `{"a":1,"b":2}`},
		{`{"a":1}`, `{}`, `{"a":1}`},
		{`{}`, `{"b":2}`, `{"b":2}`},
		{`{}`, `{}`, `{}`},
	}
	for _, c := range cases {
		t.Run(c.table+c.own, func(t *testing.T) {
			if got := string(AppendJoined([]byte("x"), []byte(c.table), []byte(c.own))); got != "x"+c.want {
				t.Errorf("got %s, want x%s", got, c.want)
			}
		})
	}
}
