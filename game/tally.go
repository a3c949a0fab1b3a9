package game

import (
	"cmp"
	"math"
	"slices"
)

// VoteResult is the outcome of a revealed statement.
type VoteResult struct {
	Count        int     `json:"count"`
	Distribution [5]int  `json:"distribution"` // Distribution[v-1] votes of value v
	Mean         float64 `json:"mean"`
	Spread       float64 `json:"spread"` // population standard deviation
	Min          int     `json:"min"`
	Max          int     `json:"max"`
	// Apart names the two players furthest apart (the lowest and the highest vote), so the
	// discussion can start with them; zero when everyone agrees. Ties go to the lower seat.
	Apart [2]SeatID `json:"apart"`
	// Of is how many could vote when the votes were revealed: those who voted and the
	// players present who did not (see State.voters). 0 in a room stored before it was kept.
	Of int `json:"of,omitempty"`
}

// Tally computes the distribution, mean, spread and the pair furthest apart of votes.
func Tally(votes []Vote) VoteResult {
	var r VoteResult
	if len(votes) == 0 {
		return r
	}
	lo, hi := votes[0], votes[0]
	sum := 0
	for _, v := range votes {
		r.Distribution[v.Value-1]++
		sum += v.Value
		if v.Value < lo.Value || (v.Value == lo.Value && v.Seat < lo.Seat) {
			lo = v
		}
		if v.Value > hi.Value || (v.Value == hi.Value && v.Seat < hi.Seat) {
			hi = v
		}
	}
	r.Count = len(votes)
	r.Mean = float64(sum) / float64(r.Count)
	sq := 0.0
	for _, v := range votes {
		d := float64(v.Value) - r.Mean
		sq += d * d
	}
	r.Spread = math.Sqrt(sq / float64(r.Count))
	r.Min, r.Max = lo.Value, hi.Value
	if hi.Value > lo.Value {
		r.Apart = [2]SeatID{lo.Seat, hi.Seat}
	}
	return r
}

// Rank is one canvas card's place in the dot ranking.
type Rank struct {
	Card  string `json:"card"`
	Dots  int    `json:"dots"`
	Plus  int    `json:"plus"`
	Place int    `json:"place"` // 1-based; cards with equal dots and +1s share a place
}

// Ranking orders the canvas by dots, then by +1 reactions, then by play order, so ties are
// always broken the same way.
func Ranking(s *State) []Rank { return rank(s.Canvas) }

func rank(canvas []Placed) []Rank {
	type item struct {
		Rank
		seq int
	}
	items := make([]item, len(canvas))
	for i, p := range canvas {
		plus := 0
		for _, r := range p.Reactions {
			if r.Kind == ReactPlus {
				plus++
			}
		}
		items[i] = item{Rank{Card: p.Card, Dots: len(p.Dots), Plus: plus}, p.Seq}
	}
	slices.SortFunc(items, func(a, b item) int {
		if c := cmp.Compare(b.Dots, a.Dots); c != 0 {
			return c
		}
		if c := cmp.Compare(b.Plus, a.Plus); c != 0 {
			return c
		}
		return cmp.Compare(a.seq, b.seq)
	})
	out := make([]Rank, len(items))
	for i, it := range items {
		it.Place = i + 1
		if i > 0 && it.Dots == out[i-1].Dots && it.Plus == out[i-1].Plus {
			it.Place = out[i-1].Place
		}
		out[i] = it.Rank
	}
	return out
}
