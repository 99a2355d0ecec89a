package protocol

import (
	"strings"
	"testing"
)

func validSettings() Settings {
	return Settings{MaxNewTokens: 16, Temperature: 0.8, TopK: 40, TopP: 0.9, RepetitionPenalty: 1, Seed: 7, NumReturnSequences: 2, Stop: []string{"\n"}}
}

func TestRoundTrip(t *testing.T) {
	msgs := []Message{
		{Kind: KindHello},
		{Kind: KindStop},
		{Kind: KindLoad, Load: &Load{URL: "https://example.org/m/"}},
		{Kind: KindGenerate, Generate: &Generate{Prompt: "<img src=x onerror=alert(1)>\n\"q\"", Settings: validSettings()}},
		{Kind: KindPiece, Piece: &Piece{Seq: 1, Text: "é\x00\u2028"}},
		{Kind: KindDone, Done: &Done{FinishReasons: []string{"eos", "length"}, NewTokens: 3, TokensPerSecond: 12.5}},
		{Kind: KindError, Error: &Error{Code: ErrChecksum, Message: "shard 2"}},
	}
	for _, m := range msgs {
		text, err := Encode(m)
		if err != nil {
			t.Fatalf("Encode(%s): %v", m.Kind, err)
		}
		got, err := Decode(text)
		if err != nil {
			t.Fatalf("Decode(%s): %v", text, err)
		}
		again, err := Encode(got)
		if err != nil || again != text {
			t.Errorf("round trip of %s: %s, then %s (%v)", m.Kind, text, again, err)
		}
	}
}

func TestInvalid(t *testing.T) {
	cases := []struct {
		text, want string
	}{
		{`{"kind":"bogus"}`, `unknown message kind "bogus"`},
		{`{"kind":"piece"}`, "piece message without its payload"},
		{`{"kind":"stop","piece":{"seq":0,"text":"x"}}`, "stop message carries a piece payload"},
		{`{"kind":"generate","generate":{"prompt":"x","settings":{"max_new_tokens":0}}}`, "max_new_tokens = 0"},
		{`{"kind":`, "decoding message"},
	}
	for _, c := range cases {
		_, err := Decode(c.text)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Decode(%s) = %v, want error containing %q", c.text, err, c.want)
		}
	}
}

func TestSettingsValidate(t *testing.T) {
	if err := validSettings().Validate(); err != nil {
		t.Fatalf("valid settings: %v", err)
	}
	cases := map[string]func(*Settings){
		"temperature":          func(s *Settings) { s.Temperature = -1 },
		"top_k":                func(s *Settings) { s.TopK = -1 },
		"top_p":                func(s *Settings) { s.TopP = 0 },
		"repetition_penalty":   func(s *Settings) { s.RepetitionPenalty = 0 },
		"num_return_sequences": func(s *Settings) { s.NumReturnSequences = MaxSequences + 1 },
		"stop":                 func(s *Settings) { s.Stop = []string{""} },
	}
	for name, mutate := range cases {
		s := validSettings()
		mutate(&s)
		err := s.Validate()
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s: Validate = %v, want an error naming it", name, err)
		}
	}
}
