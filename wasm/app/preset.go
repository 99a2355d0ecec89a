package app

import "strings"

// Preset is a task template: an editable prompt and the settings that fit
// the task. Stop strings end a model turn (chat ends at a newline).
type Preset struct {
	Name   string
	Label  string
	Prompt string
	// Overrides of the model's defaults; zero values keep the default.
	MaxNewTokens int
	Temperature  *float64
	Stop         []string
}

func f(v float64) *float64 { return &v }

// Presets lists the tasks of #preset, in the order of its options.
var Presets = []Preset{
	{
		Name:   "free",
		Label:  "Free text",
		Prompt: "ROMEO:\nBut soft, what light",
	},
	{
		Name:  "summarize",
		Label: "Summarization (TL;DR:)",
		Prompt: "The city council met on Tuesday to discuss the new bridge. After three hours of debate, " +
			"members voted seven to two to fund the project, which will connect the old town to the harbour " +
			"and is expected to open in two years.\n\nTL;DR:",
		MaxNewTokens: 40,
		Temperature:  f(0.7),
		Stop:         []string{"\n"},
	},
	{
		Name:  "translate",
		Label: "Translation (English to French)",
		Prompt: "English: Good morning. = French: Bonjour.\n" +
			"English: Thank you very much. = French: Merci beaucoup.\n" +
			"English: Where is the station? = French: Où est la gare ?\n" +
			"English: I like cheese. = French:",
		MaxNewTokens: 24,
		Temperature:  f(0),
		Stop:         []string{"\n"},
	},
	{
		Name:  "qa",
		Label: "Question answering",
		Prompt: "Q: What is the capital of France?\nA: Paris.\n" +
			"Q: How many legs does a spider have?\nA: Eight.\n" +
			"Q: Who wrote Hamlet?\nA:",
		MaxNewTokens: 24,
		Temperature:  f(0),
		Stop:         []string{"\n"},
	},
	{
		Name:  "chat",
		Label: "Chat",
		Prompt: "The following is a conversation with a friendly assistant.\n" +
			"User: Hello, who are you?\nAssistant: I am a small language model running in your browser.\n" +
			"User: What can you do?\nAssistant:",
		MaxNewTokens: 60,
		Temperature:  f(0.8),
		Stop:         []string{"\n"},
	},
}

// PresetByName returns the preset called name, or the first one.
func PresetByName(name string) Preset {
	for _, p := range Presets {
		if p.Name == name {
			return p
		}
	}
	return Presets[0]
}

// ChatTurn appends a finished model turn and the next user turn prefix to
// a chat transcript: the running dialogue the chat preset keeps.
func ChatTurn(transcript, reply string) string {
	return transcript + strings.TrimRight(reply, "\n") + "\nUser: "
}

// ChatPrompt makes sure a chat transcript ends with the assistant's turn
// prefix, so that the model answers as the assistant.
func ChatPrompt(transcript string) string {
	t := strings.TrimRight(transcript, " \n")
	if strings.HasSuffix(t, "Assistant:") {
		return t
	}
	return t + "\nAssistant:"
}
