package main

import (
	"bufio"
	"context"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"time"

	"gpt2/generate"
)

// generate runs the generation and prints it: a JSON object, or the text
// (streamed live for one sequence, one after another for several) with
// the statistics on stderr.
func (c *config) generate(ctx context.Context, l *loaded, prompt []int, o generate.Options, stdout, stderr io.Writer) error {
	out := bufio.NewWriter(stdout)
	defer out.Flush()
	live := !c.jsonOut && o.NumReturnSequences == 1
	var emit func(generate.Piece)
	if live {
		head, err := l.tokenizer.Decode(prompt, o.SkipSpecialTokens)
		if err != nil {
			return err
		}
		out.WriteString(head)
		out.Flush()
		emit = func(p generate.Piece) {
			out.WriteString(p.Text)
			out.Flush()
		}
	}
	r, err := generate.Generate(ctx, l.model, l.tokenizer, prompt, o, emit)
	if err != nil {
		return err
	}
	if c.jsonOut {
		enc := json.NewEncoder(out)
		return enc.Encode(r)
	}
	if !live {
		head, err := l.tokenizer.Decode(r.PromptIDs, o.SkipSpecialTokens)
		if err != nil {
			return err
		}
		for i, s := range r.Sequences {
			fmt.Fprintf(out, "=== sequence %d ===\n%s%s\n", i, head, s.Text)
		}
	} else {
		out.WriteString("\n")
	}
	printStats(stderr, r)
	return nil
}

func printStats(w io.Writer, r *generate.Result) {
	reasons := make([]string, len(r.Sequences))
	for i, s := range r.Sequences {
		reasons[i] = s.FinishReason
	}
	s := r.Stats
	ms := func(d time.Duration) string { return d.Round(time.Microsecond * 100).String() }
	fmt.Fprintf(w, "prompt %d tokens, prefill %s, first token %s; %d new tokens in %s (%.1f tokens/s); finish: %s\n",
		s.PromptTokens, ms(s.Prefill), ms(s.TimeToFirstToken), s.NewTokens, ms(s.Decode), s.TokensPerSecond, strings.Join(reasons, ", "))
}

// dumpLogits writes the logits [V] the model gives after the prompt (the
// window of it Generate runs), before any processing, as little-endian
// float32 to file.
func dumpLogits(file string, l *loaded, prompt []int, o generate.Options) error {
	if len(prompt) == 0 {
		if o.BOSTokenID < 0 {
			return fmt.Errorf("-dump-logits: the prompt is empty")
		}
		prompt = []int{o.BOSTokenID}
	}
	logits, err := l.model.NewSession().Append(generate.Window(prompt, l.model.Config().NPositions))
	if err != nil {
		return err
	}
	buf := make([]byte, 4*len(logits))
	for i, v := range logits {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
	}
	return os.WriteFile(file, buf, 0o644)
}

// parseIDs reads "464,2068,7586".
func parseIDs(s string) ([]int, error) {
	var ids []int
	for i, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" && i == 0 && strings.TrimSpace(s) == "" {
			return nil, nil
		}
		id, err := strconv.Atoi(f)
		if err != nil {
			return nil, fmt.Errorf("-prompt-ids: item %d = %q is not a token id", i, f)
		}
		ids = append(ids, id)
	}
	return ids, nil
}
