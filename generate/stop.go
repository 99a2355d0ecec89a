package generate

import "bytes"

// stopText accumulates one sequence's decoded text and decides what may be
// streamed: text that ends with a prefix of a stop string is held back
// until the next pieces show whether the stop string follows, so nothing
// at or after a stop string is ever emitted.
type stopText struct {
	stops   [][]byte
	longest int    // bytes of the longest stop string
	text    []byte // all decoded text (cut at the stop string once found)
	sent    int    // bytes of text already released
	stopped bool
}

func newStopText(stops []string) *stopText {
	t := &stopText{}
	for _, s := range stops {
		t.stops = append(t.stops, []byte(s))
		t.longest = max(t.longest, len(s))
	}
	return t
}

// push appends a decoded piece and returns the text now safe to stream.
// Once a stop string is found the text is cut before it, stopped is set,
// and later pushes are ignored.
func (t *stopText) push(piece string) string {
	if t.stopped || piece == "" {
		return ""
	}
	old := len(t.text)
	t.text = append(t.text, piece...)
	// A stop string found now must end in the new piece.
	from := max(0, old-t.longest+1)
	cut := -1
	for _, s := range t.stops {
		if i := bytes.Index(t.text[from:], s); i >= 0 && (cut < 0 || from+i < cut) {
			cut = from + i
		}
	}
	if cut >= 0 {
		t.text, t.stopped = t.text[:cut], true
		return t.release(cut)
	}
	return t.release(len(t.text) - t.heldBack())
}

// heldBack returns the length of the longest unreleased suffix of the text
// that is a proper prefix of a stop string.
func (t *stopText) heldBack() int {
	tail := t.text[t.sent:]
	for k := min(len(tail), t.longest-1); k > 0; k-- {
		suffix := tail[len(tail)-k:]
		for _, s := range t.stops {
			if len(s) > k && bytes.HasPrefix(s, suffix) {
				return k
			}
		}
	}
	return 0
}

// flush releases whatever is held back: the sequence has ended.
func (t *stopText) flush() string { return t.release(len(t.text)) }

// release marks text[:end] as sent and returns the newly released part.
func (t *stopText) release(end int) string {
	if end <= t.sent {
		return ""
	}
	out := string(t.text[t.sent:end])
	t.sent = end
	return out
}

// String returns the sequence's text so far (cut before a stop string).
func (t *stopText) String() string { return string(t.text) }
