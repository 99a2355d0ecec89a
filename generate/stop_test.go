package generate

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// checkStop feeds full to a stopText in pieces cut at the given byte
// offsets and checks: the streamed text equals the final text, which is
// all of full if no stop string occurs in it, else the text up to the
// first piece that completes one, cut before the earliest stop string in
// it; the stop flag says whether one was found.
func checkStop(t *testing.T, full string, stops []string, cuts []int) {
	t.Helper()
	st := newStopText(stops)
	streamed, prev := "", 0
	want, found := full, false
	for _, c := range append(cuts, len(full)) {
		c = min(max(c, prev), len(full))
		streamed += st.push(full[prev:c])
		prev = c
		best := -1
		for _, s := range stops {
			if i := strings.Index(full[:c], s); i >= 0 && (best < 0 || i < best) {
				best = i
			}
		}
		if best >= 0 && !found {
			want, found = full[:best], true
		}
	}
	streamed += st.flush()
	if st.String() != want || streamed != want || st.stopped != found {
		t.Fatalf("full %q stops %q cuts %v: text %q, streamed %q, stopped %v; want %q, %v",
			full, stops, cuts, st.String(), streamed, st.stopped, want, found)
	}
}

func TestStopTextRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 9))
	const alphabet = "abAB é"
	randText := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(alphabet[rng.IntN(len(alphabet)-2)])
		}
		return b.String()
	}
	for range 3000 {
		full := randText(rng.IntN(30))
		stops := []string{randText(1 + rng.IntN(4))}
		if rng.IntN(2) == 0 {
			stops = append(stops, randText(1+rng.IntN(3)))
		}
		var cuts []int
		for range rng.IntN(8) {
			cuts = append(cuts, rng.IntN(len(full)+1))
		}
		slicesSort(cuts)
		checkStop(t, full, stops, cuts)
	}
	checkStop(t, "Hello worldSTOP!!", []string{"STOP"}, []int{3, 5, 9, 11, 13})
	checkStop(t, "aaab", []string{"aab"}, []int{1, 2, 3}) // overlapping prefix
	checkStop(t, "xyé!", []string{"é!"}, []int{2})
}

func slicesSort(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

func FuzzStopText(f *testing.F) {
	f.Add("Hello worldSTOP!!", "STOP", "wor", uint8(3), uint8(7))
	f.Add("aaaab", "aab", "", uint8(1), uint8(2))
	f.Fuzz(func(t *testing.T, full, stop1, stop2 string, c1, c2 uint8) {
		var stops []string
		for _, s := range []string{stop1, stop2} {
			if s != "" {
				stops = append(stops, s)
			}
		}
		a, b := int(c1)%(len(full)+1), int(c2)%(len(full)+1)
		checkStop(t, full, stops, []int{min(a, b), max(a, b)})
	})
}
