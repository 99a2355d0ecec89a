package app

import (
	"strings"
	"testing"

	"gpt2/model"
	"gpt2/wasm/protocol"
)

func TestSettingsRoundTrip(t *testing.T) {
	want := protocol.Settings{MaxNewTokens: 32, Temperature: 0.7, TopK: 40, TopP: 0.95, RepetitionPenalty: 1.1, Seed: 1 << 60, NumReturnSequences: 3, Stop: []string{"\n"}}
	got, err := ParseSettings(FormValues(want), want.Stop)
	if err != nil {
		t.Fatal(err)
	}
	if got.MaxNewTokens != want.MaxNewTokens || got.Temperature != want.Temperature || got.TopK != want.TopK ||
		got.TopP != want.TopP || got.RepetitionPenalty != want.RepetitionPenalty || got.Seed != want.Seed ||
		got.NumReturnSequences != want.NumReturnSequences || len(got.Stop) != 1 || got.Stop[0] != "\n" {
		t.Errorf("round trip: got %+v, want %+v", got, want)
	}
}

func TestParseSettingsNamesField(t *testing.T) {
	base := FormValues(protocol.Settings{MaxNewTokens: 8, TopP: 1, RepetitionPenalty: 1, NumReturnSequences: 1})
	cases := map[string]string{
		FieldMaxNewTokens: "ten", FieldTemperature: "hot", FieldTopK: "1.5",
		FieldSeed: "-3", FieldNumSequences: "", FieldTopP: "x",
	}
	for id, v := range cases {
		vals := map[string]string{}
		for k, x := range base {
			vals[k] = x
		}
		vals[id] = v
		_, err := ParseSettings(vals, nil)
		if err == nil || !strings.Contains(err.Error(), id) {
			t.Errorf("%s = %q: error %v, want one naming the field", id, v, err)
		}
	}
	vals := base
	vals[FieldTopP] = "2"
	if _, err := ParseSettings(vals, nil); err == nil || !strings.Contains(err.Error(), "top_p") {
		t.Errorf("top-p 2: error %v, want a range error", err)
	}
}

func TestPresets(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Presets {
		if seen[p.Name] || p.Prompt == "" {
			t.Errorf("preset %q duplicated or empty", p.Name)
		}
		seen[p.Name] = true
	}
	for _, name := range []string{"free", "summarize", "translate", "qa", "chat"} {
		if !seen[name] {
			t.Errorf("preset %q missing", name)
		}
	}
	if !strings.HasSuffix(PresetByName("summarize").Prompt, "TL;DR:") {
		t.Error("summarize preset does not end with TL;DR:")
	}
	if got := PresetByName("nope").Name; got != Presets[0].Name {
		t.Errorf("unknown preset gives %q, want the first", got)
	}
	chat := PresetByName("chat")
	if len(chat.Stop) != 1 || chat.Stop[0] != "\n" {
		t.Errorf("chat stop strings = %q, want [\"\\n\"]", chat.Stop)
	}
	next := ChatTurn(chat.Prompt, " I can write.\n")
	if !strings.HasSuffix(next, "Assistant: I can write.\nUser: ") {
		t.Errorf("ChatTurn = %q", next)
	}
	if got := ChatPrompt(next + "Tell me a story."); !strings.HasSuffix(got, "User: Tell me a story.\nAssistant:") {
		t.Errorf("ChatPrompt = %q", got)
	}
}

func TestProgressText(t *testing.T) {
	cases := []struct {
		p    protocol.Progress
		want string
	}{
		{protocol.Progress{Done: 0, Total: 0}, "0 B of 0 B (0%)"},
		{protocol.Progress{Done: 1500, Total: 3000}, "1.5 kB of 3.0 kB (50%)"},
		{protocol.Progress{Done: 134_000_000, Total: 134_000_000}, "134.0 MB of 134.0 MB (100%)"},
		{protocol.Progress{Done: 5, Total: 4}, "5 B of 4 B (100%)"},
	}
	for _, c := range cases {
		if got := ProgressText(c.p); got != c.want {
			t.Errorf("ProgressText(%+v) = %q, want %q", c.p, got, c.want)
		}
	}
}

func TestOptions(t *testing.T) {
	greedy := Defaults(nil)
	if greedy.Temperature != 0 || greedy.MaxNewTokens != DefaultMaxNewTokens {
		t.Errorf("Defaults(nil) = %+v, want greedy (temperature 0) and %d new tokens", greedy, DefaultMaxNewTokens)
	}
	o := Options(greedy, nil)
	if o.Sampling() || o.MaxNewTokens != DefaultMaxNewTokens {
		t.Errorf("greedy settings give %+v", o)
	}
	if err := o.Validate(); err != nil {
		t.Errorf("greedy options: %v", err)
	}
	s := greedy
	s.Temperature, s.Seed, s.NumReturnSequences, s.Stop = 0.9, 42, 3, []string{"\n"}
	o = Options(s, nil)
	if !o.Sampling() || o.Temperature != 0.9 || o.Seed != 42 || o.NumReturnSequences != 3 || len(o.Stop) != 1 {
		t.Errorf("sampled settings give %+v", o)
	}
	if err := o.Validate(); err != nil {
		t.Errorf("sampled options: %v", err)
	}
	yes, temp, n := true, 0.7, 100
	d := Defaults(&model.GenerationConfig{DoSample: &yes, Temperature: &temp, MaxNewTokens: &n})
	if d.Temperature != 0.7 || d.MaxNewTokens != 100 {
		t.Errorf("Defaults(sampling config) = %+v", d)
	}
}
